# Shared helpers of the VM suite's guest jobs (bash, sourced; runs in the guest as root, cwd /host).
# A job declares its checks with `plan`, reports each with `pass`/`fail`; scripts/vm-suite.sh counts a
# planned check without a result as failed, so a job that dies half-way can never look green.
# Results: /host/out/results.tsv (STATUS<TAB>check<TAB>detail); timings: /host/out/timings.tsv.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
OUT=/host/out
DS=/host/drivershift
mkdir -p "$OUT"
: >"$OUT/results.tsv"
: >"$OUT/timings.tsv"
: >"$OUT/planned.txt"
SUITE_T0=$(date +%s)
STEP_NAME=""
STEP_T0=$SUITE_T0

log() { printf '[%s +%ss] %s\n' "$(date +%T)" "$(($(date +%s) - SUITE_T0))" "$*"; }
plan() { printf '%s\n' "$@" >>"$OUT/planned.txt"; }
# pass|fail CHECK DETAIL...: the detail is one line (newlines folded) so the host can print it as is.
result() {
    local status=$1 check=$2
    shift 2
    local detail
    detail=$(printf '%s' "$*" | tr '\n\t' '  ' | cut -c1-600)
    printf '%s\t%s\t%s\n' "$status" "$check" "$detail" >>"$OUT/results.tsv"
    log "$status $check: $detail"
}
pass() { result PASS "$@"; }
fail() { result FAIL "$@"; }
# step NAME: closes the previous step's timer and starts this one's.
step() {
    local now
    now=$(date +%s)
    [ -z "$STEP_NAME" ] || printf '%s\t%s\n' "$STEP_NAME" "$((now - STEP_T0))" >>"$OUT/timings.tsv"
    STEP_NAME=$1
    STEP_T0=$now
    [ -z "$STEP_NAME" ] || log "step $STEP_NAME"
}
# Runs drivershift, keeping its stdout, stderr and exit code under $OUT/ds/NAME.{out,err,rc}; returns the code.
ds() {
    local name=$1
    shift
    mkdir -p "$OUT/ds"
    printf '%s\n' "drivershift $*" >"$OUT/ds/$name.cmd"
    local rc=0
    "$DS" "$@" >"$OUT/ds/$name.out" 2>"$OUT/ds/$name.err" || rc=$?
    echo "$rc" >"$OUT/ds/$name.rc"
    log "drivershift $* -> exit $rc"
    return "$rc"
}

# The binary from vm/build-guest-binary.sh: every shared library it needs must be in the guest.
check_binary() {
    local missing
    ldd "$DS" >"$OUT/ldd.txt" 2>&1
    missing=$(grep 'not found' "$OUT/ldd.txt" || true)
    if [ -n "$missing" ]; then
        fail guest-binary "ldd: $missing"
        return 1
    fi
    if ! "$DS" --version >"$OUT/version.txt" 2>&1; then
        fail guest-binary "drivershift --version failed: $(cat "$OUT/version.txt")"
        return 1
    fi
    pass guest-binary "$(cat "$OUT/version.txt"); ldd: $(awk '{print $1}' "$OUT/ldd.txt" | tr '\n' ' ')"
}

# start_dockerd [--storage-opt ...]: devicemapper, no networking (the guest has none), polled until it answers.
start_dockerd() {
    dockerd --storage-driver=devicemapper --bridge=none --iptables=false --ip-masq=false \
        --pidfile=/run/docker.pid "$@" >>"$OUT/dockerd.log" 2>&1 &
    local i=0
    until docker version >/dev/null 2>&1; do
        i=$((i + 1))
        if [ "$i" -gt 180 ]; then
            log "dockerd not ready after 180 s"
            tail -n 30 "$OUT/dockerd.log"
            return 1
        fi
        sleep 1
    done
}

# dockerd_ready [OPTION...]: start_dockerd, reported as the check dockerd-ready; the job stops when it fails.
dockerd_ready() {
    if start_dockerd "$@"; then
        pass dockerd-ready "$(docker version --format '{{.Server.Version}}') devicemapper $*"
    else
        fail dockerd-ready "see out/dockerd.log"
        exit 1
    fi
}

# stop_dockerd: SIGTERM and wait, as a clean shutdown closes the pool (no dm or loop device left).
stop_dockerd() {
    local pid i=0
    pid=$(cat /run/docker.pid 2>/dev/null) || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        i=$((i + 1))
        if [ "$i" -gt 120 ]; then
            log "dockerd did not stop in 120 s"
            return 1
        fi
        sleep 1
    done
    sleep 1
}

# base:1 from busybox-static, imported: no network needed.
import_base() {
    local base=/tmp/base
    mkdir -p "$base/bin" "$base/etc" "$base/tmp" "$base/root"
    cp /bin/busybox "$base/bin/busybox"
    for a in $(/bin/busybox --list); do
        [ -e "$base/bin/$a" ] || ln -s busybox "$base/bin/$a"
    done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$base/etc/passwd"
    echo 'root:x:0:' >"$base/etc/group"
    chmod 1777 "$base/tmp"
    if ! tar -C "$base" --numeric-owner -c . | docker import -c 'CMD ["/bin/sh"]' - base:1 >/dev/null; then
        log "docker import of base:1 failed; stopping the job"
        exit 1
    fi
}

