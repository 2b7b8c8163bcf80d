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
# mount may remain. With DM_BEFORE (a file of `dmsetup ls | sort` taken before), the dm devices must be exactly
# those (an LVM pool stays active).
leftovers() {
    local prefix=$1 before=$2 dm loops mounts
    dm=$(dmsetup ls 2>&1)
    if [ -n "${DM_BEFORE:-}" ]; then
        if [ "$(dmsetup ls 2>&1 | sort)" = "$(cat "$DM_BEFORE")" ]; then
            pass "$prefix-no-dm-devices" "dmsetup ls as before: $(tr '\n' ' ' <"$DM_BEFORE")"
        else
            fail "$prefix-no-dm-devices" "dmsetup ls: $dm; before: $(tr '\n' ' ' <"$DM_BEFORE")"
        fi
    elif echo "$dm" | grep -q 'No devices found'; then
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

# ---- Migration jobs (30-to-overlay2, 40-direct-lvm, 50-to-direct-lvm) ---------------------------------------
# dockerd as drivershift's `--daemon-control command` drives it: everything in /etc/docker/daemon.json (so the
# switch's config edit is what the next start reads), started and stopped by two small scripts.
DS_START=/usr/local/sbin/ds-dockerd-start
DS_STOP=/usr/local/sbin/ds-dockerd-stop

# install_daemon_scripts DAEMON-JSON: writes daemon.json and the start/stop scripts.
install_daemon_scripts() {
    mkdir -p /etc/docker /usr/local/sbin
    printf '%s\n' "$1" >/etc/docker/daemon.json
    cat >"$DS_START" <<'SCRIPT'
#!/bin/sh
# Starts dockerd detached (no inherited pipes) and waits until it answers; fails if it exits first.
setsid dockerd --pidfile=/run/docker.pid </dev/null >>/host/out/dockerd.log 2>&1 &
pid=$!
i=0
until docker version >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "dockerd exited; see /host/out/dockerd.log" >&2; exit 1; }
    i=$((i + 1))
    [ "$i" -le 180 ] || { echo "dockerd not ready after 180 s" >&2; exit 1; }
    sleep 1
done
SCRIPT
    cat >"$DS_STOP" <<'SCRIPT'
#!/bin/sh
# SIGTERM and wait for the process to end: only then is the pool closed.
pid=$(cat /run/docker.pid 2>/dev/null) || exit 0
kill -TERM "$pid" 2>/dev/null || exit 0
i=0
while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -le 120 ] || { echo "dockerd $pid did not stop in 120 s" >&2; exit 1; }
    sleep 1
done
SCRIPT
    chmod 0755 "$DS_START" "$DS_STOP"
}

# daemon_args: the `--daemon-control command` arguments for plan.
daemon_args() {
    echo --daemon-control command --daemon-start "$DS_START" --daemon-stop "$DS_STOP" --daemon-log /host/out/dockerd.log
}

# loop_lvm_estate: the start of a migration job: dockerd on the loop-lvm defaults, configured only by daemon.json
# (the check dockerd-ready; the job stops when it fails), the estate made, and its state captured in $OUT/before.
loop_lvm_estate() {
    step dockerd-start
    install_daemon_scripts '{"storage-driver": "devicemapper", "bridge": "none", "iptables": false, "ip-masq": false}'
    if "$DS_START"; then
        pass dockerd-ready "$(docker version --format '{{.Server.Version}}') $(docker info --format '{{.Driver}}'), daemon.json: $(tr '\n' ' ' </etc/docker/daemon.json)"
    else
        fail dockerd-ready "see out/dockerd.log"
        exit 1
    fi
    step estate
    make_estate
    docker images -a
    docker ps -a
    step capture-before
    capture_state "$OUT/before"
}

