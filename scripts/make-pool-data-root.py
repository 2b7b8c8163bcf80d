#!/usr/bin/env python3
"""Turns an overlay2 data root's images into a stopped devicemapper loop-lvm data root, without device-mapper.

For the pool-files benchmark (scripts/benchmark-pool-files.sh): Docker's devicemapper driver keeps, per layer, a
thin device whose filesystem holds `id` and `rootfs/` with the whole merged tree up to that layer. This builds the
same from an overlay2 data root: per layer an xfs image with the merged tree (copied through a read-only overlay
mount), its allocated blocks placed in a pool data file, the block mappings written as thin_dump XML and turned into
a real metadata file with thin_restore, and Docker's records (devicemapper/metadata, image/devicemapper with
cache-ids naming the devices). Snapshots share no blocks here (each device is a full copy), which only makes the
pool bigger than Docker's. Usage: make-pool-data-root.py OVERLAY2_DATA_ROOT OUT_DATA_ROOT WORK_DIR
"""
import hashlib, json, os, shutil, subprocess, sys

BLOCK = 64 * 1024            # Docker's loop-lvm default block size (128 sectors)
DEVICE_SIZE = 10 << 30       # Docker's default base device size
DATA_SIZE = 100 << 30        # Docker's default sparse data file

source, out, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)

def run(*argv):
    subprocess.run(argv, check=True)

def layers_in_order():
    """(chainID hex, cacheID, parent chainID hex) for every layer, parents first."""
    layerdb = f"{source}/image/overlay2/layerdb/sha256"
    found = {}
    for chain in os.listdir(layerdb):
        cache = open(f"{layerdb}/{chain}/cache-id").read().strip()
        parent_path = f"{layerdb}/{chain}/parent"
        parent = open(parent_path).read().strip().split(":")[1] if os.path.exists(parent_path) else None
        found[chain] = (cache, parent)
    ordered, seen = [], set()
    def visit(chain):
        if chain in seen: return
        parent = found[chain][1]
        if parent: visit(parent)
        seen.add(chain); ordered.append((chain, found[chain][0], parent))
    for chain in sorted(found): visit(chain)
    return ordered

def lower_dirs(cache):
    """The overlay2 diff directories of a layer and its parents, topmost first."""
    base = f"{source}/overlay2/{cache}"
    dirs = [f"{base}/diff"]
    lower = f"{base}/lower"
    if os.path.exists(lower):
        for link in open(lower).read().strip().split(":"):
            dirs.append(os.path.realpath(f"{source}/overlay2/{link}"))
    return dirs

def allocated_extents(path):
    """(offset, length) of the data in a sparse file, block-aligned."""
    extents, fd = [], os.open(path, os.O_RDONLY)
    try:
        size, offset = os.fstat(fd).st_size, 0
        while offset < size:
            try: start = os.lseek(fd, offset, os.SEEK_DATA)
            except OSError: break
            end = os.lseek(fd, start, os.SEEK_HOLE)
            start -= start % BLOCK; end += (-end) % BLOCK
            extents.append((start, end - start)); offset = end
    finally: os.close(fd)
    return extents

pool_dir = f"{out}/devicemapper/devicemapper"
os.makedirs(pool_dir, exist_ok=True); os.makedirs(f"{out}/devicemapper/metadata", exist_ok=True)
data_path = f"{pool_dir}/data"
with open(data_path, "wb") as f: f.truncate(DATA_SIZE)
data = os.open(data_path, os.O_WRONLY)
next_data_block, devices, xml_devices = 0, {}, []
for index, (chain, cache, parent) in enumerate(layers_in_order(), start=1):
    device_hash = hashlib.sha256(f"bench-{chain}".encode()).hexdigest()
    image = f"{work}/{device_hash}.img"
    with open(image, "wb") as f: f.truncate(DEVICE_SIZE)
    run("mkfs.xfs", "-q", "-f", image)
    fs, merged = f"{work}/fs", f"{work}/merged"
    os.makedirs(fs, exist_ok=True); os.makedirs(merged, exist_ok=True)
    run("mount", "-o", "loop", image, fs)
    try:
        dirs = lower_dirs(cache)
        if len(dirs) == 1:
            run("mount", "--bind", "-o", "ro", dirs[0], merged)
        else:
            run("mount", "-t", "overlay", "overlay", "-o", "ro,lowerdir=" + ":".join(dirs), merged)
        try:
            os.makedirs(f"{fs}/rootfs")
            run("cp", "-a", f"{merged}/.", f"{fs}/rootfs/")
            open(f"{fs}/id", "w").write(cache + "\n")
        finally: run("umount", merged)
    finally: run("umount", fs)
    mappings, src = [], os.open(image, os.O_RDONLY)
    for offset, length in allocated_extents(image):
        mappings.append((offset // BLOCK, next_data_block, length // BLOCK))
        copied = 0
        while copied < length:  # copy_file_range may copy less than asked
            n = os.copy_file_range(src, data, length - copied, offset + copied, next_data_block * BLOCK + copied)
            if n == 0: break
            copied += n
        next_data_block += length // BLOCK
    os.close(src); os.remove(image)
    devices[chain] = (device_hash, index)
    xml_devices.append((index, mappings))
    json.dump({"device_id": index, "size": DEVICE_SIZE, "transaction_id": index, "initialized": False, "deleted": False},
              open(f"{out}/devicemapper/metadata/{device_hash}", "w"))
os.close(data)

with open(f"{work}/pool.xml", "w") as x:
    x.write(f'<superblock uuid="" time="0" transaction="{len(xml_devices)}" flags="0" version="2" '
            f'data_block_size="{BLOCK // 512}" nr_data_blocks="{DATA_SIZE // BLOCK}">\n')
    for dev_id, mappings in xml_devices:
        mapped = sum(n for _, _, n in mappings)
        x.write(f'  <device dev_id="{dev_id}" mapped_blocks="{mapped}" transaction="0" creation_time="0" snap_time="0">\n')
        for origin, data_block, length in mappings:
            x.write(f'    <range_mapping origin_begin="{origin}" data_begin="{data_block}" length="{length}" time="0"/>\n')
        x.write('  </device>\n')
    x.write('</superblock>\n')
metadata = f"{pool_dir}/metadata"
with open(metadata, "wb") as f: f.truncate(2 << 30)
run("thin_restore", "-i", f"{work}/pool.xml", "-o", metadata)
json.dump({"next_device_id": len(xml_devices) + 1, "BaseDeviceUUID": "", "BaseDeviceFilesystem": "xfs"},
          open(f"{out}/devicemapper/metadata/deviceset-metadata", "w"))
json.dump({"open_transaction_id": len(xml_devices), "device_hash": "", "device_id": 0},
          open(f"{out}/devicemapper/metadata/transaction-metadata", "w"))

# Docker's image records, with each layer's cache-id naming its thin device.
shutil.copytree(f"{source}/image/overlay2", f"{out}/image/devicemapper", symlinks=True)
for chain, (device_hash, _) in devices.items():
    open(f"{out}/image/devicemapper/layerdb/sha256/{chain}/cache-id", "w").write(device_hash)
print(f"{len(devices)} thin devices, {next_data_block * BLOCK} bytes of pool data")
