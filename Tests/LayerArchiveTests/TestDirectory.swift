import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A scratch directory for one test, removed when the test ends; files are written with raw-byte names.
final class TestDirectory {
    let path: String

    init(_ label: String = "layerarchive") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/relative` as raw bytes (the relative part need not be UTF-8).
    func bytes(of relative: [UInt8]) -> [UInt8] {
        Array(path.utf8) + [UInt8(ascii: "/")] + relative
    }

    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: "\(path)/\(relative)", withIntermediateDirectories: true)
    }

    /// Writes `contents` to `relative` (raw bytes), creating or truncating it.
    func write(_ contents: [UInt8], to relative: [UInt8]) throws {
        let descriptor = Self.withPath(bytes(of: relative)) {
            open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { throw Failure("open \(String(decoding: relative, as: UTF8.self))", errno) }
        defer { close(descriptor) }
        var offset = 0
        while offset < contents.count {
            let count = contents.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress.map { $0 + offset }, contents.count - offset)
            }
            guard count > 0 else { throw Failure("write", errno) }
            offset += count
        }
    }

    func write(_ text: String, to relative: String) throws {
        try write(Array(text.utf8), to: Array(relative.utf8))
    }

    /// Makes `relative` a sparse file of `size` bytes with `data` written at `offset`; the rest are holes.
    func writeSparse(_ relative: String, size: Int64, data: [UInt8], at offset: Int64) throws {
        let descriptor = open("\(path)/\(relative)", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure("open \(relative)", errno) }
        defer { close(descriptor) }
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw Failure("ftruncate", errno) }
        let written = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, data.count, off_t(offset)) }
        guard written == data.count else { throw Failure("pwrite", errno) }
    }

    func symlink(_ relative: String, pointingTo target: String) throws {
        guard Glibc.symlink(target, "\(path)/\(relative)") == 0 else { throw Failure("symlink \(relative)", errno) }
    }

    func fifo(_ relative: String) throws {
        guard mkfifo("\(path)/\(relative)", 0o644) == 0 else { throw Failure("mkfifo \(relative)", errno) }
    }

    private static func withPath<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ operation: String, _ code: Int32) { description = "\(operation): \(String(cString: strerror(code)))" }
    }
}