# app_files: the build context of app:1 in /tmp/files (a file to keep, one to delete, a directory, random bytes).
app_files() {
    mkdir -p /tmp/files/dir
    echo keep >/tmp/files/keep.txt
    echo old >/tmp/files/old.txt
    echo a >/tmp/files/dir/a.txt
    head -c 200000 /dev/urandom >/tmp/files/random.bin
}

# make_estate: what a migration must carry: base:1 (imported), app:1 = app:latest (two tags, three layers),
# tool:1, an untagged image left by rebuilding dangle:1, the legacy builder's intermediate images, a named
# volume `data1` with files, a clean container `clean` (mounts data1) and a container `dirty` with a change.
make_estate() {
    import_base
    app_files
    build app:1 'FROM base:1
COPY files/ /data/
RUN rm /data/old.txt && ln /data/keep.txt /data/hl && ln -s keep.txt /data/sl
RUN touch /data/odd && chown 1234:5678 /data/odd && chmod 4751 /data/odd' /tmp/files
    docker tag app:1 app:latest
    build tool:1 'FROM app:1
RUN echo tool >/bin/tool && chmod 755 /bin/tool'
    build dangle:1 'FROM base:1
RUN echo first >/dangle'
    build dangle:1 'FROM base:1
RUN echo second >/dangle'
    docker volume create data1 >/dev/null
    docker run --rm --network none -v data1:/v base:1 sh -c \
        'echo hello >/v/hello.txt && mkdir -p /v/sub && head -c 150000 /dev/urandom >/v/sub/r.bin && chmod 600 /v/sub/r.bin && chown 42:43 /v/hello.txt'
    docker create --name clean --network none -v data1:/v app:1 ls /v >/dev/null
    docker run --name dirty --network none app:1 sh -c 'echo written >/data/written.txt && rm /data/keep.txt'
}

# volume_digest NAME: sha256 over the volume's tree (type, mode, owner, size, path) and every file's sha256.
volume_digest() {
    local mp
    mp=$(docker volume inspect -f '{{.Mountpoint}}' "$1") || return 1
    (
        cd "$mp" || exit 1
        find . -printf '%y %m %U %G %s %p\n' | LC_ALL=C sort
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    ) | sha256sum | cut -d' ' -f1
}

# capture_state DIR: driver, images (ID + reference, all of them), every image's docker save layer digests,
# containers (name image), the volume's digest, and what the dirty container's filesystem shows.
capture_state() {
    local dir=$1
    mkdir -p "$dir"
    docker info --format '{{.Driver}}' >"$dir/driver.txt"
    docker info --format '{{json .}}' >"$dir/docker-info.json"
    docker images -a --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' | LC_ALL=C sort -u >"$dir/images.txt"
    save_digests "$dir/save"
    docker ps -a --format '{{.Names}} {{.Image}}' | LC_ALL=C sort >"$dir/containers.txt"
    volume_digest data1 >"$dir/volume.txt"
    docker cp dirty:/data/written.txt - 2>/dev/null | tar -xO >"$dir/dirty-written.txt"
    if docker cp dirty:/data/keep.txt - >/dev/null 2>&1; then echo present; else echo absent; fi >"$dir/dirty-keep.txt"
}

