#!/bin/bash
# Makes Tests/Fixtures/real-pool: a stopped Docker 20.10 loop-lvm devicemapper data root with known
# content, made for real in the test VM, packed sparse and compressed, plus the values Docker itself
# reported for it while it ran (expected.json).
#   vm/make-real-pool-fixture.sh CACHE_DIR OUT_DIR
# Needs the guest from vm/build-image.sh (run here when missing). Takes a few minutes under TCG.
# Pool options: the loop-lvm defaults (100 GiB sparse data file, 2 GiB metadata file, 10 GiB xfs
# base device); nothing is shrunk, because a stopped pool packs to about 2 MB anyway.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 CACHE_DIR OUT_DIR" >&2
    exit 64
fi
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1" "$2"
cache=$(cd "$1" && pwd)
out=$(cd "$2" && pwd)
log() { printf '[make-real-pool-fixture %s] %s\n' "$(date +%T)" "$*" >&2; }

"$here/build-image.sh" "$cache"

job="$cache/jobs/real-pool"
# FIXTURE_REUSE_JOB=1 repacks the last successful VM run without booting again (for work on the host part).
reuse=0
if [ "${FIXTURE_REUSE_JOB:-0}" = 1 ] && [ "$(cat "$job/job.rc" 2>/dev/null)" = 0 ] && [ -f "$job/docker-root.tar" ]; then
    reuse=1
else
    rm -rf "$job"
    mkdir -p "$job"
fi

# ---------------------------------------------------------------------------------------------
# The guest job. Runs as root in the VM, cwd /host (= $job on the host). Writes results to /host/out.
[ "$reuse" = 1 ] || cat >"$job/job.sh" <<'JOB'
set -eu
set -x
res=/host/out
mkdir -p "$res/images" "$res/save" "$res/containers"
t0=$(date +%s)
stamp() { echo "TIMING $1 $(( $(date +%s) - t0 ))s"; }

# Network options only keep dockerd from needing a bridge/NAT; storage is the loop-lvm default.
dockerd --storage-driver=devicemapper --bridge=none --iptables=false --ip-masq=false \
    --pidfile=/run/docker.pid >/host/out/dockerd.log 2>&1 &
i=0
until docker version >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 180 ]; then echo "dockerd not ready after 180 s"; exit 1; fi
    sleep 1
done
stamp dockerd-ready

# Base image without network: busybox-static as a root filesystem, imported.
base=/tmp/base
mkdir -p "$base/bin" "$base/etc" "$base/tmp" "$base/root"
cp /bin/busybox "$base/bin/busybox"
for a in $(/bin/busybox --list); do
    [ -e "$base/bin/$a" ] || ln -s busybox "$base/bin/$a"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$base/etc/passwd"
echo 'root:x:0:' >"$base/etc/group"
chmod 1777 "$base/tmp"
tar -C "$base" --numeric-owner -c . | docker import -c 'CMD ["/bin/sh"]' - base:1
stamp base-imported

# app:1 - one layer per edge case.
ctx=/tmp/ctx-app
mkdir -p "$ctx/files/dir/sub"
echo keep >"$ctx/files/keep.txt"
echo original >"$ctx/files/change.txt"
echo 'to be deleted' >"$ctx/files/old.txt"
echo a >"$ctx/files/dir/a.txt"
echo b >"$ctx/files/dir/b.txt"
echo c >"$ctx/files/dir/sub/c.txt"
printf '#!/bin/sh\necho hi\n' >"$ctx/files/exec.sh"
chmod 0755 "$ctx/files/exec.sh"
# Larger than the pool's 64 KiB block, so the file spans several mapped blocks.
head -c 300000 /dev/urandom >"$ctx/files/random.bin"
cat >"$ctx/Dockerfile" <<'EOF'
FROM base:1
LABEL org.drivershift.fixture=app
# added files
COPY files/ /data/
# a changed file
RUN echo changed >> /data/change.txt
# a deleted file (whiteout)
RUN rm /data/old.txt
# a directory deleted and recreated in one step
RUN rm -rf /data/dir && mkdir /data/dir && echo new > /data/dir/new.txt
# a hardlink to a lower layer's file, a hardlink pair within the layer, symlinks
RUN ln /data/keep.txt /data/hardlink-to-lower && echo pair > /data/h1 && ln /data/h1 /data/h2 \
    && ln -s change.txt /data/symlink && ln -s /nonexistent /data/dangling-symlink
# odd mode and owner, a sticky directory owned by someone else, a non-UTF-8 name, a sparse file
RUN touch /data/odd && chown 1234:5678 /data/odd && chmod 4751 /data/odd \
    && mkdir -m 1777 /data/sticky && chown 99:99 /data/sticky \
    && touch "$(printf '/data/caf\351')" && truncate -s 1048576 /data/sparse
