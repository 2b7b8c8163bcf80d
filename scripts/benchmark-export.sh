#!/usr/bin/env bash
# Export benchmark: drivershift export vs docker save of the same images, same daemon, same run.
# Builds ~1 GB of images with shared layers and many small files in a throwaway overlay2 sandbox.
# Usage: sudo ./scripts/benchmark-export.sh [size-scale, default 1]   (results are printed as a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
./scripts/setup.sh >/dev/null
command -v /usr/bin/time >/dev/null || { apt-get install -y -q time >/dev/null; }
swift build -c release --product drivershift 2>&1 | grep -E "error|Compiling drivershift" || true
swift build -c release --product drivershift-sandbox 2>&1 | grep -E "error" || true
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d /tmp/drivershift-bench.XXXXXX)
sandbox=$work/host
# BENCH_KEEP=1 leaves the sandbox running for profiling (its directory is printed).
if [[ ${BENCH_KEEP:-0} == 1 ]]; then
  trap 'echo "kept: $work (drivershift-sandbox down --dir $sandbox)" >&2' EXIT
else
  trap '"$bin/drivershift-sandbox" down --dir "$sandbox" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fi
eval "$("$bin/drivershift-sandbox" up --driver overlay2 --dir "$sandbox" --no-samples 2>/dev/null)"
docker=(/usr/bin/docker -H "$DOCKER_HOST")

. scripts/bench-lib.sh
build_bench_images

runs=${BENCH_RUNS:-3}

results=()
"${docker[@]}" save -o "$work/save.tar" "${images[@]}"
save_bytes=$(stat -c %s "$work/save.tar"); rm -f "$work/save.tar"
results+=("$(measure "docker save -o FILE (3 images)" "${docker[@]}" save -o "$work/save.tar" "${images[@]}")")
# drivershift fsyncs every blob before naming it; `sync` puts docker save's file on disk too, for a like-for-like
# "safely on disk" time.
results+=("$(measure "docker save -o FILE && sync" sh -c "${docker[*]} save -o $work/save.tar ${images[*]} && sync")")
rm -f "$work/save.tar"
"$bin/drivershift" export --host-root "$HOST_ROOT" --host "$DOCKER_HOST" --to "$work/store-size" --images "${images[@]}" >/dev/null 2>&1
store_bytes=$(du -sb "$work/store-size" | cut -f1); rm -rf "$work/store-size"
results+=("$(measure "drivershift export --source disk --jobs 2" "$bin/drivershift" export --host-root "$HOST_ROOT" --host "$DOCKER_HOST" --to "$work/store-disk2" --images "${images[@]}" --source disk --jobs 2)")
results+=("$(measure "drivershift export --source disk --jobs 1" "$bin/drivershift" export --host-root "$HOST_ROOT" --host "$DOCKER_HOST" --to "$work/store-disk1" --images "${images[@]}" --source disk --jobs 1)")
results+=("$(measure "drivershift export --source daemon" "$bin/drivershift" export --host-root "$HOST_ROOT" --host "$DOCKER_HOST" --to "$work/store-daemon" --images "${images[@]}" --source daemon)")

base=$(echo "${results[0]}" | cut -d'|' -f2)
disk_write=$(dd if=/dev/zero of="$work/dd" bs=1M count=1000 conv=fsync 2>&1 | tail -1 | sed 's/.*, //'); rm -f "$work/dd"
echo
echo "docker save output: $save_bytes bytes; drivershift store: $store_bytes bytes; this disk writes $disk_write (dd, fsync)"
echo
echo "| what | median seconds ($runs cold-cache runs) | speed-up vs docker save | peak RSS of the command | all runs |"
# The first row is the reference; the speed-up of each row is against it.
echo "|---|---|---|---|---|"
for row in "${results[@]}"; do
  IFS='|' read -r label seconds rss all <<<"$row"
  speedup=$(python3 -c "print(f'{$base/$seconds:.1f}x' if $seconds > 0 else '-')")
  echo "| $label | $seconds | $speedup | $((rss / 1024)) MiB | $all |"
done
