#!/bin/bash
# Both ways of reading a stopped devicemapper pool, timed side by side with `docker save` of the same images, in
# one run of the test VM (a real Docker 20.10 loop-lvm pool; qemu software emulation, so absolute times are slow:
# compare the rows with each other). Prints a Markdown table for docs/benchmarks.md.
#   sudo ./scripts/benchmark-vm-pool.sh [CACHE_DIR]
# The guest job is vm/bench/pool-readers.sh. Environment: VM_SUITE_BINARY=PATH uses that guest binary (build a
# release one: vm/build-guest-binary.sh); BIG_MB (size of each of the 4 large files, default 40), RUNS (default 2).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${DRIVERSHIFT_VM_CACHE:-/var/tmp/drivershift-vm}}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
"$repo/vm/build-image.sh" "$cache" >&2
if [ -n "${VM_SUITE_BINARY:-}" ]; then
    binary=$VM_SUITE_BINARY
else
    "$repo/vm/build-guest-binary.sh" "$cache/suite-bin" >&2
    binary=$cache/suite-bin/drivershift
fi
job=$cache/jobs/bench-pool-readers
rm -rf "$job"
mkdir -p "$job"
install -m 0755 "$binary" "$job/drivershift"
cp "$repo/vm/suite/lib.sh" "$job/lib.sh"
cp "$repo/vm/bench/pool-readers.sh" "$job/suite-job.sh"
printf 'export BIG_MB=%s RUNS=%s\nexec bash /host/suite-job.sh\n' "${BIG_MB:-40}" "${RUNS:-2}" >"$job/job.sh"
rc=0
VM_TIMEOUT=${VM_TIMEOUT:-3600} "$repo/vm/run-job.sh" "$cache" "$job" || rc=$?
cat "$job/out/results.tsv" >&2 || true
if [ "$rc" -ne 0 ] || [ ! -s "$job/out/bench.tsv" ]; then
    echo "benchmark-vm-pool: the guest job failed (exit $rc); see $job/job.log" >&2
    exit 1
fi
awk -F'\t' '
    { name[NR] = $1; bytes[NR] = $2; split($3, t, " "); best[NR] = t[1]; r = $3; sub(/^[^ ]+ /, "", r); runs[NR] = r }
    $1 == "docker save" { save = t[1] }
    END {
        print "| run (same guest, page cache dropped) | bytes | best of runs, s | all runs, s | s per GB | vs docker save |"
        print "| --- | ---: | ---: | --- | ---: | ---: |"
        for (i = 1; i <= NR; i++)
            printf "| %s | %d | %.2f | %s | %.1f | %.2fx |\n", name[i], bytes[i], best[i], runs[i],
                best[i] / (bytes[i] / 1e9), save / best[i]
    }' "$job/out/bench.tsv"
