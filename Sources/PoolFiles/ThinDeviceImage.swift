import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A thin device rebuilt as a sparse image file: each mapped range copied from the pool's data file to its place
/// in the device; unmapped blocks (and mapped blocks that hold only zeros) stay holes. The data file is opened
/// read-only.
public struct ThinDeviceImage: Sendable {
    public let device: ThinDeviceMap
    public let blockSizeBytes: UInt64
    /// The device's size (Docker's record); the image grows past it only if a mapping lies beyond.
    public let sizeBytes: UInt64
    /// How errors name the device ("thin device 7 (layer device <hash>)").
    public var name: String

    /// Bytes read and written per call: large, so a multi-GB device is a few thousand calls.
    static let chunkBytes = 4 * 1024 * 1024

    public init(device: ThinDeviceMap, blockSizeBytes: UInt64, sizeBytes: UInt64) {
        self.device = device
        self.blockSizeBytes = blockSizeBytes
        self.sizeBytes = sizeBytes
        self.name = "thin device \(device.deviceID)"
    }

    /// Throws `dataFileTooShort` unless a data file of `dataFileSize` bytes holds every block the device maps.
    public func validate(dataFileSize: UInt64, dataFile: String) throws {
        guard let last = device.ranges.max(by: { $0.dataEnd < $1.dataEnd }) else { return }
        let (needed, overflow) = last.dataEnd.multipliedReportingOverflow(by: blockSizeBytes)
        guard overflow || needed > dataFileSize else { return }
        throw PoolFilesError.dataFileTooShort(
            device: name, dataBlock: last.dataEnd - 1, blockSizeBytes: blockSizeBytes,
            neededBytes: overflow ? UInt64.max : needed, dataFile: dataFile, fileSizeBytes: dataFileSize)
    }

    /// Writes the image to `imagePath` (which must not exist) and returns the bytes written (holes excluded).
    /// Checks the data file's size before copying anything; on any error or cancellation the image is removed.
    @discardableResult
    public func write(from dataFile: String, to imagePath: String) throws -> UInt64 {
        let source = open(dataFile, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw Self.failure(dataFile, "open") }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0 else { throw Self.failure(dataFile, "look at") }
        try validate(dataFileSize: UInt64(info.st_size), dataFile: dataFile)
        let imageSize = max(sizeBytes, device.originBlockEnd * blockSizeBytes)
        guard imageSize <= UInt64(Int64.max) else {
            throw PoolFilesError.fileOperationFailed(
                path: imagePath, operation: "size", reason: "\(imageSize) bytes is too large for a file")
        }

        let target = open(imagePath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard target >= 0 else { throw Self.failure(imagePath, "create") }
        do {
            defer { close(target) }
            guard ftruncate(target, off_t(imageSize)) == 0 else { throw Self.failure(imagePath, "size") }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkBytes, alignment: 4096)
            defer { buffer.deallocate() }
            var written: UInt64 = 0
            for range in device.ranges {
                written += try copy(range, from: source, dataFile, to: target, imagePath, buffer)
            }
            return written
        } catch {
            unlink(imagePath)
            throw error
        }
    }

    private func copy(
        _ range: BlockRange, from source: Int32, _ dataFile: String, to target: Int32, _ imagePath: String,
        _ buffer: UnsafeMutableRawBufferPointer
    ) throws -> UInt64 {
        var readOffset = range.dataBegin * blockSizeBytes
        var writeOffset = range.originBegin * blockSizeBytes
        var remaining = range.length * blockSizeBytes
        var written: UInt64 = 0
        while remaining > 0 {
            if Task.isCancelled { throw CancellationError() }
            let count = Int(min(remaining, UInt64(buffer.count)))
            let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
            try Self.readFully(source, into: chunk, at: readOffset, path: dataFile)
            written += try writeNonZeroBlocks(chunk, to: target, at: writeOffset, path: imagePath)
            readOffset += UInt64(count)
            writeOffset += UInt64(count)
            remaining -= UInt64(count)
        }
        return written
    }

    /// Writes the chunk's blocks that hold data, neighbours in one call; all-zero blocks stay holes, so the image
    /// is as sparse as the device was.
    private func writeNonZeroBlocks(
        _ chunk: UnsafeMutableRawBufferPointer, to target: Int32, at offset: UInt64, path: String
    ) throws -> UInt64 {
        let step = Int(min(blockSizeBytes, UInt64(chunk.count)))
        var written: UInt64 = 0
        var runStart: Int?
        var position = 0
        while position <= chunk.count {
            let end = min(position + step, chunk.count)
            let holdsData =
                position < chunk.count
                && !Self.isAllZero(UnsafeMutableRawBufferPointer(rebasing: chunk[position..<end]))
            if holdsData, runStart == nil { runStart = position }
            if !holdsData, let start = runStart {
                let run = UnsafeRawBufferPointer(rebasing: chunk[start..<position])
                try Self.writeFully(target, from: run, at: offset + UInt64(start), path: path)
                written += UInt64(run.count)
                runStart = nil
            }
            position += step
        }
        return written
    }

    private static func readFully(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64, path: String
    ) throws {
        var done = 0
        while done < buffer.count {
            let count = pread(
                descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(offset) + off_t(done))
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "read")
            }
            guard count > 0 else {
                throw PoolFilesError.fileOperationFailed(
                    path: path, operation: "read", reason: "the file ended at byte \(offset + UInt64(done))")
            }
            done += count
        }
    }

    private static func writeFully(
        _ descriptor: Int32, from buffer: UnsafeRawBufferPointer, at offset: UInt64, path: String
    ) throws {
        var done = 0
        while done < buffer.count {
            let count = pwrite(
                descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(offset) + off_t(done))
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            done += count
        }
    }

    /// Whether every byte is zero (the first byte is, and each byte equals the next); such a block stays a hole.
    private static func isAllZero(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return true }
        return buffer[0] == 0 && memcmp(base, base + 1, buffer.count - 1) == 0
    }

    static func failure(_ path: String, _ operation: String) -> PoolFilesError {
        .fileOperationFailed(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
