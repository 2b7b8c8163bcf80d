#!/bin/bash
# Runs one job in the drivershift test VM and returns its exit status.
#   vm/run-job.sh CACHE_DIR JOB_DIR [--disk-b SIZE]
# JOB_DIR/job.sh runs as root in the guest with JOB_DIR as its working directory (/host in the guest);
# its output goes to JOB_DIR/job.log, its exit code to JOB_DIR/job.rc, the guest console to
# JOB_DIR/console.log. The root disk is a throwaway qcow2 overlay, so CACHE_DIR/root.img stays pristine.
# --disk-b SIZE adds a blank disk /dev/vdb of that size (for direct-lvm).
# Environment: VM_TIMEOUT seconds before qemu is killed (default 1800), VM_MEM (MiB, 4096), VM_SMP (2).
# Exit status: the job's; 124 when the VM was killed by the timeout; 125 when the job left no job.rc.
set -euo pipefail

usage() { echo "usage: $0 CACHE_DIR JOB_DIR [--disk-b SIZE]" >&2; exit 64; }
[ $# -ge 2 ] || usage
cache=$(cd "$1" && pwd)
job=$(cd "$2" && pwd)
shift 2
disk_b=""
while [ $# -gt 0 ]; do
    case "$1" in
    --disk-b) [ $# -ge 2 ] || usage; disk_b=$2; shift 2 ;;
    *) usage ;;
    esac
done
timeout_s=${VM_TIMEOUT:-1800}

for f in vmlinuz initrd.img root.img; do
    if [ ! -f "$cache/$f" ]; then
        echo "run-job: $cache/$f is missing; build the guest first: vm/build-image.sh $cache" >&2
        exit 1
    fi
done
if [ ! -f "$job/job.sh" ]; then
    echo "run-job: $job/job.sh is missing; put the guest's job script there" >&2
    exit 1
fi

mkdir -p "$cache/runs"
run=$(mktemp -d "$cache/runs/run.XXXXXX")
cleanup() { rm -rf "$run"; }
trap cleanup EXIT

qemu-img create -q -f qcow2 -b "$cache/root.img" -F raw "$run/root.qcow2"
drives=(-drive "file=$run/root.qcow2,format=qcow2,if=virtio,cache=unsafe")
if [ -n "$disk_b" ]; then
    qemu-img create -q -f qcow2 "$run/disk-b.qcow2" "$disk_b"
    drives+=(-drive "file=$run/disk-b.qcow2,format=qcow2,if=virtio,cache=unsafe")
fi

rm -f "$job/job.rc" "$job/job.log"
start=$(date +%s)
status=0
# timeout: the VM can never outlive its budget, whatever the guest does. timeout runs in its own
# process group, so Ctrl-C or a TERM to this script is forwarded to it explicitly.
timeout --kill-after=15 "$timeout_s" qemu-system-x86_64 \
    -accel tcg -smp "${VM_SMP:-2}" -m "${VM_MEM:-4096}" \
    -nographic -no-reboot -nic none \
    -kernel "$cache/vmlinuz" -initrd "$cache/initrd.img" \
    -append "root=/dev/vda rw console=ttyS0 apparmor=0 init=/sbin/guest-init.sh panic=-1 quiet" \
    "${drives[@]}" \
    -virtfs "local,path=$job,mount_tag=host0,security_model=passthrough,id=host0" \
    </dev/null >"$job/console.log" 2>&1 &
vm_pid=$!
trap 'kill -TERM "$vm_pid" 2>/dev/null; wait "$vm_pid"; echo "run-job: interrupted; the VM was stopped" >&2; exit 130' INT TERM
wait "$vm_pid" || status=$?
trap - INT TERM
elapsed=$(( $(date +%s) - start ))

if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "run-job: the VM did not finish within ${timeout_s}s and was killed; see $job/console.log and $job/job.log" >&2
    exit 124
fi
if [ ! -f "$job/job.rc" ]; then
    echo "run-job: the guest left no job.rc (qemu exit $status after ${elapsed}s); see $job/console.log" >&2
    exit 125
fi
rc=$(cat "$job/job.rc")
echo "run-job: job exited $rc after ${elapsed}s (qemu exit $status)" >&2
exit "$rc"
