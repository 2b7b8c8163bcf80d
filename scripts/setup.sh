#!/usr/bin/env bash
# Installs what drivershift needs on Debian 12 and builds it. Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -ne 0 ]]; then
  echo "setup.sh: run as root (it installs Debian packages and the tests start their own dockerd)." >&2
  exit 1
fi

packages=(
  pkg-config libarchive-dev libdevmapper-dev # the C libraries drivershift links
  docker.io                                 # dockerd 20.10 (still has devicemapper) for the sandboxes and tests
  busybox-static                            # the base of the sample images, built with no network
  thin-provisioning-tools xfsprogs lvm2     # thin_check/thin_dump, xfs_info, LVM tools
  util-linux tar gzip attr                  # setpriv, losetup, partx, wipefs, mount, setfattr
  e2fsprogs patch                           # mkfs.ext4 for test filesystems; patch applies the golden diffs
  skopeo                                    # reads export stores as OCI layouts in the tests
  tmux                                      # a real terminal for the wizard's tests (send-keys, capture-pane)
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup.sh: installing ${missing[*]}"
  apt-get update -q
  # No service may start during install: the tests and the demo start their own daemons.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  rm -f /usr/sbin/policy-rc.d
fi

if ! command -v swift >/dev/null; then
  for candidate in /opt/swift/usr/bin /opt/swift/bin /usr/share/swift/usr/bin; do
    [[ -x $candidate/swift ]] && export PATH="$candidate:$PATH" && break
  done
fi
command -v swift >/dev/null || {
  echo "setup.sh: no Swift toolchain found (need Swift 6.1 or newer on PATH, e.g. /opt/swift/usr/bin)." >&2
  exit 1
}

swift build 2>&1 | grep -vE "found 1 file\(s\) which are unhandled" || { echo "setup.sh: build failed" >&2; exit 1; }
