# VM suite job: a direct-lvm pool on /dev/vdb made by Docker's manual runbook (pvcreate, vgcreate docker, the
# thinpool and thinpoolmeta volumes, lvconvert, the autoextend profile), dockerd on it through
# dm.thinpooldev; a few images and a container.
#   g. inventory --format json agrees with docker info and dmsetup status (pool name, data/metadata used/total,
#      health, mode direct-lvm), images and diffIDs with docker images -a and docker save, containers with docker
#      ps -a (job 10's checks, on a real LVM thin pool).
#   g2. the same pool with its options in daemon.json instead of on dockerd's command line: inventory again
#      (mode direct-lvm, the thin pool device, images), so a g failure shows whether the option's source matters.
#   h. (between g and g2) dockerd stopped, LVM keeps the pool active: export --source disk reads Docker's own pool
#      through libdevmapper, found by Docker's open transaction id (no configuration names it: the options were on
#      the command line); refused while one of Docker's thin devices is active; then every diffID equal to docker
#      save's, verify passes, the pool's transaction id and used blocks unchanged, only the LVM devices left.
# Run by scripts/vm-suite.sh (bash, in the guest, cwd /host, with lib.sh and the drivershift binary beside it).
# vm-suite: --disk-b 8G
. /host/lib.sh
plan guest-binary lvm-pool dockerd-ready g-inventory g-pool-name g-usage-dmsetup g-usage-docker-info g-images \
    g-containers h-docker-device-refused h-export-diffids h-reader h-verify h-no-dm-devices h-no-loop-devices \
    h-no-new-mounts h-pool-unchanged g2-inventory g2-images

step check-binary
check_binary || exit 1

step lvm-runbook
{
    pvcreate /dev/vdb &&
        vgcreate docker /dev/vdb &&
        lvcreate --wipesignatures y -n thinpool docker -l 95%VG &&
        lvcreate --wipesignatures y -n thinpoolmeta docker -l 1%VG &&
        lvconvert -y --zero n -c 512K --thinpool docker/thinpool --poolmetadata docker/thinpoolmeta &&
        mkdir -p /etc/lvm/profile &&
        printf 'activation {\n  thin_pool_autoextend_threshold=80\n  thin_pool_autoextend_percent=20\n}\n' \
            >/etc/lvm/profile/docker-thinpool.profile &&
        lvchange --metadataprofile docker-thinpool docker/thinpool &&
        lvs -o+seg_monitor
} >"$OUT/lvm-runbook.txt" 2>&1
lvm_rc=$?
cat "$OUT/lvm-runbook.txt"
if [ "$lvm_rc" = 0 ] && dmsetup status docker-thinpool | grep -q ' thin-pool '; then
    pass lvm-pool "$(lvs --noheadings -o lv_name,lv_attr,lv_size,chunk_size,seg_monitor docker/thinpool | tr -s ' ')"
else
    fail lvm-pool "exit $lvm_rc: $(tail -c 400 "$OUT/lvm-runbook.txt")"
    exit 1
fi

step dockerd-start
if start_dockerd --storage-opt dm.thinpooldev=/dev/mapper/docker-thinpool --storage-opt dm.use_deferred_removal=true; then
    pass dockerd-ready "$(docker version --format '{{.Server.Version}}') devicemapper on /dev/mapper/docker-thinpool"
else
    fail dockerd-ready "see out/dockerd.log"
    exit 1
fi

step images
import_base
mkdir -p /tmp/files
echo keep >/tmp/files/keep.txt
head -c 200000 /dev/urandom >/tmp/files/random.bin
build app:1 'FROM base:1
COPY files/ /data/
RUN rm /data/keep.txt && echo new >/data/new.txt && ln -s new.txt /data/sl' /tmp/files
docker tag app:1 app:latest
docker run --name dirty --network none app:1 sh -c 'echo written >/data/written.txt'
docker create --name clean --network none base:1 true >/dev/null
docker images -a

step docker-save
save_digests "$OUT/save"

step inventory
docker info --format '{{json .}}' >"$OUT/docker-info.json"
dmsetup status >"$OUT/dmsetup-status.txt"
dmsetup table >"$OUT/dmsetup-table.txt"
st_before=$(pool_status_of docker-thinpool)
ds inventory inventory --format json
irc=$?
st_after=$(pool_status_of docker-thinpool)
docker info --format '{{json .}}' >"$OUT/docker-info-after.json"
ds inventory-table inventory
inv=$OUT/ds/inventory.out
log "dmsetup before: $st_before; after: $st_after"

driver=$(jq -r .Driver "$OUT/docker-info.json")
if [ "$irc" = 0 ] && [ "$(jq -r .mode "$inv")" = online ] && [ "$(jq -r .docker.storageDriver "$inv")" = "$driver" ] &&
    [ "$driver" = devicemapper ] && [ "$(jq -r .pool.mode "$inv")" = direct-lvm ]; then
    pass g-inventory "exit 0, mode online, driver $driver, pool mode direct-lvm, $(jq '.problems | length' "$inv") problems: $(jq -c '[.problems[]? | .message // .] ' "$inv" | cut -c1-200)"
