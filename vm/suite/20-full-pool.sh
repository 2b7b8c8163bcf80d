# VM suite job: a full loop-lvm pool (small loop files, a container writing until no data block is left).
#   d. dmsetup status shows out_of_data_space; drivershift inventory reports it (its output is kept verbatim
#      in out/ds/inventory-full*.out); after dockerd stops, export --source disk gives every image's diffIDs as
#      docker save gave them before the pool filled, verify passes, nothing is left behind: d through
#      libdevmapper (the default where the kernel has device-mapper), f from the pool's files.
# Run by scripts/vm-suite.sh (bash, in the guest, cwd /host, with lib.sh and the drivershift binary beside it).
. /host/lib.sh
DATA_SIZE=${DATA_SIZE:-600M}
plan guest-binary dockerd-ready d-pool-full d-inventory-full-online d-inventory-full-allocation \
    d-inventory-full-offline d-inventory-full-error-mode d-pool-released d-export-diffids d-reader d-verify \
    d-no-dm-devices d-no-loop-devices d-no-new-mounts \
    f-export-diffids f-reader f-verify f-no-dm-devices f-no-loop-devices f-no-new-mounts

step check-binary
check_binary || exit 1

step dockerd-start
if start_dockerd --storage-opt "dm.loopdatasize=$DATA_SIZE" --storage-opt dm.loopmetadatasize=100M; then
    pass dockerd-ready "$(docker version --format '{{.Server.Version}}') devicemapper, loop data $DATA_SIZE, metadata 100M"
else
    fail dockerd-ready "see out/dockerd.log"
    exit 1
fi

step images
import_base
build app:1 'FROM base:1
RUN mkdir /data && echo one >/data/one && head -c 300000 /dev/urandom >/data/random.bin
RUN rm /data/one && echo two >/data/two'
docker images -a

step docker-save
save_digests "$OUT/save"
log "$(wc -l <"$OUT/image-ids.txt") images saved"
dmsetup status

# ---- fill the pool ---------------------------------------------------------------------------------------
step fill
# Zeros allocate thin blocks like any data. The pool queues writes it cannot place (queue_if_no_space), so
# the container's fsync blocks, then fails once the kernel gives up (60 s); the container stays up.
docker run -d --name filler --network none base:1 \
    sh -c 'dd if=/dev/zero of=/fill bs=1M count=2000 conv=fsync; echo "dd exit $?"; sleep 100000' >/dev/null
full=""
for i in $(seq 1 400); do
    st=$(dmsetup status | awk '$4 == "thin-pool"')
    if echo "$st" | grep -q out_of_data_space; then
        full=$st
        break
    fi
    sleep 1
done
dmsetup status >"$OUT/dmsetup-status-full.txt"
if [ -n "$full" ]; then
    pass d-pool-full "after $((i))s: $full"
else
    fail d-pool-full "no out_of_data_space after 400 s: $(dmsetup status | tr '\n' ' ')"
fi
docker info 2>&1 | grep -i 'space\|pool' >"$OUT/docker-info-full.txt"
cat "$OUT/docker-info-full.txt"

# While the pool queues writes (the first 60 s), then again once the kernel errors instead (error_if_no_space).
# Each inventory's output is kept verbatim in out/ds/; the detail names the pool's no-space policy at the time.
step inventory-full
policy() { dmsetup status | awk '$4 == "thin-pool" {print $9, $11}'; }
inv_check() { # CHECK NAME POLICY-BEFORE: the pool health that inventory NAME (json) reported
    local inv=$OUT/ds/$2.out health summary
    health=$(jq -r '.pool.usage.health' "$inv" 2>/dev/null)
    summary="pool at the time: $3; exit $(cat "$OUT/ds/$2.rc"); mode $(jq -r .mode "$inv" 2>/dev/null) ($(jq -r '.docker.daemonNote' "$inv" 2>/dev/null)); usage $(jq -c '.pool.usage' "$inv" 2>/dev/null); problems $(jq -c '[.problems[] | select(.code | startswith("pool") or startswith("daemon"))]' "$inv" 2>/dev/null); stderr: $(head -c 400 "$OUT/ds/$2.err")"
    # A full pool is when operators run the inventory: it must answer, never time out on the daemon.
    if grep -q 'did not answer' "$OUT/ds/$2.err"; then
        fail "$1" "the inventory gave up on the daemon; $summary"
    elif [ "$health" = out_of_data_space ] || [ "$health" = ro ]; then
        pass "$1" "health $health; $summary"
    else
        fail "$1" "health '$health'; $summary"
    fi
}
p1=$(policy)
ds inventory-full inventory --format json
inv_check d-inventory-full-online inventory-full "$p1"
# No metadata snapshot of a full pool: the allocated bytes are unknown, and the inventory says why.
why=$(jq -r '.pool.allocation.unavailable // empty' "$OUT/ds/inventory-full.out" 2>/dev/null)
if echo "$why" | grep -q 'out_of_data_space' && [ "$(pool_held_root)" = "-" ]; then
    pass d-inventory-full-allocation "$why; held metadata root: -"
