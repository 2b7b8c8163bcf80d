# VM suite job: the full migration loop-lvm -> direct-lvm on the blank /dev/vdb with the real binary.
#   h. plan --to direct-lvm --device /dev/vdb + run --plan --yes (exit 2); afterwards docker info says
#      devicemapper on the new LVM thin pool (no loop file), lvs shows the thin pool on /dev/vdb, and the same
#      image, tag, diffID, volume, container and dirty-change checks as job 30 pass; report.json says verified;
#      verify passes on the export store.
#   i. rollback --plan --yes (exit 2): the loop-lvm daemon is back with its images and containers, and what
#      provision built on /dev/vdb (PV, VG docker, thin pool, profile) is gone again.
# dockerd runs under `--daemon-control command` (the guest has no systemd), configured only by daemon.json.
# Run by scripts/vm-suite.sh (bash, in the guest, cwd /host, with lib.sh and the drivershift binary beside it).
# vm-suite: --disk-b 8G
. /host/lib.sh
plan guest-binary dockerd-ready \
    h-plan h-run h-report-verified h-verify-export h-driver h-lvs \
    h-image-ids h-tags h-diffids h-volume h-containers h-dirty-change \
    i-rollback i-driver i-images i-lvm-removed

step check-binary
check_binary || exit 1

loop_lvm_estate

# ---- h: the migration --------------------------------------------------------------------------------------
step h-plan
if ! migrate h --to direct-lvm --device /dev/vdb; then
    # The host state after a failed run shows what the rollback kept, but none of the after-checks can pass.
    for c in h-driver h-lvs h-image-ids h-tags h-diffids h-volume h-containers h-dirty-change; do fail "$c" "not checked: the migration did not finish (see h-plan, h-run and out/ds/)"; done
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

# ---- i: rollback ------------------------------------------------------------------------------------------
step i-rollback
pool_before=$(jq -r '.DriverStatus[] | select(.[0] == "Pool Name") | .[1]' "$OUT/before/docker-info.json")
ds i-rollback rollback --plan /host/out/h-plan.yaml --yes
rc=$?
if [ "$rc" = 2 ]; then
    pass i-rollback "exit 2: $(tail -n 6 "$OUT/ds/i-rollback.err" | tr '\n' ' ' | cut -c1-500)"
else
    fail i-rollback "exit $rc: $(tail -c 600 "$OUT/ds/i-rollback.err")"
fi
docker info --format '{{json .}}' >"$OUT/rolled-back-info.json" 2>&1
driver=$(jq -r .Driver "$OUT/rolled-back-info.json")
pool=$(jq -r '.DriverStatus[]? | select(.[0] == "Pool Name") | .[1]' "$OUT/rolled-back-info.json")
loopfile=$(jq -r '.DriverStatus[]? | select(.[0] == "Data loop file") | .[1]' "$OUT/rolled-back-info.json")
if [ "$driver" = devicemapper ] && [ "$pool" = "$pool_before" ] && [ -n "$loopfile" ]; then
    pass i-driver "devicemapper, pool $pool (as before), data loop file $loopfile; daemon.json: $(tr '\n' ' ' </etc/docker/daemon.json)"
else
    fail i-driver "driver $driver, pool '$pool' (before: $pool_before), loop file '$loopfile'; daemon.json: $(tr '\n' ' ' </etc/docker/daemon.json)"
fi
docker images -a --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' | LC_ALL=C sort -u >"$OUT/rolled-back-images.txt"
docker ps -a --format '{{.Names}} {{.Image}}' | LC_ALL=C sort >"$OUT/rolled-back-containers.txt"
if cmp -s "$OUT/before/images.txt" "$OUT/rolled-back-images.txt" &&
    cmp -s "$OUT/before/containers.txt" "$OUT/rolled-back-containers.txt"; then
    pass i-images "docker images -a ($(wc -l <"$OUT/before/images.txt") lines) and docker ps -a ($(tr '\n' ';' <"$OUT/rolled-back-containers.txt")) as before"
else
    fail i-images "images: $(diff "$OUT/before/images.txt" "$OUT/rolled-back-images.txt" | tr '\n' ' ' | cut -c1-300); containers now: $(tr '\n' ';' <"$OUT/rolled-back-containers.txt")"
fi
{
    echo "vgs:"
    vgs 2>&1
    echo "pvs:"
    pvs 2>&1
    echo "dmsetup ls:"
    dmsetup ls 2>&1
    ls /etc/lvm/profile 2>&1
} >"$OUT/lvm-after-rollback.txt"
if ! vgs docker >/dev/null 2>&1 && ! pvs /dev/vdb >/dev/null 2>&1 && ! dmsetup ls | grep -q '^docker-thinpool' &&
    [ ! -e /etc/lvm/profile/docker-thinpool.profile ]; then
    pass i-lvm-removed "no VG docker, /dev/vdb no PV, no docker-thinpool device, no profile: $(tr -s ' \n' ' ' <"$OUT/lvm-after-rollback.txt" | cut -c1-300)"
else
    fail i-lvm-removed "$(tr -s ' \n' ' ' <"$OUT/lvm-after-rollback.txt" | cut -c1-500)"
fi

step dockerd-stop
"$DS_STOP" || log "dockerd did not stop"
step ""
