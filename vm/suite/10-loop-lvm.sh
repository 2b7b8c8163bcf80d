# VM suite job: a loop-lvm pool (dockerd --storage-driver=devicemapper, no storage options).
#   a. inventory (online) agrees with docker info and dmsetup; inventory --offline lists the same images
#   c. with dockerd running, export --source disk is refused (through libdevmapper, and from the pool's files)
#   b. with dockerd stopped, export --source disk --pool-reader files gives docker save's diffIDs, verify passes,
#      nothing left behind
#   e. the same through libdevmapper (each layer's thin device activated read-only from a read-only pool of
#      ours); Ctrl-C with a device mounted takes everything down; a SIGKILLed run's devices are swept by the next
# Run by scripts/vm-suite.sh (bash, in the guest, cwd /host, with lib.sh and the drivershift binary beside it).
. /host/lib.sh
plan guest-binary dockerd-ready \
    a-online-inventory a-online-pool-name a-online-usage-dmsetup a-online-usage-docker-info a-online-images \
    a-online-containers a-online-no-pool-writes a-online-allocated a-online-snapshot-released \
    a-offline-inventory a-offline-images a-offline-allocated-equal \
    c-running-refused c-running-files-refused c-running-nothing-left \
    b-export-diffids b-reader b-verify b-no-dm-devices b-no-loop-devices b-no-new-mounts \
    e-interrupt-exit e-interrupt-nothing-left e-killed-left-devices e-killed-swept \
    e-export-diffids e-reader e-verify e-no-dm-devices e-no-loop-devices e-no-new-mounts \
    e-bad-device-id e-bad-device-nothing-left

step check-binary
check_binary || exit 1

step dockerd-start
dockerd_ready

step images
import_base
app_files
build app:1 'FROM base:1
COPY files/ /data/
RUN rm /data/old.txt && rm -rf /data/dir && mkdir /data/dir && echo new >/data/dir/new.txt && ln /data/keep.txt /data/hl && ln -s keep.txt /data/sl
RUN touch /data/odd && chown 1234:5678 /data/odd && chmod 4751 /data/odd' /tmp/files
build tool:1 'FROM app:1
RUN echo tool >/bin/tool && chmod 755 /bin/tool'
docker run --name dirty --network none app:1 sh -c 'echo written >/data/written.txt && rm /data/keep.txt'
docker images -a

step docker-save
save_digests "$OUT/save"
log "$(wc -l <"$OUT/image-ids.txt") images saved"

# ---- a, online -------------------------------------------------------------------------------------------
step inventory-online
docker info --format '{{json .}}' >"$OUT/docker-info.json"
dmsetup status >"$OUT/dmsetup-status.txt"
dmsetup table >"$OUT/dmsetup-table.txt"
read -r st_before < <(pool_status)
ds inventory-online inventory --format json
irc=$?
read -r st_after < <(pool_status)
docker info --format '{{json .}}' >"$OUT/docker-info-after.json"
ds inventory-online-table inventory
inv=$OUT/ds/inventory-online.out
echo "dmsetup before: $st_before; after: $st_after"

driver=$(jq -r .Driver "$OUT/docker-info.json")
if [ "$irc" = 0 ] && [ "$(jq -r .mode "$inv")" = online ] && [ "$(jq -r .docker.storageDriver "$inv")" = "$driver" ] &&
    [ "$driver" = devicemapper ] && [ "$(jq -r .pool.mode "$inv")" = loop-lvm ]; then
    pass a-online-inventory "exit 0, mode online, driver $driver, pool mode loop-lvm, $(jq '.problems | length' "$inv") problems"
else
    fail a-online-inventory "exit $irc, mode $(jq -r .mode "$inv"), driver $(jq -r .docker.storageDriver "$inv") (docker info: $driver), pool mode $(jq -r .pool.mode "$inv"), problems $(jq -c .problems "$inv"); stderr: $(head -c 300 "$OUT/ds/inventory-online.err")"
fi

dstat() { jq -r --arg k "$1" '.DriverStatus[] | select(.[0] == $k) | .[1]' "$OUT/docker-info.json"; }
read -r p_name p_trans p_mu p_mt p_du p_dt p_mode p_bs <<<"$st_before"
inv_name=$(jq -r .pool.poolName "$inv")
if [ "$inv_name" = "$(dstat 'Pool Name')" ] && [ "$inv_name" = "$p_name" ]; then
    pass a-online-pool-name "$inv_name (inventory = docker info = dmsetup status)"
