/// What can go wrong reading a devicemapper pool from its files.
public enum PoolFilesError: Error, Sendable, CustomStringConvertible {
    case toolMissing(String)
    /// thin_check rejected the metadata file; `message` is what it said.
    case metadataRejected(metadataFile: String, message: String)
    /// thin_dump failed on a metadata file that thin_check accepted.
    case dumpFailed(metadataFile: String, message: String)
    /// thin_dump's XML could not be read (`line` 0 when unknown).
    case dumpUnreadable(path: String, line: Int, reason: String)
    /// A data or metadata file is backed by a loop device: some daemon or dm pool uses it right now.
    case poolActive(file: String, loopDevices: [String])
    /// Docker has no record of this device hash, or only the record of a deleted device.
    case unknownLayerDevice(hash: String, reason: String)
    /// Docker's record names a thin device id that the pool's metadata does not have.
    case deviceNotInPool(hash: String, deviceID: Int, metadataFile: String)
    /// The data file ends before a block that the device maps.
    case dataFileTooShort(
        device: String, dataBlock: UInt64, blockSizeBytes: UInt64, neededBytes: UInt64, dataFile: String,
        fileSizeBytes: UInt64)
    case unsupportedFilesystem(String, image: String)
    case attachFailed(image: String, message: String)
    case mountFailed(image: String, loopDevice: String, filesystem: String, message: String)
    /// The device mounted, but holds no `rootfs/` directory (not a layer device).
    case noRootfs(hash: String, mountPoint: String)
    /// Cleanup left something behind; says what, so the user can remove it by hand.
    case cleanupFailed(what: String, message: String)
    case fileOperationFailed(path: String, operation: String, reason: String)
    /// A libdevmapper call failed while reading the pool through the kernel; `what` names the device and layer.
    case deviceMapperFailed(what: String, message: String)
    /// dockerd is running while the pool is active: it may activate or change devices under a reader.
    case daemonRunning(pool: String, pids: [Int32])
    /// Thin devices of the pool are active (Docker's, for running containers or mounted layers).
    case poolDevicesActive(pool: String, devices: [String])
    /// The pool is not active and there are no files to activate it from.
    case poolUnavailable(pool: String?, reason: String)

    public var description: String {
        switch self {
        case .toolMissing(let tool):
            return "\(tool) is not installed; install thin-provisioning-tools (Debian/Ubuntu) or "
                + "device-mapper-persistent-data (CentOS/RHEL) and try again"
        case .metadataRejected(let file, let message):
            return "thin_check rejected the pool metadata file \(file):\n\(message)\n"
                + "Do not repair it in place: copy it first, then run `thin_repair -i \(file) -o <new metadata file>` "
                + "(a file of at least the same size) and point drivershift at the repaired copy"
        case .dumpFailed(let file, let message):
            return "thin_dump could not read the pool metadata file \(file):\n\(message)\n"
                + "Try `thin_repair` into a copy of the file (never in place) and read the copy"
        case .dumpUnreadable(let path, let line, let reason):
            let place = line > 0 ? "\(path) line \(line)" : path
            return "thin_dump's output \(place) cannot be read: \(reason); check the thin-provisioning-tools version"
        case .poolActive(let file, let loopDevices):
            return "a daemon has this pool active: stop docker first (\(file) is attached to "
                + "\(loopDevices.joined(separator: ", ")); reading a live pool's files gives a torn copy"
        case .unknownLayerDevice(let hash, let reason):
            return "device \(hash): \(reason); check the layer's cache-id against devicemapper/metadata/"
        case .deviceNotInPool(let hash, let deviceID, let file):
            return "device \(hash) is thin device \(deviceID) in Docker's records, but the pool metadata \(file) "
                + "has no device \(deviceID); the metadata may be older than Docker's records, or damaged "
                + "(run thin_check on a copy)"
        case .dataFileTooShort(let device, let block, let blockSize, let needed, let file, let size):
            return "\(device) maps data block \(block) (\(blockSize)-byte blocks, so \(needed) bytes "
                + "are needed), but the data file \(file) holds only \(size) bytes; it was truncated or is "
                + "not this pool's data file"
        case .unsupportedFilesystem(let filesystem, let image):
            return "\(image) holds a filesystem of type \(filesystem); only xfs and ext4 devices can be mounted "
                + "read-only here"
        case .attachFailed(let image, let message):
            return "losetup could not attach \(image) read-only: \(message); check that loop devices are "
                + "available (`modprobe loop`, `losetup -f`)"
        case .mountFailed(let image, let loop, let filesystem, let message):
            return "mounting \(image) (on \(loop)) read-only as \(filesystem) failed: \(message); the device may be "
                + "damaged, or its blocks missing from the pool"
        case .noRootfs(let hash, let mountPoint):
            return "device \(hash) has no rootfs/ directory (mounted at \(mountPoint)); it is not a layer's device"
        case .cleanupFailed(let what, let message):
            return "could not clean up \(what): \(message); remove it by hand"
        case .fileOperationFailed(let path, let operation, let reason):
            return "cannot \(operation) \(path): \(reason)"
        case .deviceMapperFailed(let what, let message):
            return "could not \(what): \(message)"
        case .daemonRunning(let pool, let pids):
            return "dockerd is running (pid \(pids.map(String.init).joined(separator: ", "))) and has the pool \(pool) "
                + "active: stop docker first (`systemctl stop docker docker.socket`), or export with --source daemon"
        case .poolDevicesActive(let pool, let devices):
            return "thin devices of the pool \(pool) are active (\(devices.joined(separator: ", "))): Docker or "
                + "its containers still use them; stop docker and its containers first (`systemctl stop docker`), "
                + "then check `dmsetup ls` and unmount what is left"
        case .poolUnavailable(let pool, let reason):
            return "cannot read the pool\(pool.map { " " + $0 } ?? ""): \(reason)"
        }
    }
}
