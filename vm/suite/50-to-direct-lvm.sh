# VM suite job: the full migration loop-lvm -> direct-lvm on the blank /dev/vdb with the real binary.
#   h. plan --to direct-lvm --device /dev/vdb + run --plan --yes (exit 2); afterwards docker info says
#      devicemapper on the new LVM thin pool (no loop file), lvs shows the thin pool on /dev/vdb, and the same
#      image, tag, diffID, volume, container and dirty-change checks as job 30 pass; report.json says verified;
#      verify passes on the export store.
# dockerd runs under `--daemon-control command` (the guest has no systemd), configured only by daemon.json.
# Run by scripts/vm-suite.sh (bash, in the guest, cwd /host, with lib.sh and the drivershift binary beside it).
# vm-suite: --disk-b 8G
. /host/lib.sh
plan guest-binary dockerd-ready \
    h-plan h-run h-report-verified h-verify-export h-driver h-lvs \
    h-image-ids h-tags h-diffids h-volume h-containers h-dirty-change

step check-binary
check_binary || exit 1

step dockerd-start
install_daemon_scripts '{"storage-driver": "devicemapper", "bridge": "none", "iptables": false, "ip-masq": false}'
if "$DS_START"; then
    pass dockerd-ready "$(docker version --format '{{.Server.Version}}') $(docker info --format '{{.Driver}}'), daemon.json: $(tr '\n' ' ' </etc/docker/daemon.json)"
else
    fail dockerd-ready "see out/dockerd.log"
    exit 1
fi

step estate
make_estate
docker images -a
docker ps -a

step capture-before
capture_state "$OUT/before"

# ---- h: the migration --------------------------------------------------------------------------------------
step h-plan
if ! migrate h --to direct-lvm --device /dev/vdb; then
    # The host state after a failed run shows what the rollback kept, but none of the after-checks can pass.
    for c in h-driver h-lvs h-image-ids h-tags h-diffids h-volume h-containers h-dirty-change; do fail "$c" "not checked: the migration did not finish (see h-run, out/ds/h-run.err)"; done
    "$DS_STOP"
    exit 1
fi

step h-after
docker info --format '{{json .}}' >"$OUT/after-info.json" 2>&1
driver=$(jq -r .Driver "$OUT/after-info.json")
pool=$(jq -r '.DriverStatus[]? | select(.[0] == "Pool Name") | .[1]' "$OUT/after-info.json")
loopfile=$(jq -r '.DriverStatus[]? | select(.[0] == "Data loop file") | .[1]' "$OUT/after-info.json")
target=$(dmsetup status "$pool" 2>&1 | awk '{print $3}')
if [ "$driver" = devicemapper ] && [ -n "$pool" ] && [ -z "$loopfile" ] && [ "$target" = thin-pool ] &&
    ! losetup -a | grep -q devicemapper; then
    pass h-driver "devicemapper, pool $pool (dmsetup: $target), no data loop file, no loop device; daemon.json: $(tr '\n' ' ' </etc/docker/daemon.json)"
else
    fail h-driver "driver $driver, pool '$pool' (dmsetup target '$target'), data loop file '$loopfile', losetup: $(losetup -a | tr '\n' ' '); daemon.json: $(tr '\n' ' ' </etc/docker/daemon.json)"
fi
lvs -a -o vg_name,lv_name,lv_attr,lv_size,chunk_size,seg_monitor,devices >"$OUT/lvs.txt" 2>&1
pvs >>"$OUT/lvs.txt" 2>&1
cat "$OUT/lvs.txt"
# The pool's lv_attr starts with t (thin pool); its data volume lies on /dev/vdb.
pool_lv=$(lvs --noheadings -o vg_name,lv_name,lv_attr 2>/dev/null | awk '$3 ~ /^t/ {print $1 "/" $2; exit}')
on_vdb=$(lvs -a --noheadings -o devices 2>/dev/null | grep -c /dev/vdb)
if [ -n "$pool_lv" ] && [ "$on_vdb" -gt 0 ] && [ "$(echo "$pool_lv" | tr '/' '-')" = "$pool" ]; then
    pass h-lvs "thin pool $pool_lv (= docker info's $pool) on /dev/vdb: $(tr -s ' ' <"$OUT/lvs.txt" | tr '\n' ';' | cut -c1-400)"
else
    fail h-lvs "thin pool LV '$pool_lv', docker pool '$pool', $on_vdb volume(s) on /dev/vdb; lvs: $(tr -s ' ' <"$OUT/lvs.txt" | tr '\n' ';' | cut -c1-400)"
fi
capture_state "$OUT/after"
compare_states h "$OUT/before" "$OUT/after"

step dockerd-stop
"$DS_STOP" || log "dockerd did not stop"
step ""