# a layer holding only an empty directory
RUN mkdir /emptydir
# history entries without layers
ENV FIXTURE=1
RUN true
EOF
DOCKER_BUILDKIT=0 docker build --network none -t app:1 "$ctx"
docker tag app:1 app:latest
stamp app-built

# A second repository on top of app:1.
ctx2=/tmp/ctx-tool
mkdir -p "$ctx2"
printf '#!/bin/sh\necho tool\n' >"$ctx2/tool.sh"
cat >"$ctx2/Dockerfile" <<'EOF'
FROM app:1
COPY tool.sh /usr/local/bin/tool
RUN chmod 0755 /usr/local/bin/tool && rm /data/h2
EOF
DOCKER_BUILDKIT=0 docker build --network none -t other/tool:2 "$ctx2"

# An untagged image: built as scratchpad:1, then the tag moves to a rebuild, leaving it dangling.
ctx3=/tmp/ctx-scratch
mkdir -p "$ctx3"
printf 'FROM base:1\nRUN echo one > /generation\n' >"$ctx3/Dockerfile"
DOCKER_BUILDKIT=0 docker build --network none -t scratchpad:1 "$ctx3"
docker image inspect --format '{{.Id}}' scratchpad:1 >"$res/dangling-id.txt"
printf 'FROM base:1\nRUN echo two > /generation\n' >"$ctx3/Dockerfile"
DOCKER_BUILDKIT=0 docker build --network none -t scratchpad:1 "$ctx3"

# An image from a 0-byte import stream: its one layer is the sha256 of nothing.
if printf '' | docker import - empty:1; then echo "empty import: ok"; else echo "empty import: refused"; fi
stamp images-built

# A named volume with files in it, and two stopped containers.
docker volume create data1
docker run --rm --network none -v data1:/v base:1 \
    sh -c 'echo hello > /v/hello.txt && mkdir -p /v/sub && echo deep > /v/sub/deep.txt'
docker create --name clean --network none app:1 sleep 1
docker run --name dirty --network none -v data1:/vol app:1 \
    sh -c 'echo written > /data/written.txt && rm /data/keep.txt && echo more >> /data/change.txt && mkdir -p /var/cache/x'
stamp containers-made

# Expected values, from the running daemon.
docker version --format '{{json .}}' >"$res/version.json"
docker info --format '{{json .}}' >"$res/info.json"
docker info >"$res/info.txt" 2>&1
dmsetup status >"$res/dmsetup-status.txt"
dmsetup table >"$res/dmsetup-table.txt"
docker images -a --digests --no-trunc >"$res/images.txt"
docker images -q --no-trunc --filter dangling=true | sort -u >"$res/dangling-ids.txt"
docker images -a -q --no-trunc | sort -u >"$res/image-ids.txt"
for id in $(cat "$res/image-ids.txt"); do
    h=${id#sha256:}
    docker image inspect "$id" >"$res/images/$h.json"
    rm -rf /tmp/save && mkdir -p /tmp/save
    docker save "$id" | tar -C /tmp/save -x
    # Each layer tar's sha256, in manifest order: must equal RootFS.Layers.
    for l in $(jq -r '.[0].Layers[]' /tmp/save/manifest.json); do
        sha256sum "/tmp/save/$l" | cut -d' ' -f1
    done >"$res/save/$h.txt"
done
rm -rf /tmp/save
stamp saved
for c in clean dirty; do
    docker container inspect "$c" >"$res/containers/$c.json"
    docker diff "$c" >"$res/containers/$c.diff" || true
done
docker volume inspect data1 >"$res/volume-data1.json"
(cd /var/lib/docker/volumes/data1/_data && find . -type f | sort | xargs sha256sum) >"$res/volume-data1.sha256"
ls -ls /var/lib/docker/devicemapper/devicemapper/ >"$res/pool-files.txt"

# Stop dockerd cleanly; nothing of the pool may stay active.
kill -TERM "$(cat /run/docker.pid)"
i=0
while [ -e /run/docker.pid ] && kill -0 "$(cat /run/docker.pid)" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -gt 120 ]; then echo "dockerd did not stop in 120 s"; exit 1; fi
    sleep 1
done
sleep 1
stamp dockerd-stopped
dmsetup ls >"$res/dmsetup-ls-after.txt" 2>&1 || true
losetup -a >"$res/losetup-after.txt"
grep -c '/var/lib/docker' /proc/mounts >"$res/mounts-after.txt" || true
cat "$res/dmsetup-ls-after.txt" "$res/losetup-after.txt" "$res/mounts-after.txt"
if ! grep -q 'No devices found' "$res/dmsetup-ls-after.txt" || [ -s "$res/losetup-after.txt" ] ||
    [ "$(cat "$res/mounts-after.txt")" != 0 ]; then
    echo "a device, loop or mount of the pool is still active after dockerd stopped"
    exit 1
fi