else
    fail d-inventory-full-allocation "allocation $(jq -c '.pool.allocation' "$OUT/ds/inventory-full.out" 2>/dev/null); held root $(pool_held_root)"
fi
p2=$(policy)
ds inventory-full-offline inventory --offline --format json
inv_check d-inventory-full-offline inventory-full-offline "$p2"
ds inventory-full-offline-table inventory --offline

# The kernel gives up queueing after 60 s (error_if_no_space); then the filler's fsync fails and it can be
# removed, which is what an operator would do before stopping dockerd.
step wait-for-errors
for i in $(seq 1 150); do
    docker logs filler 2>&1 | grep -q 'dd exit' && dmsetup status | grep -q error_if_no_space && break
    sleep 1
done
log "after ${i}s, docker logs filler: $(docker logs filler 2>&1 | tail -n 3 | tr '\n' ' ')"
dmsetup status >"$OUT/dmsetup-status-full-later.txt"
cat "$OUT/dmsetup-status-full-later.txt"
p3=$(policy)
ds inventory-full-later inventory --format json
inv_check d-inventory-full-error-mode inventory-full-later "$p3"
ds inventory-full-later-table inventory
timeout 120 docker rm -f filler || log "docker rm -f filler failed"

# ---- stop, then export from the full pool's files --------------------------------------------------------
step dockerd-stop
stop_dockerd || log "dockerd did not stop within 120 s"
dm=$(dmsetup ls 2>&1)
loops=$(losetup -a)
dmsetup status >"$OUT/dmsetup-status-stopped.txt" 2>&1
if echo "$dm" | grep -q 'No devices found' && [ -z "$loops" ]; then
    pass d-pool-released "dockerd stopped and released the pool: dmsetup ls: $dm; losetup -a: (empty)"
else
    # dockerd left the pool active: drivershift must refuse to read its files, then the pool is released by
    # hand (thin devices first, then the pool, then the loop devices), as an operator would.
    log "dockerd left: $dm / $loops"
    if ds export-held export --to /root/store-held --all --source disk --pool-reader files; then
        fail d-held-pool-refused "export --source disk succeeded while the pool was still active"
    else
        pass d-held-pool-refused "exit $(cat "$OUT/ds/export-held.rc"): $(cat "$OUT/ds/export-held.err")"
    fi
    released=""
    for dev in $(dmsetup ls | awk '$1 ~ /^docker-/ && $1 !~ /-pool$/ {print $1}') \
        $(dmsetup ls | awk '$1 ~ /^docker-.*-pool$/ {print $1}'); do
        dmsetup remove "$dev" && released="$released dmsetup remove $dev;"
    done
    for l in $(losetup -a | grep /var/lib/docker/devicemapper | cut -d: -f1); do
        losetup -d "$l" && released="$released losetup -d $l;"
    done
    dm2=$(dmsetup ls 2>&1)
    if echo "$dm2" | grep -q 'No devices found' && [ -z "$(losetup -a)" ]; then
        pass d-pool-released "dockerd stopped but left the pool active (dmsetup ls: $dm; losetup -a: $loops); released by hand:$released"
    else
        fail d-pool-released "dockerd left dmsetup ls: $dm; losetup -a: $loops; by hand:$released; still: $dm2 $(losetup -a)"
    fi
fi
ls -ls /var/lib/docker/devicemapper/devicemapper/

step export-libdevmapper
EXPECT_SOURCE=tar-split+libdevmapper export_checked d export-dm /root/store-dm "$OUT/save" --source disk

step export-files
EXPECT_SOURCE=tar-split+pool-files export_checked f export-files /root/store-files "$OUT/save" \
    --source disk --pool-reader files
step ""
