#!/bin/bash
# Builds drivershift so it runs in the test VM and copies the binary to OUT_DIR.
#   vm/build-guest-binary.sh OUT_DIR
# The guest is Debian 12 like the build host, so glibc matches; the Swift runtime is linked statically
# (--static-swift-stdlib), leaving only system libraries the guest image carries (libarchive13,
# libdevmapper1.02.1). Build products go to .build-vm in the repository, apart from the normal .build.
# Environment: SWIFT_BIN (default /opt/swift/usr/bin), VM_BUILD_JOBS (default: swift's own choice).
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 64
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
export PATH="${SWIFT_BIN:-/opt/swift/usr/bin}:$PATH"
log() { printf '[build-guest-binary %s] %s\n' "$(date +%T)" "$*" >&2; }

if ! command -v swift >/dev/null; then
    echo "build-guest-binary: swift is not on PATH (looked in ${SWIFT_BIN:-/opt/swift/usr/bin}); set SWIFT_BIN" >&2
    exit 1
fi
jobs=()
[ -z "${VM_BUILD_JOBS:-}" ] || jobs=(-j "$VM_BUILD_JOBS")

start=$(date +%s)
log "swift build -c release --static-swift-stdlib --product drivershift (build path $repo/.build-vm)"
(cd "$repo" && swift build -c release --static-swift-stdlib --product drivershift \
    --build-path "$repo/.build-vm" "${jobs[@]}")
bin=$(cd "$repo" && swift build -c release --static-swift-stdlib --product drivershift \
    --build-path "$repo/.build-vm" --show-bin-path)/drivershift
if [ ! -x "$bin" ]; then
    echo "build-guest-binary: the build finished but $bin is missing" >&2
    exit 1
fi
install -m 0755 "$bin" "$out/drivershift"
# What the guest must provide: every shared library the binary asks for (checked again in the guest).
ldd "$out/drivershift" | awk '{print $1}' | sort >"$out/drivershift.needed"
log "built in $(( $(date +%s) - start ))s: $out/drivershift ($(du -h "$out/drivershift" | cut -f1)); needs: $(tr '\n' ' ' <"$out/drivershift.needed")"