else
    fail g-inventory "exit $irc, mode $(jq -r .mode "$inv"), driver $(jq -r .docker.storageDriver "$inv") (docker info: $driver), pool mode $(jq -r .pool.mode "$inv"), problems $(jq -c .problems "$inv" | cut -c1-300); stderr: $(head -c 300 "$OUT/ds/inventory.err")"
fi
inventory_pool_checks g "$inv" "$OUT/docker-info.json" "$OUT/docker-info-after.json" "$st_before" "$st_after"
inventory_images_check g-images "$inv" "$OUT/save"
docker ps -a -q --no-trunc | sort -u >"$OUT/container-ids.txt"
cids=$(jq -r '.containers[].id' "$inv" | sort -u)
if [ "$cids" = "$(cat "$OUT/container-ids.txt")" ] && [ -n "$cids" ]; then
    pass g-containers "$(jq -c '[.containers[] | {name, state, driver, writableLayerBytes}]' "$inv")"
else
    fail g-containers "inventory [$cids] vs docker ps -a [$(cat "$OUT/container-ids.txt")]"
fi

step dockerd-stop-flags
stop_dockerd || log "dockerd did not stop"

# ---- h: Docker's own pool, read through libdevmapper ----------------------------------------------------
step export-held-device
dmsetup ls | sort >"$OUT/dmsetup-ls-stopped.txt"
cat "$OUT/dmsetup-ls-stopped.txt"
base_id=$(jq -r .device_id /var/lib/docker/devicemapper/metadata/base)
base_size=$(jq -r .size /var/lib/docker/devicemapper/metadata/base)
if dmsetup create docker-held-by-hand --readonly \
    --table "0 $((base_size / 512)) thin /dev/mapper/docker-thinpool $base_id"; then
    if ds export-held export --to /root/store-held --all --source disk; then
        fail h-docker-device-refused "the export read the pool while a thin device of it was active"
    elif grep -q 'docker-held-by-hand' "$OUT/ds/export-held.err"; then
        pass h-docker-device-refused "exit $(cat "$OUT/ds/export-held.rc"): $(cat "$OUT/ds/export-held.err")"
    else
        fail h-docker-device-refused "refused without naming the active device: $(cat "$OUT/ds/export-held.err")"
    fi
    dmsetup remove docker-held-by-hand
else
    fail h-docker-device-refused "could not activate Docker's base device ($base_id) by hand"
fi

step export-libdevmapper
st_before=$(pool_status_of docker-thinpool)
DM_BEFORE=$OUT/dmsetup-ls-stopped.txt EXPECT_SOURCE=tar-split+libdevmapper export_checked h export-dm /root/store-dm \
    "$OUT/save" --source disk
st_after=$(pool_status_of docker-thinpool)
if [ -n "$st_before" ] && [ "$st_before" = "$st_after" ]; then
    pass h-pool-unchanged "transaction, used metadata and data blocks as before the export: $st_after"
else
    fail h-pool-unchanged "before: $st_before; after: $st_after"
fi

# ---- g2: the same pool, configured through daemon.json -----------------------------------------------------
step daemon-json-restart
install_daemon_scripts '{"storage-driver": "devicemapper", "storage-opts": ["dm.thinpooldev=/dev/mapper/docker-thinpool", "dm.use_deferred_removal=true"], "bridge": "none", "iptables": false, "ip-masq": false}'
if "$DS_START"; then
    ds inventory-json inventory --format json
    irc=$?
    inv=$OUT/ds/inventory-json.out
    errors=$(jq -c '[.problems[]? | select(.severity == "error")]' "$inv")
    if [ "$irc" = 0 ] && [ "$(jq -r .pool.mode "$inv")" = direct-lvm ] && [ "$errors" = "[]" ] &&
        [ "$(jq -r .pool.thinPoolDevice "$inv")" = /dev/mapper/docker-thinpool ] &&
        [ "$(jq -r .pool.poolName "$inv")" = docker-thinpool ]; then
        pass g2-inventory "exit 0, pool mode direct-lvm, thin pool device $(jq -r .pool.thinPoolDevice "$inv"), pool $(jq -r .pool.poolName "$inv"), health $(jq -r .pool.usage.health "$inv"), no error problems"
    else
        fail g2-inventory "exit $irc, pool mode $(jq -r .pool.mode "$inv"), thin pool device $(jq -r .pool.thinPoolDevice "$inv"), pool $(jq -r .pool.poolName "$inv"), errors $(echo "$errors" | cut -c1-300); stderr: $(head -c 300 "$OUT/ds/inventory-json.err")"
    fi
    inventory_images_check g2-images "$inv" "$OUT/save"
else
    fail g2-inventory "dockerd did not start with the pool in daemon.json; see out/dockerd.log"
fi

step dockerd-stop
"$DS_STOP" || log "dockerd did not stop"
step ""