# Pack sparse; the host compresses (zstd -19 is slow under TCG).
du -sh --apparent-size /var/lib/docker >"$res/size-apparent.txt"
du -sh /var/lib/docker >"$res/size-allocated.txt"
tar --sparse --numeric-owner -C /var/lib/docker -cf /host/docker-root.tar .
stamp packed
sync
JOB
# ---------------------------------------------------------------------------------------------

if [ "$reuse" = 1 ]; then
    log "reusing the VM run in $job"
else
    log "running the fixture job in the VM (minutes under TCG)"
    start=$(date +%s)
    if ! VM_TIMEOUT=${VM_TIMEOUT:-2400} "$here/run-job.sh" "$cache" "$job"; then
        echo "make-real-pool-fixture: the VM job failed; see $job/job.log and $job/console.log" >&2
        exit 1
    fi
    log "VM job done in $(( $(date +%s) - start ))s"
fi
grep '^TIMING' "$job/job.log" >&2 || true

r="$job/out"
# Cross-check: every image's docker save layer digests equal its RootFS.Layers (diffIDs).
for f in "$r"/images/*.json; do
    h=$(basename "$f" .json)
    if ! diff <(jq -r '.[0].RootFS.Layers[]' "$f" | sed 's/^sha256://') "$r/save/$h.txt" >/dev/null; then
        echo "make-real-pool-fixture: docker save of image $h does not match its RootFS.Layers" >&2
        exit 1
    fi
done

log "compressing (zstd -19)"
zstd -q -19 -T2 -f "$job/docker-root.tar" -o "$out/docker-root.tar.zst"

# expected.json, assembled from what the daemon reported.
dangling=$(cat "$r/dangling-id.txt")
jq -n \
    --slurpfile images <(jq -s 'map(.[0])' "$r"/images/*.json) \
    --slurpfile clean "$r/containers/clean.json" \
    --slurpfile dirty "$r/containers/dirty.json" \
    --rawfile cleanDiff "$r/containers/clean.diff" \
    --rawfile dirtyDiff "$r/containers/dirty.diff" \
    --slurpfile volume "$r/volume-data1.json" \
    --rawfile volumeFiles "$r/volume-data1.sha256" \
    --slurpfile info "$r/info.json" \
    --slurpfile version "$r/version.json" \
    --rawfile dmStatus "$r/dmsetup-status.txt" \
    --rawfile danglingIDs "$r/dangling-ids.txt" \
    --arg builtDangling "$dangling" '
    def lines: split("\n") | map(select(length > 0));
    def container($c; $d): {
        name: ($c[0].Name | ltrimstr("/")), id: $c[0].Id, image: $c[0].Config.Image, imageId: $c[0].Image,
        state: $c[0].State.Status, graphDriver: $c[0].GraphDriver.Name,
        deviceName: $c[0].GraphDriver.Data.DeviceName,
        hasChanges: (($d | lines | length) > 0), changes: ($d | lines),
        mounts: [$c[0].Mounts[] | {type: .Type, name: .Name, destination: .Destination}]
    };
    {
        format: 1,
        dockerVersion: $version[0].Server.Version,
        storageDriver: $info[0].Driver,
        driverStatus: ($info[0].DriverStatus | map({(.[0]): .[1]}) | add),
        dmsetupStatus: ($dmStatus | lines),
        images: [$images[0][] | . as $img | {
            id: .Id, tags: (.RepoTags // []), diffIDs: .RootFS.Layers,
            parent: (if .Parent == "" then null else .Parent end),
            kind: (if (.RepoTags // []) | length > 0 then "tagged"
                   elif ($danglingIDs | lines | any(. == $img.Id)) then "dangling"
                   else "intermediate" end),
            deviceName: .GraphDriver.Data.DeviceName, deviceId: .GraphDriver.Data.DeviceId
        }] | sort_by(.kind, (.tags | join(",")), .id),
        untaggedBuilt: $builtDangling,
        containers: [container($clean[0]; $cleanDiff), container($dirty[0]; $dirtyDiff)],
        volumes: [{
            name: $volume[0][0].Name, driver: $volume[0][0].Driver,
            files: ($volumeFiles | lines | map(capture("^(?<sha256>[0-9a-f]{64})  \\./(?<path>.*)$")))
        }]
    }' >"$out/expected.json"

mkdir -p "$out/raw"
cp "$r/info.txt" "$r/dmsetup-status.txt" "$r/dmsetup-table.txt" "$r/images.txt" "$r/pool-files.txt" \
    "$r/size-apparent.txt" "$r/size-allocated.txt" "$out/raw/"
grep '^TIMING' "$job/job.log" >"$out/raw/timings.txt" || true
log "checking the fixture on the host (thin_check, thin_dump, tar-split replay of every layer)"
"$here/check-real-pool-fixture.sh" "$out" | tee "$out/raw/check.txt" >&2
log "fixture in $out: $(du -h "$out/docker-root.tar.zst" | cut -f1) docker-root.tar.zst, $(jq '.images | length' "$out/expected.json") images"