# compare_states PREFIX BEFORE AFTER: images, tags, diffIDs, volume, containers and the dirty change as before;
# the only new images may be drivershift's commits of writable layers (drivershift/committed:NAME).
compare_states() {
    local p=$1 b=$2 a=$3 extra missing bad="" f h committed
    committed=$(grep ' drivershift/committed:' "$a/images.txt" | cut -d' ' -f1 | sort -u)
    missing=$(comm -23 <(cut -d' ' -f1 "$b/images.txt" | sort -u) <(cut -d' ' -f1 "$a/images.txt" | sort -u))
    extra=$(comm -13 <(cut -d' ' -f1 "$b/images.txt" | sort -u) <(cut -d' ' -f1 "$a/images.txt" | sort -u) |
        grep -vxF -f <(printf '%s\n' "$committed") || true)
    if [ -z "$missing$extra" ]; then
        pass "$p-image-ids" "all $(cut -d' ' -f1 "$b/images.txt" | sort -u | wc -l) image IDs of docker images -a are there; new: $(echo $committed | wc -w) committed image(s)"
    else
        fail "$p-image-ids" "missing: [$(echo $missing)]; unexpected: [$(echo $extra)]"
    fi
    missing=$(comm -23 "$b/images.txt" "$a/images.txt")
    extra=$(comm -13 "$b/images.txt" "$a/images.txt" | grep -v ' drivershift/committed:' || true)
    if [ -z "$missing$extra" ]; then
        pass "$p-tags" "every ID reference pair as before: $(grep -v '<none>' "$b/images.txt" | cut -d' ' -f2 | tr '\n' ' ')($(grep -c '<none>:<none>' "$b/images.txt") untagged)"
    else
        fail "$p-tags" "before only: [$(echo $missing)]; after only: [$(echo $extra)]"
    fi
    for f in "$b"/save/*.txt; do
        h=$(basename "$f")
        cmp -s "$f" "$a/save/$h" || bad="$bad ${h:0:12}"
    done
    if [ -z "$bad" ]; then
        pass "$p-diffids" "docker save after = docker save before for all $(ls "$b"/save | wc -l) images ($(cat "$b"/save/*.txt | sort -u | wc -l) distinct layers)"
    else
        fail "$p-diffids" "layer digests differ for:$bad"
    fi
    if [ -s "$b/volume.txt" ] && cmp -s "$b/volume.txt" "$a/volume.txt"; then
        pass "$p-volume" "data1 tree and file hashes equal: $(cat "$a/volume.txt")"
    else
        fail "$p-volume" "data1 before $(cat "$b/volume.txt") after $(cat "$a/volume.txt" 2>/dev/null)"
    fi
    if [ "$(cut -d' ' -f1 "$b/containers.txt")" = "$(cut -d' ' -f1 "$a/containers.txt")" ]; then
        pass "$p-containers" "$(tr '\n' ';' <"$a/containers.txt")"
    else
        fail "$p-containers" "before [$(tr '\n' ';' <"$b/containers.txt")] after [$(tr '\n' ';' <"$a/containers.txt")]"
    fi
    if [ "$(cat "$a/dirty-written.txt")" = written ] && [ "$(cat "$a/dirty-keep.txt")" = absent ]; then
        pass "$p-dirty-change" "dirty:/data/written.txt = written, dirty:/data/keep.txt deleted (before: $(cat "$b/dirty-written.txt"), keep $(cat "$b/dirty-keep.txt"))"
    else
        fail "$p-dirty-change" "dirty:/data/written.txt [$(cat "$a/dirty-written.txt")], keep.txt $(cat "$a/dirty-keep.txt")"
    fi
}

# plan_value PLAN KEY: a top-level scalar of a plan file (exportDirectory, stateDirectory).
plan_value() { sed -n "s/^$2: //p" "$1" | head -n 1 | tr -d '"'; }

# migrate PREFIX PLAN-ARGS...: plan -o /host/out/PREFIX-plan.yaml, run --plan --yes (exit 2 = changed); the
# run's report.json says verified; verify passes on the export store.
migrate() {
    local p=$1 planfile=/host/out/$1-plan.yaml rc state store
    shift
    # Under TCG on a busy machine dockerd can take longer than the default 15 s to list container sizes.
    ds "$p-plan" plan "$@" $(daemon_args) --timeout 120 -o "$planfile"
    rc=$?
    if [ "$rc" = 0 ]; then
        pass "$p-plan" "exit 0; $(awk '/^steps:/ { f = 1; next } /^[a-z]/ { f = 0 } f && /^- name:/ { n++ } END { print n + 0 }' "$planfile") steps; $(grep -m1 '^exportDirectory' "$planfile")"
    else
        fail "$p-plan" "exit $rc: $(tail -c 500 "$OUT/ds/$p-plan.err")"
        return 1
    fi
    ds "$p-report" report "$planfile" --format md || true
    step "$p-run"
    ds "$p-run" run --plan "$planfile" --yes --format json
    rc=$?
    if [ "$rc" = 2 ]; then
        pass "$p-run" "exit 2 (changed): $(jq -r 'select(.event == "step-finished") | "\(.step)=\(.outcome // "?")"' "$OUT/ds/$p-run.out" 2>/dev/null | tr '\n' ' ')"
    else
        fail "$p-run" "exit $rc: $(tail -c 600 "$OUT/ds/$p-run.err") $(tail -n 3 "$OUT/ds/$p-run.out" | cut -c1-300)"
    fi
    state=$(plan_value "$planfile" stateDirectory)
    cp "$state"/report.* "$OUT/" 2>/dev/null
    cp "$state/journal.jsonl" "$OUT/$p-journal.jsonl" 2>/dev/null
    if [ "$(jq -r .summary.verification "$state/report.json" 2>/dev/null)" = verified ]; then
        pass "$p-report-verified" "$state/report.json: verification verified, outcome $(jq -r .summary.outcome "$state/report.json"), $(jq -r .summary.images "$state/report.json") images, downtime $(jq -r .summary.downtimeSeconds "$state/report.json") s"
    else
        fail "$p-report-verified" "$state/report.json: $(jq -c .summary "$state/report.json" 2>&1 | cut -c1-400)"
    fi
    store=$(plan_value "$planfile" exportDirectory)
    if ds "$p-verify" verify "$store"; then
        pass "$p-verify-export" "$store: $(tr '\n' ' ' <"$OUT/ds/$p-verify.out" | cut -c1-300)"
    else
        fail "$p-verify-export" "exit $(cat "$OUT/ds/$p-verify.rc"): $(cat "$OUT/ds/$p-verify.out" "$OUT/ds/$p-verify.err" | tr '\n' ' ' | cut -c1-400)"
    fi
    [ "$rc" = 2 ]
}

# pool_status_of NAME: as pool_status, for the named thin-pool device (a host may have more than one dm device).
pool_status_of() {
    local line
    line=$(dmsetup status "$1" 2>/dev/null | awk '$3 == "thin-pool"')
    [ -n "$line" ] || return 1
    echo "$line" | awk -v name="$1" -v bs="$(dmsetup table "$1" | awk '{print $6}')" '{
        split($5, meta, "/"); split($6, data, "/")
        print name, $4, meta[1], meta[2], data[1], data[2], $8, bs }'
}

# inventory_pool_checks PREFIX INVENTORY-JSON INFO-BEFORE INFO-AFTER "STATUS-BEFORE" "STATUS-AFTER": as job 10
# (loop-lvm) does: pool name = docker info = dmsetup; usage and health between dmsetup's values before and
# after the inventory ran (exact bytes), and within docker info's rounding.
inventory_pool_checks() {
    local p=$1 inv=$2 ib=$3 ia=$4 sb=$5 sa=$6 k h bad="" got
    local p_name p_trans p_mu p_mt p_du p_dt p_mode p_bs a_name a_trans a_mu a_mt a_du a_dt a_mode a_bs
    read -r p_name p_trans p_mu p_mt p_du p_dt p_mode p_bs <<<"$sb"
    read -r a_name a_trans a_mu a_mt a_du a_dt a_mode a_bs <<<"$sa"
    infostat() { jq -r --arg k "$2" '.DriverStatus[] | select(.[0] == $k) | .[1]' "$1"; }
    u() { jq -r ".pool.usage.$1" "$inv"; }
    between() { [ "$1" -ge "$2" ] 2>/dev/null && [ "$1" -le "$3" ]; }
    local inv_name
    inv_name=$(jq -r .pool.poolName "$inv")
    if [ "$inv_name" = "$(infostat "$ib" 'Pool Name')" ] && [ "$inv_name" = "$p_name" ]; then
        pass "$p-pool-name" "$inv_name (inventory = docker info = dmsetup status)"
    else
        fail "$p-pool-name" "inventory $inv_name, docker info $(infostat "$ib" 'Pool Name'), dmsetup $p_name"
    fi
    got="$(u dataUsedBytes) $(u dataTotalBytes) $(u metadataUsedBytes) $(u metadataTotalBytes) $(u health)"
    if between "$(u dataUsedBytes)" $((p_du * p_bs * 512)) $((a_du * a_bs * 512)) &&
        between "$(u metadataUsedBytes)" $((p_mu * 4096)) $((a_mu * 4096)) &&
        [ "$(u dataTotalBytes)" = $((p_dt * p_bs * 512)) ] && [ "$(u metadataTotalBytes)" = $((p_mt * 4096)) ] &&
        [ "$(u health)" = "$p_mode" ]; then
        pass "$p-usage-dmsetup" "data used/total, metadata used/total, health: $got (source $(u source)); dmsetup before [$sb] after [$sa] (data block $p_bs sectors, metadata block 4096 B)"
    else
        fail "$p-usage-dmsetup" "inventory [$got] (source $(u source)) vs dmsetup before [$sb] after [$sa] (data block $p_bs sectors, metadata block 4096 B)"
    fi
    for pair in "dataUsedBytes:Data Space Used" "dataTotalBytes:Data Space Total" \
        "metadataUsedBytes:Metadata Space Used" "metadataTotalBytes:Metadata Space Total"; do
        k=${pair%%:*}
        h=${pair#*:}
        near "$(u "$k")" "$(infostat "$ib" "$h")" || near "$(u "$k")" "$(infostat "$ia" "$h")" ||
            bad="$bad $k=$(u "$k") vs '$h: $(infostat "$ib" "$h")' before, '$(infostat "$ia" "$h")' after;"
    done
    if [ -z "$bad" ]; then
        pass "$p-usage-docker-info" "within docker info's rounding (before/after): $(infostat "$ib" 'Data Space Used')/$(infostat "$ia" 'Data Space Used') of $(infostat "$ib" 'Data Space Total') data, $(infostat "$ib" 'Metadata Space Used')/$(infostat "$ia" 'Metadata Space Used') of $(infostat "$ib" 'Metadata Space Total') metadata"
    else
        fail "$p-usage-docker-info" "$bad"
    fi
}

# inventory_images_check CHECK INVENTORY-JSON SAVEDIR: the inventory's image IDs = docker images -a (the
# image-ids.txt save_digests wrote beside SAVEDIR) and each image's diffIDs = docker save's (job 10's check).
inventory_images_check() {
    local check=$1 inv=$2 saves=$3 ids bad="" f h
    ids=$(jq -r '.images[].id' "$inv" | sort -u)
    if [ "$ids" != "$(cat "$saves/../image-ids.txt")" ]; then
        fail "$check" "image IDs [$(echo $ids | cut -c1-200)] vs docker [$(tr '\n' ' ' <"$saves/../image-ids.txt" | cut -c1-200)]"
        return
    fi
    for f in "$saves"/*.txt; do
        h=$(basename "$f" .txt)
        [ "$(jq -r --arg id "sha256:$h" '.images[] | select(.id == $id) | .layers[].diffID' "$inv")" = "$(cat "$f")" ] ||
            bad="$bad ${h:0:12}"
    done
    if [ -z "$bad" ]; then
        pass "$check" "$(echo "$ids" | wc -l) images = docker images -a, every image's layer diffIDs = docker save's; tags: $(jq -r '[.images[].tags[]] | sort | join(" ")' "$inv")"
    else
        fail "$check" "layers differ from docker save for:$bad"
    fi
}