else
    fail a-online-pool-name "inventory $inv_name, docker info $(dstat 'Pool Name'), dmsetup $p_name"
fi

# The inventory's numbers must lie between the pool's state just before and just after it ran, totals and health
# exactly (a-online-no-pool-writes checks that the data blocks did not change at all).
u() { jq -r ".pool.usage.$1" "$inv"; }
read -r a_name a_trans a_mu a_mt a_du a_dt a_mode a_bs <<<"$st_after"
between() { [ "$1" -ge "$2" ] 2>/dev/null && [ "$1" -le "$3" ]; }
got="$(u dataUsedBytes) $(u dataTotalBytes) $(u metadataUsedBytes) $(u metadataTotalBytes) $(u health)"
if between "$(u dataUsedBytes)" $((p_du * p_bs * 512)) $((a_du * a_bs * 512)) &&
    between "$(u metadataUsedBytes)" $((p_mu * 4096)) $((a_mu * 4096)) &&
    [ "$(u dataTotalBytes)" = $((p_dt * p_bs * 512)) ] && [ "$(u metadataTotalBytes)" = $((p_mt * 4096)) ] &&
    [ "$(u health)" = "$p_mode" ]; then
    pass a-online-usage-dmsetup "data used/total, metadata used/total, health: $got (source $(u source)); dmsetup before [$st_before] after [$st_after] (data block $p_bs sectors, metadata block 4096 B)"
else
    fail a-online-usage-dmsetup "inventory [$got] (source $(u source)) vs dmsetup before [$st_before] after [$st_after] (data block $p_bs sectors, metadata block 4096 B)"
fi

