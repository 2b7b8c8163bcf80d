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
  zstd                                      # unpacks the real-pool fixture (Tests/Fixtures/real-pool)
  e2fsprogs patch                           # mkfs.ext4 for test filesystems; patch applies the golden diffs
  skopeo                                    # reads export stores as OCI layouts in the tests
  openssh-server openssh-client             # the fleet tests reach their sandbox hosts over real SSH
  python3-venv binutils                     # a venv for ansible (below); strip for the binary they install
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

# The fleet playbook's control-machine tools (ansible-core, ansible-lint), pinned, from PyPI into a venv that
# .gitignore's .build-* keeps out of git. Debian's python3, not whatever python3 comes first on PATH.
if [[ ! -x .build-venv/bin/python ]]; then
  /usr/bin/python3 -m venv .build-venv
fi
.build-venv/bin/pip install --quiet --disable-pip-version-check -r playbooks/fleet/requirements.txt ||
  { echo "setup.sh: installing ansible-core and ansible-lint from PyPI into .build-venv failed" >&2; exit 1; }

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
