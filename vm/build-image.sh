#!/bin/bash
# Builds the VM guest for drivershift's real-devicemapper tests (recipe: vm/README.md).
#   vm/build-image.sh CACHE_DIR
# Produces CACHE_DIR/{vmlinuz,initrd.img,root.img} and CACHE_DIR/image.stamp. Idempotent: each stage
# is skipped when its output exists; remove CACHE_DIR/image.stamp (or the file) to redo it.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 CACHE_DIR" >&2
    exit 64
fi
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
cache=$(cd "$1" && pwd)
log() { printf '[build-image %s] %s\n' "$(date +%T)" "$*" >&2; }

# The stamp names the inputs: a changed guest-init.sh or package list rebuilds the image.
packages="docker.io containerd runc tini iptables lvm2 dmsetup thin-provisioning-tools xfsprogs e2fsprogs kmod
udev systemd-sysv iproute2 busybox-static initramfs-tools zstd linux-base jq procps util-linux
libarchive13 libdevmapper1.02.1"
packages=$(echo $packages | tr ' ' ',')
# Exactly one kernel: the version Debian's linux-image-amd64 meta package points at (never a glob).
kpkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n1)
if [ -z "$kpkg" ]; then
    echo "build-image: apt-cache offers no linux-image-6.1.0-NN-amd64 through linux-image-amd64; run apt-get update" >&2
    exit 1
fi
rootfs_stamp=$(echo "$packages $kpkg" | sha256sum | cut -c1-16)
want_stamp=$(cat <(echo "$rootfs_stamp") "$here/guest-init.sh" | sha256sum | cut -c1-16)
if [ -f "$cache/image.stamp" ] && [ "$(cat "$cache/image.stamp")" = "$want_stamp" ] &&
    [ -f "$cache/root.img" ] && [ -f "$cache/vmlinuz" ] && [ -f "$cache/initrd.img" ]; then
    log "up to date ($cache, stamp $want_stamp)"
    exit 0
fi

# Host tools. Only what is missing is installed.
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v qemu-img >/dev/null || need+=(qemu-utils)
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v zstd >/dev/null || need+=(zstd)
command -v mke2fs >/dev/null || need+=(e2fsprogs)
command -v thin_check >/dev/null || need+=(thin-provisioning-tools)
command -v jq >/dev/null || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
    log "installing host tools: ${need[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

kdeb=$(ls "$cache"/"$kpkg"_*.deb 2>/dev/null | head -n1 || true)
if [ -z "$kdeb" ]; then
    log "downloading $kpkg"
    (cd "$cache" && apt-get download "$kpkg")
    kdeb=$(ls "$cache"/"$kpkg"_*.deb | head -n1)
fi
log "kernel package: $(basename "$kdeb")"

rootfs="$cache/rootfs"
if [ ! -f "$cache/rootfs.stamp" ] || [ "$(cat "$cache/rootfs.stamp")" != "$rootfs_stamp" ]; then
    rm -rf "$rootfs" "$cache/root.img" "$cache/vmlinuz" "$cache/initrd.img"
    log "mmdebstrap bookworm -> $rootfs"
    # The kernel is installed in a hook after the initramfs module list is extended, so its postinst
    # builds an initrd that can find /dev/vda (virtio) and mount ext4.
    mmdebstrap --mode=root --variant=apt --aptopt='APT::Install-Recommends "false"' \
        --include="$packages" \
        --customize-hook='printf "virtio_pci\nvirtio_blk\next4\n" >> "$1/etc/initramfs-tools/modules"' \
        --customize-hook="copy-in $kdeb /tmp" \
        --customize-hook="chroot \"\$1\" dpkg -i /tmp/$(basename "$kdeb")" \
        --customize-hook="rm -f \"\$1\"/tmp/*.deb" \
        --customize-hook="copy-in $here/guest-init.sh /sbin" \
        --customize-hook='chmod 0755 "$1/sbin/guest-init.sh"' \
        --customize-hook='echo drivershift-vm > "$1/etc/hostname"' \
        --customize-hook='mkdir -p "$1/host"' \
        bookworm "$rootfs"
    echo "$rootfs_stamp" >"$cache/rootfs.stamp"
fi
# Keep the guest script current even when the rootfs is reused.
install -m 0755 "$here/guest-init.sh" "$rootfs/sbin/guest-init.sh"

if [ ! -f "$cache/vmlinuz" ] || [ ! -f "$cache/initrd.img" ]; then
    kver=${kpkg#linux-image-}
    cp "$rootfs/boot/vmlinuz-$kver" "$cache/vmlinuz"
    cp "$rootfs/boot/initrd.img-$kver" "$cache/initrd.img"
fi

if [ ! -f "$cache/root.img" ] || [ "$(cat "$cache/image.stamp" 2>/dev/null)" != "$want_stamp" ]; then
    log "mke2fs -d -> root.img (12G sparse)"
    rm -f "$cache/root.img.tmp"
    mke2fs -q -t ext4 -L drivershift-root -d "$rootfs" "$cache/root.img.tmp" 12G
    mv "$cache/root.img.tmp" "$cache/root.img"
fi
echo "$want_stamp" >"$cache/image.stamp"
log "done: $cache/vmlinuz $cache/initrd.img $cache/root.img"