dstat2() { jq -r --arg k "$1" '.DriverStatus[] | select(.[0] == $k) | .[1]' "$OUT/docker-info-after.json"; }
bad=""
for pair in "dataUsedBytes:Data Space Used" "dataTotalBytes:Data Space Total" "metadataUsedBytes:Metadata Space Used" \
    "metadataTotalBytes:Metadata Space Total"; do
    k=${pair%%:*}
    h=${pair#*:}
    near "$(u "$k")" "$(dstat "$h")" || near "$(u "$k")" "$(dstat2 "$h")" ||
        bad="$bad $k=$(u "$k") vs '$h: $(dstat "$h")' before, '$(dstat2 "$h")' after;"
done
if [ -z "$bad" ]; then
    pass a-online-usage-docker-info "within docker info's rounding (before/after): $(dstat 'Data Space Used')/$(dstat2 'Data Space Used') of $(dstat 'Data Space Total') data, $(dstat 'Metadata Space Used')/$(dstat2 'Metadata Space Used') of $(dstat 'Metadata Space Total') metadata"
else
    fail a-online-usage-docker-info "$bad"
fi

# images: the same IDs as docker, and per image the diffIDs docker save gave.
images_match() { # CHECK INVENTORY-JSON LABEL
    local ids bad=""
    ids=$(jq -r '.images[].id' "$2" | sort -u)
    if [ "$ids" != "$(cat "$OUT/image-ids.txt")" ]; then
        fail "$1" "$3 image IDs [$(echo $ids | cut -c1-200)] vs docker [$(cat "$OUT/image-ids.txt" | tr '\n' ' ' | cut -c1-200)]"
        return
    fi
    for f in "$OUT"/save/*.txt; do
        h=$(basename "$f" .txt)
        [ "$(jq -r --arg id "sha256:$h" '.images[] | select(.id == $id) | .layers[].diffID' "$2")" = "$(cat "$f")" ] ||
            bad="$bad ${h:0:12}"
    done
    if [ -z "$bad" ]; then
        pass "$1" "$3: $(echo "$ids" | wc -l) images = docker images -a, every image's layer diffIDs = docker save's; tags: $(jq -r '[.images[].tags[]] | sort | join(" ")' "$2")"
    else
        fail "$1" "$3: layers differ from docker save for:$bad"
    fi
}
images_match a-online-images "$inv" online

# On devicemapper the daemon is not asked for sizes (it mounts every writable layer to measure it, allocating pool
# blocks): the inventory must leave the pool's used data blocks as they were.
if [ -n "$p_du" ] && [ "$p_du" = "$a_du" ]; then
    pass a-online-no-pool-writes "used data blocks $p_du before and after the online inventory"
else
    fail a-online-no-pool-writes "used data blocks $p_du before, $a_du after the online inventory"
fi

# Per-layer allocated bytes from a metadata snapshot of the live pool, released afterwards.
alloc_src=$(jq -r '.pool.allocation.source' "$inv")
zero=$(jq '[.images[].layers[] | select((.allocatedBytes // 0) <= 0)] | length' "$inv")
nlayers=$(layer_allocations "$inv" | wc -l)
if [ "$alloc_src" = metadata-snapshot ] && [ "$zero" = 0 ] && [ "$nlayers" -gt 0 ]; then
    pass a-online-allocated "source $alloc_src, block $(jq -r .pool.allocation.blockSizeBytes "$inv") B, $nlayers layers all > 0: $(layer_allocations "$inv" | awk '{printf "%s=%s ", substr($1, 1, 8), $2}' | cut -c1-300); containers: $(jq -c '[.containers[] | {name, writableLayerBytes, writableLayerAllocatedBytes}]' "$inv")"
else
    fail a-online-allocated "source $alloc_src ($(jq -r '.pool.allocation.unavailable' "$inv")), $zero of $nlayers layer entries without allocated bytes"
fi
held=$(pool_held_root)
if [ "$held" = "-" ]; then
    pass a-online-snapshot-released "dmsetup status held metadata root: '-' after two online inventories"
else
    fail a-online-snapshot-released "dmsetup status still holds a metadata snapshot (root $held): $(dmsetup status | tr '\n' ' ')"
fi

docker ps -a -q --no-trunc | sort -u >"$OUT/container-ids.txt"
cids=$(jq -r '.containers[].id' "$inv" | sort -u)
if [ "$cids" = "$(cat "$OUT/container-ids.txt")" ] && [ -n "$cids" ]; then
    pass a-online-containers "$(jq -c '[.containers[] | {name, state, driver, writableLayerBytes}]' "$inv")"
else
    fail a-online-containers "inventory [$cids] vs docker ps -a [$(cat "$OUT/container-ids.txt")]"
fi

# ---- c: dockerd running, the pool is active -------------------------------------------------------------
step export-while-running
losetup -a >"$OUT/losetup-running.txt"
cp /proc/mounts "$OUT/mounts-running.txt"
# refused_while_running CHECK NAME ARG...: the export must fail and say why (the pool is in use).
refused_while_running() {
    local check=$1 name=$2 msg
    shift 2
    if ds "$name" export --to /root/store-running --all --source disk "$@"; then
        fail "$check" "export --source disk $* succeeded while dockerd ran: $(tail -c 300 "$OUT/ds/$name.err")"
        return
    fi
    msg=$(cat "$OUT/ds/$name.err")
    if echo "$msg" | grep -qi 'stop docker\|active\|in use\|running'; then
        pass "$check" "exit $(cat "$OUT/ds/$name.rc"): $msg"
    else
        fail "$check" "refused, but the message does not say the pool is active: $msg"
    fi
}
refused_while_running c-running-refused export-running
refused_while_running c-running-files-refused export-running-files --pool-reader files
loops=$(diff "$OUT/losetup-running.txt" <(losetup -a) || true)
mnts=$(diff <(cut -d' ' -f1-3 "$OUT/mounts-running.txt") <(cut -d' ' -f1-3 /proc/mounts) || true)
if [ -z "$loops$mnts" ]; then
    pass c-running-nothing-left "losetup -a and /proc/mounts unchanged; store dir: $(ls /root/store-running 2>&1 | tr '\n' ' ')"
else
    fail c-running-nothing-left "loop devices: $loops; mounts: $mnts"
fi

# ---- dockerd stops ---------------------------------------------------------------------------------------
step dockerd-stop
stop_dockerd || log "dockerd did not stop"
dmsetup ls >"$OUT/dmsetup-ls-stopped.txt" 2>&1
losetup -a >"$OUT/losetup-stopped.txt"
cat "$OUT/dmsetup-ls-stopped.txt" "$OUT/losetup-stopped.txt"

# ---- a, offline ------------------------------------------------------------------------------------------
step inventory-offline
ds inventory-offline inventory --offline --format json
orc=$?
ds inventory-offline-table inventory --offline
off=$OUT/ds/inventory-offline.out
if [ "$orc" = 0 ] && [ "$(jq -r .mode "$off")" = offline ] && [ "$(jq -r .docker.storageDriver "$off")" = devicemapper ] &&
    [ "$(jq -r .pool.poolName "$off")" = "$p_name" ]; then
    pass a-offline-inventory "exit 0, mode offline, driver devicemapper ($(jq -r .docker.storageDriverSource "$off")), pool $(jq -r .pool.poolName "$off") ($(jq -r .pool.poolNameSource "$off")), $(jq '.problems | length' "$off") problems"
else
    fail a-offline-inventory "exit $orc, mode $(jq -r .mode "$off"), driver $(jq -r .docker.storageDriver "$off"), pool $(jq -r .pool.poolName "$off") (running: $p_name), problems $(jq -c .problems "$off" | cut -c1-300); stderr: $(head -c 300 "$OUT/ds/inventory-offline.err")"
fi
images_match a-offline-images "$off" offline

# The same per-layer allocated bytes from the stopped pool's metadata file as from the live pool's snapshot.
if [ "$(jq -r '.pool.allocation.source' "$off")" = pool-files ] && [ -n "$(layer_allocations "$off")" ] &&
    [ "$(layer_allocations "$off")" = "$(layer_allocations "$inv")" ]; then
    pass a-offline-allocated-equal "$(layer_allocations "$off" | wc -l) layers, offline (pool-files) = online (metadata-snapshot) bytes"
else
    fail a-offline-allocated-equal "offline ($(jq -r '.pool.allocation | tostring' "$off")): [$(layer_allocations "$off" | tr '\n' ' ' | cut -c1-300)] online: [$(layer_allocations "$inv" | tr '\n' ' ' | cut -c1-300)]"
fi

# ---- b: export from the stopped pool's files ----------------------------------------------------------
step export-files
EXPECT_SOURCE=tar-split+pool-files export_checked b export-files /root/store-files "$OUT/save" \
    --source disk --pool-reader files

# ---- e: export through libdevmapper ----------------------------------------------------------------------
step interrupt-libdevmapper
cp /proc/mounts "$OUT/mounts-before-interrupt.txt"
if ds_stopped_at pool-device-mounted export-interrupted export --to /root/store-interrupted --all --source disk \
    --pool-reader libdevmapper; then
    dmsetup ls >"$OUT/dmsetup-ls-interrupted.txt" 2>&1
    kill -INT "$DS_PID"
    kill -CONT "$DS_PID"
    wait "$DS_PID"
    rc=$?
    echo "$rc" >"$OUT/ds/export-interrupted.rc"
    if [ "$rc" = 130 ]; then
        pass e-interrupt-exit "exit 130 after Ctrl-C with a layer device mounted (devices then: $(tr '\n' ' ' <"$OUT/dmsetup-ls-interrupted.txt"))"
    else
        fail e-interrupt-exit "exit $rc after SIGINT, expected 130: $(tail -c 300 "$OUT/ds/export-interrupted.err")"
    fi
    dm=$(dmsetup ls 2>&1 | grep -v 'No devices found')
    loops=$(losetup -a)
    mnts=$(diff <(cut -d' ' -f1-3 "$OUT/mounts-before-interrupt.txt") <(cut -d' ' -f1-3 /proc/mounts) || true)
    if [ -z "$dm$loops$mnts" ] && grep -q drivershift- "$OUT/dmsetup-ls-interrupted.txt"; then
        pass e-interrupt-nothing-left "no dm device, loop device or mount left (while stopped there were: $(tr '\n' ' ' <"$OUT/dmsetup-ls-interrupted.txt"))"
    else
        fail e-interrupt-nothing-left "dm: [$dm] loops: [$loops] mounts: [$mnts]; while stopped: $(tr '\n' ' ' <"$OUT/dmsetup-ls-interrupted.txt")"
    fi
else
    fail e-interrupt-exit "the export never reached pool-device-mounted: $(tail -c 300 "$OUT/ds/export-interrupted.err")"
    fail e-interrupt-nothing-left "not reached"
fi

step killed-libdevmapper
if ds_stopped_at pool-device-mounted export-killed export --to /root/store-killed --all --source disk \
    --pool-reader libdevmapper; then
    kill -KILL "$DS_PID"
    wait "$DS_PID"
    sleep 1
    dmsetup ls >"$OUT/dmsetup-ls-killed.txt" 2>&1
    # A SIGKILL leaves the dm devices (nothing of ours runs to remove them); mounts and loops end with us.
    if grep -q "drivershift-$DS_PID-thin-" "$OUT/dmsetup-ls-killed.txt" && grep -q "drivershift-$DS_PID-pool" "$OUT/dmsetup-ls-killed.txt"; then
        pass e-killed-left-devices "after SIGKILL: $(tr '\n' ' ' <"$OUT/dmsetup-ls-killed.txt"); mounts: $(grep -c /root/store-killed /proc/mounts)"
    else
        fail e-killed-left-devices "expected drivershift-$DS_PID-pool and a thin device: $(tr '\n' ' ' <"$OUT/dmsetup-ls-killed.txt")"
    fi
else
    fail e-killed-left-devices "the export never reached pool-device-mounted: $(tail -c 300 "$OUT/ds/export-killed.err")"
fi

step export-libdevmapper
EXPECT_SOURCE=tar-split+libdevmapper export_checked e export-dm /root/store-dm "$OUT/save" --source disk
if grep -q drivershift- "$OUT/dmsetup-ls-killed.txt" 2>/dev/null && ! dmsetup ls 2>&1 | grep -q drivershift-; then
    pass e-killed-swept "the next export removed the killed run's devices ($(grep -o 'drivershift-[^ 	]*' "$OUT/dmsetup-ls-killed.txt" | tr '\n' ' '))"
else
    fail e-killed-swept "before: $(tr '\n' ' ' <"$OUT/dmsetup-ls-killed.txt" 2>/dev/null); now: $(dmsetup ls 2>&1 | tr '\n' ' ')"
fi

# ---- e, bad input: Docker's record of one layer names a thin device the pool does not have --------------
step bad-device-id
bad=/tmp/badroot
mkdir -p "$bad/var/lib/docker"
(cd /var/lib/docker && tar -c --exclude=./devicemapper/devicemapper .) | tar -C "$bad/var/lib/docker" -x
# The last layer's device (cache-id files have no newline at the end).
victim=""
for f in "$bad"/var/lib/docker/image/devicemapper/layerdb/sha256/*/cache-id; do victim=$(cat "$f"); done
record=$bad/var/lib/docker/devicemapper/metadata/$victim
if [ -n "$victim" ] && jq '.device_id = 99999' "$record" >"$record.new" && mv "$record.new" "$record"; then
    cp /proc/mounts "$OUT/mounts-before-bad.txt"
    ds export-bad export --host-root "$bad" --offline --to /root/store-bad --all --source disk \
        --pool-reader libdevmapper --pool-files /var/lib/docker/devicemapper/devicemapper/data \
        /var/lib/docker/devicemapper/devicemapper/metadata
    rc=$?
    err=$(cat "$OUT/ds/export-bad.err")
    if [ "$rc" = 1 ] && echo "$err" | grep -q "$victim" && echo "$err" | grep -q 99999 && echo "$err" | grep -q 'needed by'; then
        pass e-bad-device-id "exit 1, names the device, its id and the images: $(echo "$err" | grep "$victim" | head -n 2)"
    else
        fail e-bad-device-id "exit $rc: $err"
    fi
    dm=$(dmsetup ls 2>&1 | grep -v 'No devices found')
    loops=$(losetup -a)
    mnts=$(diff <(cut -d' ' -f1-3 "$OUT/mounts-before-bad.txt") <(cut -d' ' -f1-3 /proc/mounts) || true)
    if [ -z "$dm$loops$mnts" ]; then
        pass e-bad-device-nothing-left "no dm device, loop device or mount left"
    else
        fail e-bad-device-nothing-left "dm: [$dm] loops: [$loops] mounts: [$mnts]"
    fi
else
    fail e-bad-device-id "could not make the damaged copy of Docker's records (victim '$victim')"
    fail e-bad-device-nothing-left "not reached"
fi
step ""
