#!/bin/sh
# This fixture is made by vm/make-real-pool-fixture.sh (the script that made it, committed with it).
# Remake it (about 10 minutes; boots the test VM under qemu TCG, see vm/README.md):
#   Tests/Fixtures/real-pool/make.sh CACHE_DIR
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 CACHE_DIR   (where the VM image and kernel are kept, outside the repository)" >&2
    exit 64
fi
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/../../../vm/make-real-pool-fixture.sh" "$1" "$here"
