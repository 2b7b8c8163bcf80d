#!/bin/bash
# Checks a real-pool fixture on a host WITHOUT device-mapper, independently of drivershift's code:
#   vm/check-real-pool-fixture.sh FIXTURE_DIR
# Unpacks docker-root.tar.zst into a temp dir, runs thin_check, compares thin_dump's devices with the
# records in devicemapper/metadata/, then for every layer in layerdb rebuilds its thin device from the
# mapped blocks of the data file, mounts it read-only through a loop device, replays tar-split.json.gz
# over rootfs/ and compares the sha256 with the layer's diffID; finally every diffID of expected.json
# must be one of those. Needs root, thin-provisioning-tools, xfs, loop devices, python3, jq, zstd.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 FIXTURE_DIR" >&2
    exit 64
fi
fixture=$(cd "$1" && pwd)
work=$(mktemp -d /var/tmp/real-pool-check.XXXXXX)
mnt="$work/mnt"
loopdev=""
cleanup() {
    mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"
    [ -n "$loopdev" ] && losetup -d "$loopdev" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-real-pool-fixture: $*" >&2; exit 1; }

root="$work/root"
mkdir -p "$root" "$mnt"
zstd -dc "$fixture/docker-root.tar.zst" | tar --sparse -C "$root" -x
pool="$root/devicemapper/devicemapper"
[ -f "$pool/data" ] && [ -f "$pool/metadata" ] || fail "devicemapper/devicemapper/data or metadata missing"
echo "data: $(du -h --apparent-size "$pool/data" | cut -f1) apparent, $(du -h "$pool/data" | cut -f1) allocated;" \
    "metadata: $(du -h --apparent-size "$pool/metadata" | cut -f1) apparent"
thin_check "$pool/metadata" >/dev/null 2>&1 || fail "thin_check rejects $pool/metadata"
echo "thin_check: ok"
thin_dump "$pool/metadata" >"$work/dump.xml"

records=0 live=0
declare -A record_ids=()
for f in "$root"/devicemapper/metadata/*; do
    case "$(basename "$f")" in deviceset-metadata | transaction-metadata) continue ;; esac
    records=$((records + 1))
    [ "$(jq -r .deleted "$f")" = true ] || live=$((live + 1))
    record_ids[$(jq -r .device_id "$f")]=1
done
dumped=$(grep -o '<device dev_id="[0-9]*"' "$work/dump.xml" | grep -o '[0-9]*' | sort -n)
echo "thin devices in thin_dump: $(echo "$dumped" | wc -l); device records: $records ($live live, $((records - live)) deleted, deletion deferred)"
for id in $dumped; do
    [ -n "${record_ids[$id]:-}" ] || fail "thin device $id has no record in devicemapper/metadata/"
done

cat >"$work/tool.py" <<'PY'
import base64, gzip, hashlib, json, os, sys, xml.etree.ElementTree as ET

def rebuild(dump, dev_id, data_path, out_path, size):
    """Writes thin device dev_id as a sparse image: each mapped block copied from the data file."""
    root = ET.parse(dump).getroot()
    block = int(root.get("data_block_size")) * 512
    dev = next(d for d in root.iter("device") if d.get("dev_id") == dev_id)
    with open(data_path, "rb") as src, open(out_path, "wb") as dst:
        dst.truncate(size)
        for m in dev:
            if m.tag == "single_mapping":
                runs = [(int(m.get("origin_block")), int(m.get("data_block")), 1)]
            else:
                runs = [(int(m.get("origin_begin")), int(m.get("data_begin")), int(m.get("length")))]
            for origin, data, length in runs:
                for i in range(length):
                    src.seek((data + i) * block)
                    dst.seek((origin + i) * block)
                    dst.write(src.read(block))

def replay(tar_split, rootfs):
    """Rebuilds the layer tar from tar-split over rootfs and returns its sha256."""
    h = hashlib.sha256()
    with gzip.open(tar_split, "rt") as f:
        for line in f:
            e = json.loads(line)
            if e["type"] == 2:
                h.update(base64.b64decode(e["payload"]))
            elif e.get("size", 0) > 0:
                name = base64.b64decode(e["name_raw"]) if e.get("name_raw") else e["name"].encode()
                left = e["size"]
                with open(os.path.join(rootfs.encode(), name), "rb") as c:
                    while left:
                        chunk = c.read(min(left, 1 << 20))
                        if not chunk:
                            raise SystemExit("short file %r" % name)
                        h.update(chunk)
                        left -= len(chunk)
    return "sha256:" + h.hexdigest()

if sys.argv[1] == "rebuild":
    rebuild(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
else:
    print(replay(sys.argv[2], sys.argv[3]))
PY

layerdb="$root/image/devicemapper/layerdb/sha256"
layers=0
: >"$work/diffids.txt"
for l in "$layerdb"/*; do
    [ -f "$l/tar-split.json.gz" ] || fail "layer $(basename "$l") has no tar-split.json.gz"
    diff=$(cat "$l/diff")
    cache=$(cat "$l/cache-id")
    meta="$root/devicemapper/metadata/$cache"
    [ -f "$meta" ] || fail "layer $diff: no device record $cache"
    dev=$(jq -r .device_id "$meta")
    size=$(jq -r .size "$meta")
    python3 "$work/tool.py" rebuild "$work/dump.xml" "$dev" "$pool/data" "$work/dev.img" "$size"
    loopdev=$(losetup --find --show --read-only "$work/dev.img")
    mount -t xfs -o ro,nouuid,norecovery "$loopdev" "$mnt"
    got=$(python3 "$work/tool.py" replay "$l/tar-split.json.gz" "$mnt/rootfs")
    umount "$mnt"
    losetup -d "$loopdev"
    loopdev=""
    rm -f "$work/dev.img"
    [ "$got" = "$diff" ] || fail "layer $diff (device $dev): tar-split replay gives $got"
    echo "$diff" >>"$work/diffids.txt"
    layers=$((layers + 1))
done
echo "layers with tar-split.json.gz: $layers; replayed from rebuilt thin devices, diffID exact: $layers"

missing=$(jq -r '.images[].diffIDs[]' "$fixture/expected.json" | sort -u | grep -vxF -f "$work/diffids.txt" || true)
[ -z "$missing" ] || fail "expected.json names diffIDs that no layer has: $missing"
echo "expected.json: $(jq '.images | length' "$fixture/expected.json") images, all $(jq -r '.images[].diffIDs[]' "$fixture/expected.json" | sort -u | wc -l) distinct diffIDs verified"

# Image IDs are the sha256 of the stored configs; tags in repositories.json are those Docker reported.
imagedb="$root/image/devicemapper/imagedb/content/sha256"
for id in $(jq -r '.images[].id' "$fixture/expected.json"); do
    [ "sha256:$(sha256sum "$imagedb/${id#sha256:}" | cut -d' ' -f1)" = "$id" ] || fail "image $id: config digest differs"
    [ "$(jq -c --arg id "$id" '[.images[] | select(.id == $id) | .diffIDs[]]' "$fixture/expected.json")" = \
        "$(jq -c '.rootfs.diff_ids' "$imagedb/${id#sha256:}")" ] || fail "image $id: rootfs.diff_ids differ from expected.json"
done
want_tags=$(jq -r '.images[] | .id as $id | .tags[] | "\(.) \($id)"' "$fixture/expected.json" | sort)
have_tags=$(jq -r '.Repositories[] | to_entries[] | "\(.key) \(.value)"' "$root/image/devicemapper/repositories.json" | sort)
[ "$want_tags" = "$have_tags" ] || fail "repositories.json tags differ from expected.json"
echo "image IDs (config sha256) and diff_ids: $(jq '.images | length' "$fixture/expected.json") of $(ls "$imagedb" | wc -l) exact; tags: $(echo "$want_tags" | wc -l) exact"
