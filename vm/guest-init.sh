#!/bin/sh
# PID 1 of the drivershift test VM (installed as /sbin/guest-init.sh by vm/build-image.sh).
# A shell init instead of systemd: boots to the job in seconds and does only what the jobs need.
# Runs /host/job.sh from the 9p share (mount_tag host0); output to /host/job.log, exit code to
# /host/job.rc; then powers off. Never returns: PID 1 exiting would panic the kernel.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8

say() { echo "[guest-init] $*" >/dev/console 2>/dev/null || echo "[guest-init] $*"; }

halt_now() {
    sync
    umount /host 2>/dev/null
    mount -o remount,ro / 2>/dev/null
    poweroff -f
    echo o >/proc/sysrq-trigger
    sleep 60
}

# The initramfs moves its /proc, /sys, /dev and /run over; mount only what is not there yet.
mnt() { mountpoint -q "$3" || mount -t "$1" ${4:+-o "$4"} "$2" "$3"; }
mkdir -p /proc /sys /dev /run /tmp
mnt proc proc /proc
mnt sysfs sysfs /sys
mnt devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /sys/fs/cgroup
mnt devpts devpts /dev/pts
mnt tmpfs tmpfs /dev/shm
mnt tmpfs tmpfs /run mode=0755
mnt tmpfs tmpfs /tmp
mnt cgroup2 cgroup2 /sys/fs/cgroup
mount -o remount,rw / 2>/dev/null
hostname drivershift-vm
ip link set lo up 2>/dev/null

# udev before any device-mapper use: dockerd and lvm wait for udev to acknowledge dm devices.
mkdir -p /run/udev
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add --type=subsystems
udevadm trigger --action=add --type=devices
udevadm settle --timeout=30

for m in dm_mod dm_thin_pool dm_snapshot loop overlay xfs 9pnet_virtio 9p bridge br_netfilter veth nf_tables \
    nft_compat nft_chain_nat xt_MASQUERADE xt_addrtype xt_conntrack iptable_nat iptable_filter; do
    modprobe "$m" 2>/dev/null || say "modprobe $m failed"
done

mkdir -p /host
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 host0 /host; then
    say "cannot mount the 9p share host0; powering off"
    halt_now
fi

if [ -f /host/job.sh ]; then
    say "running job.sh"
    rm -f /host/job.rc
    (cd /host && exec sh /host/job.sh) >/host/job.log 2>&1 </dev/null
    rc=$?
    echo "$rc" >/host/job.rc
    say "job.sh exited $rc"
else
    say "no /host/job.sh"
    echo 127 >/host/job.rc
fi
halt_now
