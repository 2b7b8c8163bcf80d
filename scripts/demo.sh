#!/usr/bin/env bash
# The safe default: builds drivershift, starts a throwaway dockerd sandbox with sample images (never the host's
# own Docker), and migrates it from vfs (standing in for devicemapper, which this kernel lacks) to overlay2:
# inventory, plan, dry-run report, run, and the result; then removes the sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

bin=$(swift build --show-bin-path)
sandbox=$(mktemp -d /tmp/drivershift-demo.XXXXXX)
trap '"$bin/drivershift-sandbox" down --dir "$sandbox" >/dev/null 2>&1 || true' EXIT

echo "== starting a sandbox dockerd (vfs) with sample images in $sandbox"
eval "$("$bin/drivershift-sandbox" up --driver vfs --dir "$sandbox")"
host=(--host-root "$HOST_ROOT" --host "$DOCKER_HOST")
# The sandbox's dockerd is stopped and started by drivershift-sandbox, as systemd would on a real host.
control=(--daemon-control command --daemon-start "$bin/drivershift-sandbox start --dir $sandbox"
  --daemon-stop "$bin/drivershift-sandbox stop --dir $sandbox" --daemon-log /var/log/dockerd.log)

echo "== drivershift inventory ${host[*]}"
"$bin/drivershift" inventory "${host[@]}"
echo
echo "== drivershift plan --to overlay2 ... -o $sandbox/plan.yaml"
"$bin/drivershift" plan --to overlay2 "${host[@]}" "${control[@]}" -o "$sandbox/plan.yaml"
"$bin/drivershift" report "$sandbox/plan.yaml" --format html -o "$sandbox/dry-run.html"
echo
echo "== drivershift report $sandbox/plan.yaml (the dry run, first lines; full HTML in $sandbox/dry-run.html)"
"$bin/drivershift" report "$sandbox/plan.yaml" --format md -o "$sandbox/dry-run.md"
head -40 "$sandbox/dry-run.md"
echo
echo "== drivershift run --plan $sandbox/plan.yaml --yes"
status=0
"$bin/drivershift" run --plan "$sandbox/plan.yaml" --yes || status=$?
[[ $status -eq 2 ]] || { echo "demo: the run did not end with 'changed' (exit $status)" >&2; exit 1; }
echo
echo "== the sandbox afterwards: driver, images, containers"
/usr/bin/docker -H "$DOCKER_HOST" info --format 'storage driver: {{.Driver}}'
/usr/bin/docker -H "$DOCKER_HOST" image ls
/usr/bin/docker -H "$DOCKER_HOST" ps --all
