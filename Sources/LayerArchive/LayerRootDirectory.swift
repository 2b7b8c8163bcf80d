import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The root directory of one layer's files, through which tar-split members are opened without ever leaving it.
///
/// Member names come from a file on disk and may be hostile, so each name is checked (`TarMemberName`) and then
/// walked one component at a time with `openat(O_NOFOLLOW)`: a symlink anywhere in the path is refused, never
/// followed, so `link -> /etc` inside the layer cannot make `link/passwd` read the host's file. (`openat2` with
/// RESOLVE_BENEATH would do this in one call, but glibc 2.36 has no wrapper and Swift cannot call the variadic
/// `syscall`; with the directory cache below the walk costs about one `openat` per member anyway.)
///
/// Not thread-safe: it keeps the directories of the last lookup open. Use one per replay.
public final class LayerRootDirectory {
    public let path: String
    private let rootDescriptor: Int32
    /// Directories of the last member's path, outermost first. Tar lists a directory's members together, so
    /// most lookups reuse all of them and cost a single `openat`.
    private var openDirectories: [(name: [UInt8], descriptor: Int32)] = []

    /// O_PATH (Linux, the same on x86_64 and arm64); glibc only declares it under _GNU_SOURCE, which Swift lacks.
    private static let openPathOnly: Int32 = 0o10_000_000

    public init(path: String) throws {
        self.path = path
        // The root itself is our own trusted path (it may legitimately sit behind a symlinked data root).
        let descriptor = open(path, Self.openPathOnly | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw LayerArchiveError.cannotOpen(
                path: path,
                reason: "\(String(cString: strerror(code))); the layer's files must be a directory here "
                    + "(overlay2/vfs: the layer directory; devicemapper: the mounted snapshot)")
        }
        rootDescriptor = descriptor
    }

    deinit {
        for directory in openDirectories { close(directory.descriptor) }
        close(rootDescriptor)
    }

    /// Opens the member `tarName` (raw bytes, as in the tar header) for reading and returns its descriptor,
    /// which the caller closes. Throws unless it is a regular file reached without any symlink.
    public func openFileForReading(tarName: [UInt8]) throws -> Int32 {
        try openRegularFile(tarName: tarName).descriptor
    }

    /// `openFileForReading`, plus the file's size from the same `fstat` that proved it regular.
    func openRegularFile(tarName: [UInt8]) throws -> (descriptor: Int32, size: UInt64) {
        let member = try TarMemberName(raw: tarName, layerRoot: path)
        guard let last = member.components.last else {
            throw LayerArchiveError.layerMemberNotRegularFile(
                member: TarMemberName.display(tarName), layerRoot: path, found: "it names the layer root itself")
        }
        let parents = member.components.dropLast()
        let directory = try openParents(parents, of: member)

        let flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY
        let descriptor = Self.withCString(last) { openat(directory, $0, flags) }
        guard descriptor >= 0 else {
            throw failure(errno, opening: member, upTo: member.components.count, in: directory)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw LayerArchiveError.layerReadFailed(
                path: "\(path)/\(TarMemberName.display(tarName))", operation: "fstat of",
                reason: String(cString: strerror(code)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw LayerArchiveError.layerMemberNotRegularFile(
                member: TarMemberName.display(tarName), layerRoot: path, found: "it is \(Self.kind(info.st_mode))")
        }
        return (descriptor, UInt64(max(0, info.st_size)))
    }

    /// Opens (or reuses) each directory of `parents` below the root, refusing anything that is not a directory.
    private func openParents(_ parents: ArraySlice<ArraySlice<UInt8>>, of member: TarMemberName) throws -> Int32 {
        var reused = 0
        while reused < openDirectories.count, reused < parents.count,
            openDirectories[reused].name.elementsEqual(parents[parents.startIndex + reused])
        {
            reused += 1
        }
        while openDirectories.count > reused {
            if let directory = openDirectories.popLast() { close(directory.descriptor) }
        }
        var directory = openDirectories.last?.descriptor ?? rootDescriptor
        for (offset, component) in parents.enumerated().dropFirst(reused) {
            // O_PATH needs no read permission; O_NOFOLLOW with O_DIRECTORY fails on a symlink instead of following.
            let next = Self.withCString(component) {
                openat(directory, $0, Self.openPathOnly | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard next >= 0 else {
                throw failure(errno, opening: member, upTo: offset + 1, in: directory)
            }
            openDirectories.append((Array(component), next))
            directory = next
        }
        return directory
    }

    /// The error for a failed `openat` of `member.components[count - 1]` in `directory`.
    private func failure(_ code: Int32, opening member: TarMemberName, upTo count: Int, in directory: Int32)
        -> LayerArchiveError
    {
        let name = TarMemberName.display(member.raw)
        if code == ENOENT {
            return .layerMemberMissing(member: name, layerRoot: path)
        }
        let component = member.components[count - 1]
        var info = stat()
        let known = Self.withCString(component) { fstatat(directory, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0
        let isLast = count == member.components.count
        if known, !isLast, info.st_mode & S_IFMT != S_IFDIR {
            let prefix = TarMemberName.display(
                Array(member.components[0..<count].joined(separator: [UInt8(ascii: "/")])))
            return .layerMemberNotRegularFile(
                member: name, layerRoot: path,
                found: "\"\(prefix)\" on the way to it is \(Self.kind(info.st_mode)), not a directory")
        }
        if known, isLast, info.st_mode & S_IFMT != S_IFREG {
            return .layerMemberNotRegularFile(member: name, layerRoot: path, found: "it is \(Self.kind(info.st_mode))")
        }
        return .layerReadFailed(path: "\(path)/\(name)", operation: "opening", reason: String(cString: strerror(code)))
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFLNK: return "a symbolic link (never followed)"
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFREG: return "a regular file"
        default: return "of unknown type \(String(mode & S_IFMT, radix: 8))"
        }
    }

    /// Calls `body` with `bytes` NUL-terminated, on the stack for names of ordinary length (no allocation).
    private static func withCString<R>(_ bytes: ArraySlice<UInt8>, _ body: (UnsafePointer<CChar>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            guard let start = buffer.baseAddress else {
                preconditionFailure("a temporary allocation of \(bytes.count + 1) bytes has no address")
            }
            _ = UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, fromContentsOf: bytes)
            start[bytes.count] = 0
            return body(UnsafePointer(start))
        }
    }
}