# build TAG DOCKERFILE-TEXT [FILE...]: a legacy (non-BuildKit) build without network; files go in the context.
build() {
    local tag=$1 text=$2 ctx
    shift 2
    ctx=$(mktemp -d /tmp/ctx.XXXXXX)
    printf '%s\n' "$text" >"$ctx/Dockerfile"
    [ $# -eq 0 ] || cp -a "$@" "$ctx/"
    # An image the job needs is missing: nothing after this means anything, so the job stops here (its planned
    # checks then count as failed).
    if ! DOCKER_BUILDKIT=0 docker build -q --network none -t "$tag" "$ctx" >/dev/null; then
        log "docker build of $tag failed; stopping the job"
        exit 1
    fi
    rm -rf "$ctx"
}

# save_digests DIR: for every image (intermediate ones too), the sha256 of each layer tar `docker save` writes,
# in manifest order, to DIR/<image id hex>.txt as sha256:<hex> lines. These are the diffIDs Docker itself serves.
save_digests() {
    local dir=$1 id h l
    mkdir -p "$dir"
    docker images -a -q --no-trunc | sort -u >"$dir/../image-ids.txt"
    for id in $(cat "$dir/../image-ids.txt"); do
        h=${id#sha256:}
        rm -rf /tmp/save && mkdir -p /tmp/save
        docker save "$id" | tar -C /tmp/save -x
        for l in $(jq -r '.[0].Layers[]' /tmp/save/manifest.json); do
            echo "sha256:$(sha256sum "/tmp/save/$l" | cut -d' ' -f1)"
        done >"$dir/$h.txt"
    done
    rm -rf /tmp/save
}

# compare_export CHECK STORE SAVEDIR: every saved image is in STORE/drivershift-export.json with exactly the
# diffIDs docker save gave, and nothing is listed as not exported.
compare_export() {
    local check=$1 store=$2 saves=$3 manifest=$2/drivershift-export.json f h got bad=0 n=0 notes=""
    if [ ! -f "$manifest" ]; then
        fail "$check" "no $manifest"
        return
    fi
    for f in "$saves"/*.txt; do
        h=$(basename "$f" .txt)
        n=$((n + 1))
        got=$(jq -r --arg id "sha256:$h" '.images[] | select(.id == $id) | .layers[].diffID' "$manifest")
        if [ -z "$got" ] && [ -s "$f" ]; then
            bad=$((bad + 1))
            notes="$notes image ${h:0:12} missing from the export;"
        elif [ "$got" != "$(cat "$f")" ]; then
            bad=$((bad + 1))
            notes="$notes image ${h:0:12}: export [$(echo $got | cut -c1-80)...] save [$(cat "$f" | tr '\n' ' ' | cut -c1-80)...];"
        fi
    done
    local not
    not=$(jq -c '.notExported // [] | length' "$manifest")
    if [ "$bad" -eq 0 ] && [ "$not" = 0 ] && [ "$n" -gt 0 ]; then
        pass "$check" "$n images, every diffID equal to docker save's ($(jq '[.images[].layers[]] | length' "$manifest") layer entries; sources: $(jq -r '[.images[].layers[].source] | unique | join(",")' "$manifest"))"
    else
        fail "$check" "$bad of $n images differ, $not not exported: $notes $(jq -c '.notExported' "$manifest" | cut -c1-300)"
    fi
}

# leftovers CHECK-PREFIX MOUNTS-BEFORE: after drivershift ran with dockerd stopped, no dm device, loop device or
# mount may remain.
leftovers() {
    local prefix=$1 before=$2 dm loops mounts
    dm=$(dmsetup ls 2>&1)
    if echo "$dm" | grep -q 'No devices found'; then
        pass "$prefix-no-dm-devices" "dmsetup ls: $dm"
    else
        fail "$prefix-no-dm-devices" "dmsetup ls: $dm"
    fi
    loops=$(losetup -a)
    if [ -z "$loops" ]; then
        pass "$prefix-no-loop-devices" "losetup -a: (empty)"
    else
        fail "$prefix-no-loop-devices" "losetup -a: $loops"
    fi
    mounts=$(diff <(cut -d' ' -f1-3 "$before") <(cut -d' ' -f1-3 /proc/mounts) || true)
    if [ -z "$mounts" ]; then
        pass "$prefix-no-new-mounts" "/proc/mounts equal to before the export ($(wc -l <"$before") lines)"
    else
        fail "$prefix-no-new-mounts" "/proc/mounts changed: $mounts"
    fi
}

# export_checked PREFIX NAME STORE SAVEDIR [ARG...]: `drivershift export --to STORE --all ARG...` (outputs under
# out/ds/NAME*), then the checks PREFIX-export-diffids (every image's diffIDs equal docker save's), PREFIX-reader
# (every layer's recorded source is $EXPECT_SOURCE, when set), PREFIX-verify, and PREFIX-no-dm-devices,
# -no-loop-devices, -no-new-mounts.
export_checked() {
    local prefix=$1 name=$2 store=$3 saves=$4 sources
    shift 4
    cp /proc/mounts "$OUT/mounts-before-$name.txt"
    if ds "$name" export --to "$store" --all "$@"; then
        compare_export "$prefix-export-diffids" "$store" "$saves"
    else
        fail "$prefix-export-diffids" "exit $(cat "$OUT/ds/$name.rc"): $(tail -c 400 "$OUT/ds/$name.err")"
    fi
    cp "$store/drivershift-export.json" "$OUT/$name-export.json" 2>/dev/null
    tail -n 3 "$OUT/ds/$name.err"
    if [ -n "${EXPECT_SOURCE:-}" ]; then
        sources=$(jq -r '[.images[].layers[].source] | unique | join(",")' "$store/drivershift-export.json" 2>&1)
        if [ "$sources" = "$EXPECT_SOURCE" ]; then
            pass "$prefix-reader" "every layer's source: $sources"
        else
            fail "$prefix-reader" "layer sources [$sources], expected $EXPECT_SOURCE"
        fi
    fi
    if ds "$name-verify" verify "$store"; then
        pass "$prefix-verify" "$(tr '\n' ' ' <"$OUT/ds/$name-verify.out" | cut -c1-300)"
    else
        fail "$prefix-verify" "exit $(cat "$OUT/ds/$name-verify.rc"): $(cat "$OUT/ds/$name-verify.out" "$OUT/ds/$name-verify.err" | tr '\n' ' ' | cut -c1-400)"
    fi
    leftovers "$prefix" "$OUT/mounts-before-$name.txt"
}

# ds_stopped_at POINT NAME ARG...: starts drivershift ARG... with DRIVERSHIFT_STOP_AT=POINT in the background and
# waits (at most 300 s) until it has stopped itself there; sets DS_PID (`wait "$DS_PID"` gives its exit code).
# Not in a $(...): the process must stay this shell's child. Returns 1 when it never got there.
ds_stopped_at() {
    local point=$1 name=$2 i=0
    shift 2
    mkdir -p "$OUT/ds"
    printf '%s\n' "DRIVERSHIFT_STOP_AT=$point drivershift $*" >"$OUT/ds/$name.cmd"
    DRIVERSHIFT_STOP_AT=$point "$DS" "$@" >"$OUT/ds/$name.out" 2>"$OUT/ds/$name.err" &
    DS_PID=$!
    while [ "$i" -lt 3000 ]; do
        [ "$(awk '{print $3}' "/proc/$DS_PID/stat" 2>/dev/null)" = T ] && return 0
        kill -0 "$DS_PID" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# bytes SIZE: docker info's human size (Go units.HumanSize: 4 significant digits, decimal units) in bytes.
bytes() {
    echo "$1" | awk '{
        if (match($0, /^[0-9.]+/) == 0) { print "NaN"; exit }
        n = substr($0, 1, RLENGTH); u = substr($0, RLENGTH + 1)
        m["B"] = 1; m["kB"] = 1e3; m["MB"] = 1e6; m["GB"] = 1e9; m["TB"] = 1e12; m["PB"] = 1e15
        if (!(u in m)) { print "NaN"; exit }
        printf "%.0f\n", n * m[u] }'
}

# near EXACT HUMAN: EXACT bytes rounds to docker info's HUMAN (4 significant digits: within 0.05%, plus slack).
near() {
    local human
    human=$(bytes "$2")
    [ "$human" != NaN ] && awk -v a="$1" -v b="$human" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= b * 0.0006 + 1) }'
}

# pool_status: "NAME TRANSACTION USED_META TOTAL_META USED_DATA TOTAL_DATA MODE DATA_BLOCK_SECTORS" of the one
# thin-pool dmsetup knows, from `dmsetup status` and `dmsetup table`.
pool_status() {
    local line name
    line=$(dmsetup status | awk '$4 == "thin-pool"')
    [ -n "$line" ] || return 1
    name=${line%%: *}
    echo "$line" | awk -v name="$name" -v bs="$(dmsetup table "$name" | awk '{print $6}')" '{
        split($6, meta, "/"); split($7, data, "/")
        print name, $5, meta[1], meta[2], data[1], data[2], $9, bs }'
}

# pool_held_root: the held metadata snapshot's root block of the one thin-pool dmsetup knows, "-" when none is
# held (drivershift reserves one to read a live pool's mappings and must always release it).
pool_held_root() { dmsetup status | awk '$4 == "thin-pool" {print $8}'; }

# layer_allocations INVENTORY-JSON: "cacheID allocatedBytes" for every distinct image layer, sorted.
layer_allocations() { jq -r '[.images[].layers[] | "\(.cacheID) \(.allocatedBytes)"] | unique | .[]' "$1"; }
