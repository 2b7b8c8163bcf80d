#!/usr/bin/env bash
# The safe default: builds drivershift, starts a throwaway dockerd sandbox with sample images (never the host's
# own Docker), shows its inventory, exports its images and verifies the export, then removes the sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

bin=$(swift build --show-bin-path)
sandbox=$(mktemp -d /tmp/drivershift-demo.XXXXXX)
trap '"$bin/drivershift-sandbox" down --dir "$sandbox" >/dev/null 2>&1 || true; rm -rf "$sandbox-export"' EXIT

echo "== starting a sandbox dockerd (overlay2) with sample images in $sandbox"
eval "$("$bin/drivershift-sandbox" up --driver overlay2 --dir "$sandbox")"
echo "== drivershift inventory --host-root $HOST_ROOT --host $DOCKER_HOST"
"$bin/drivershift" inventory --host-root "$HOST_ROOT" --host "$DOCKER_HOST"
echo
echo "== drivershift export --host-root $HOST_ROOT --host $DOCKER_HOST --to $sandbox-export --all"
"$bin/drivershift" export --host-root "$HOST_ROOT" --host "$DOCKER_HOST" --to "$sandbox-export" --all
echo
echo "== drivershift verify $sandbox-export"
"$bin/drivershift" verify "$sandbox-export"
