#!/bin/bash
# The VM suite: the real drivershift binary against a real devicemapper Docker 20.10 in the test VM.
#   scripts/vm-suite.sh [CACHE_DIR [JOB...]]
# Builds the guest image (vm/build-image.sh, idempotent) and a guest binary (vm/build-guest-binary.sh), runs
# each guest job vm/suite/NN-NAME.sh (or only the NAMEs given) through vm/run-job.sh, prints PASS/FAIL per
# check and a closing line "N passed, M failed"; exits 1 on any failure. What each job checks: vm/README.md.
# CACHE_DIR: default $DRIVERSHIFT_VM_CACHE, else /var/tmp/drivershift-vm (kept outside the repository).
# Environment: VM_SUITE_BINARY=PATH uses that guest binary instead of building one; VM_TIMEOUT per job
# (default 1500 s). Job outputs stay in CACHE_DIR/jobs/suite-NAME/ (job.log, console.log, out/).
# A job that needs a blank second disk (/dev/vdb, for direct-lvm) says so in a line `# vm-suite: --disk-b SIZE`.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${DRIVERSHIFT_VM_CACHE:-/var/tmp/drivershift-vm}}
[ $# -eq 0 ] || shift
only=("$@")
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
log() { printf '[vm-suite %s] %s\n' "$(date +%T)" "$*" >&2; }
passed=0
failed=0
timings=()
report() { # STATUS CHECK DETAIL
    printf '%s %s: %s\n' "$1" "$2" "$3"
    if [ "$1" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
timed() { # LABEL COMMAND...: runs COMMAND, records its duration
    local label=$1 t0 rc=0
    shift
    t0=$(date +%s)
    "$@" || rc=$?
    timings+=("$label $(($(date +%s) - t0))s")
    return "$rc"
}
finish() {
    log "timings: ${timings[*]}"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

suite_t0=$(date +%s)
if ! timed build-image "$repo/vm/build-image.sh" "$cache"; then
    report FAIL setup/build-image "vm/build-image.sh $cache failed (output above)"
    finish
fi
if [ -n "${VM_SUITE_BINARY:-}" ]; then
    binary=$VM_SUITE_BINARY
    log "using the guest binary $binary (VM_SUITE_BINARY)"
else
    if ! timed build-binary "$repo/vm/build-guest-binary.sh" "$cache/suite-bin"; then
        report FAIL setup/build-binary "vm/build-guest-binary.sh failed (output above)"
        finish
    fi
    binary=$cache/suite-bin/drivershift
fi
if [ ! -x "$binary" ]; then
    report FAIL setup/binary "$binary is not an executable file"
    finish
fi

for script in "$repo"/vm/suite/[0-9]*.sh; do
    name=$(basename "$script" .sh)
    name=${name#*-}
    if [ ${#only[@]} -gt 0 ] && ! printf '%s\n' "${only[@]}" | grep -qx "$name"; then continue; fi
    job=$cache/jobs/suite-$name
    rm -rf "$job"
    mkdir -p "$job"
    install -m 0755 "$binary" "$job/drivershift"
    cp "$repo/vm/suite/lib.sh" "$job/lib.sh"
    # The binary finds its playbooks (overlay2.yaml, direct-lvm.yaml) in playbooks/ beside it.
    cp -r "$repo/playbooks" "$job/playbooks"
    cp "$script" "$job/suite-job.sh"
    # The guest init runs job.sh with sh; the suite's jobs are bash.
    printf 'exec bash /host/suite-job.sh\n' >"$job/job.sh"
    log "job $name: running in the VM (minutes under TCG); log in $job/job.log"
    # Per-job run-job.sh options, from the job's own `# vm-suite:` line (only --disk-b SIZE is accepted).
    run_opts=()
    read -r -a run_opts < <(sed -n 's/^# vm-suite: //p' "$script" | head -n 1)
    if [ ${#run_opts[@]} -gt 0 ] && ! { [ ${#run_opts[@]} -eq 2 ] && [ "${run_opts[0]}" = --disk-b ]; }; then
        report FAIL "$name/job" "unknown '# vm-suite:' options in $script: ${run_opts[*]} (only --disk-b SIZE)"
        continue
    fi
    rc=0
    VM_TIMEOUT=${VM_TIMEOUT:-1500} timed "job-$name" "$repo/vm/run-job.sh" "$cache" "$job" "${run_opts[@]}" || rc=$?
    results=$job/out/results.tsv
    if [ -f "$results" ]; then
        while IFS=$'\t' read -r status check detail; do
            report "$status" "$name/$check" "$detail"
        done <"$results"
    fi
    # A planned check that reported nothing failed: the job died before it got there.
    if [ -f "$job/out/planned.txt" ]; then
        while read -r check; do
            [ -n "$check" ] || continue
            if ! cut -f2 "$results" 2>/dev/null | grep -qx "$check"; then
                report FAIL "$name/$check" "not reached (job exit $rc; see $job/job.log)"
            fi
        done <"$job/out/planned.txt"
    else
        report FAIL "$name/job" "the job recorded no plan (exit $rc); see $job/job.log and $job/console.log"
    fi
    if [ "$rc" -ne 0 ] && ! grep -q '^FAIL' "$results" 2>/dev/null; then
        report FAIL "$name/job" "run-job.sh exited $rc; see $job/job.log and $job/console.log"
    fi
    if [ -f "$job/out/timings.tsv" ]; then
        log "job $name steps: $(awk -F'\t' '{printf "%s %ss, ", $1, $2}' "$job/out/timings.tsv")"
    fi
done
timings+=("total $(($(date +%s) - suite_t0))s")
finish
