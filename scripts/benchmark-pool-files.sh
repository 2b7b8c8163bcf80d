#!/usr/bin/env bash
# Pool-files benchmark: `drivershift export --source disk` reading a stopped devicemapper pool from its data and
# metadata files (thin_check, thin_dump, a device image per layer, read-only loop mounts), side by side with
# `docker save` of the same images in the same run.
#
# This kernel has no device-mapper, so the pool is built from the images of an overlay2 sandbox by
# scripts/make-pool-data-root.py (per layer an xfs thin device with the merged tree, as Docker's driver keeps it,
# and real thin metadata through thin_restore); docker save runs against that overlay2 daemon.
# Usage: sudo ./scripts/benchmark-pool-files.sh [size-scale, default 1]   (prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
runs=${BENCH_RUNS:-3}
./scripts/setup.sh >/dev/null
command -v /usr/bin/time >/dev/null || { apt-get install -y -q time >/dev/null; }
swift build -c release --product drivershift 2>&1 | grep -E "error" || true
swift build -c release --product drivershift-sandbox 2>&1 | grep -E "error" || true
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d /var/tmp/drivershift-bench-pool.XXXXXX)
sandbox=$work/host
trap '"$bin/drivershift-sandbox" down --dir "$sandbox" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
eval "$("$bin/drivershift-sandbox" up --driver overlay2 --dir "$sandbox" --no-samples 2>/dev/null)"
docker=(/usr/bin/docker -H "$DOCKER_HOST")
. scripts/bench-lib.sh
build_bench_images

echo "== building the devicemapper pool from the overlay2 layers" >&2
pool_host=$work/pool-host
python3 scripts/make-pool-data-root.py "$HOST_ROOT/var/lib/docker" "$pool_host/var/lib/docker" "$work/pool-work" >&2
rm -rf "$work/pool-work"

results=()
"${docker[@]}" save -o "$work/save.tar" "${images[@]}"
save_bytes=$(stat -c %s "$work/save.tar")
rm -f "$work/save.tar"
results+=("$(measure "docker save -o FILE && sync (overlay2 daemon)" sh -c "${docker[*]} save -o $work/save.tar ${images[*]} && sync")")
rm -f "$work/save.tar"
export_pool=("$bin/drivershift" export --host-root "$pool_host" --offline --source disk --images "${images[@]}")
"${export_pool[@]}" --to "$work/store-check" >/dev/null 2>&1
"$bin/drivershift" verify "$work/store-check" >/dev/null
store_bytes=$(du -sb --exclude=.device-scratch "$work/store-check" | cut -f1)
rm -rf "$work/store-check"
results+=("$(measure "drivershift export, pool files, --jobs 2" "${export_pool[@]}" --to "$work/store-pool2" --jobs 2)")
results+=("$(measure "drivershift export, pool files, --jobs 1" "${export_pool[@]}" --to "$work/store-pool1" --jobs 1)")

pool_data=$(du -B1 "$pool_host/var/lib/docker/devicemapper/devicemapper/data" | cut -f1)
echo
echo "docker save output: $save_bytes bytes; drivershift store: $store_bytes bytes (verified); pool data allocated: $pool_data bytes"
echo
echo "| what | median seconds ($runs cold-cache runs) | GB of layer tars per minute | vs docker save | peak RSS | all runs |"
echo "|---|---|---|---|---|---|"
base=$(echo "${results[0]}" | cut -d'|' -f2)
for row in "${results[@]}"; do
  IFS='|' read -r label seconds rss all <<<"$row"
  figures=$(python3 -c "print(f'{$store_bytes / 1e9 / $seconds * 60:.1f} | {$base / $seconds:.2f}x')")
  echo "| $label | $seconds | $figures | $((rss / 1024)) MiB | $all |"
done
