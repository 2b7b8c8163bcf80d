# VM benchmark job: both ways of reading a stopped devicemapper pool, side by side with `docker save` of the same
# images in the same guest run (software emulation: absolute figures are several times slower than on hardware;
# the ratios are what carries over).
#   docker save (daemon running) | export --pool-reader libdevmapper | export --pool-reader files (daemon stopped)
# Page cache dropped before each run; each run writes to the guest's root filesystem. Results: out/bench.tsv.
# Run by scripts/benchmark-vm-pool.sh (bash, in the guest, cwd /host, lib.sh and the drivershift binary beside it).
. /host/lib.sh
BIG_MB=${BIG_MB:-40}
RUNS=${RUNS:-2}
plan guest-binary dockerd-ready bench-images bench-save bench-libdevmapper bench-files
check_binary || exit 1
step dockerd-start
dockerd_ready

step images
import_base
mkdir -p /tmp/bench/big /tmp/bench/small
for i in 1 2 3 4; do head -c "$((BIG_MB * 1048576))" /dev/urandom >"/tmp/bench/big/f$i.bin"; done
for i in $(seq 1 3000); do head -c 16384 /dev/urandom >"/tmp/bench/small/s$i"; done
build bench:1 'FROM base:1
COPY big/ /big/' /tmp/bench/big
build bench:2 'FROM bench:1
COPY small/ /small/' /tmp/bench/small
build bench:3 'FROM bench:2
RUN head -c 50000000 /dev/urandom >/r.bin && rm /big/f1.bin'
rm -rf /tmp/bench
images="bench:1 bench:2 bench:3"
docker save -o /root/save.tar $images
save_bytes=$(stat -c %s /root/save.tar)
rm -f /root/save.tar
pass bench-images "$images: docker save writes $save_bytes bytes"

# measure LABEL COMMAND...: RUNS timed runs after dropping the page cache; prints the best and all seconds.
measure() {
    local label=$1 best="" all="" t0 t1 s
    shift
    for _ in $(seq 1 "$RUNS"); do
        rm -rf /root/out.tar /root/store
        sync
        echo 3 >/proc/sys/vm/drop_caches
        t0=$(date +%s.%N)
        "$@" >>"$OUT/bench-$label.log" 2>&1 || { echo "FAILED"; return 1; }
        sync
        t1=$(date +%s.%N)
        s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
        all="$all $s"
        if [ -z "$best" ] || awk -v s="$s" -v b="$best" 'BEGIN { exit !(s < b) }'; then best=$s; fi
    done
    echo "$best$all"
}

step bench-save
r=$(measure save docker save -o /root/out.tar $images) && pass bench-save "$r" || fail bench-save "docker save failed"
printf 'docker save\t%s\t%s\n' "$save_bytes" "$r" >>"$OUT/bench.tsv"
step dockerd-stop
stop_dockerd

# bench_export READER: `drivershift export --pool-reader READER` of the images, timed; the check bench-READER.
bench_export() {
    local reader=$1 r bytes
    if r=$(measure "$reader" "$DS" export --to /root/store --images $images --source disk --pool-reader "$reader"); then
        bytes=$(jq '[.images[].layers[] | {d: .diffID, s: .size}] | unique_by(.d) | map(.s) | add' \
            /root/store/drivershift-export.json)
        pass "bench-$reader" "$r (layer bytes $bytes)"
        printf 'export %s\t%s\t%s\n' "$reader" "$bytes" "$r" >>"$OUT/bench.tsv"
    else
        fail "bench-$reader" "$(tail -c 300 "$OUT/bench-$reader.log")"
    fi
}
step bench-libdevmapper
bench_export libdevmapper
step bench-files
bench_export files
step ""
