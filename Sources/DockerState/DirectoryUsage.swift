#if canImport(Glibc)
    import Glibc
#endif

/// Bytes held by a directory tree, counted as Docker's `directory.Size` does for volumes and writable layers:
/// the sizes of everything but directories (symlinks included, not followed), each inode once.
enum DirectoryUsage {
    static func bytes(at root: String) throws -> UInt64 {
        var seen = Set<UInt64>()
        var total: UInt64 = 0
        var pending = [root]
        while let directory = pending.popLast() {
            for name in try StateFile.list(directory) {
                let path = "\(directory)/\(name)"
                var info = stat()
                guard lstat(path, &info) == 0 else { throw StateFile.error(errno, path) }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    pending.append(path)
                default:
                    if info.st_nlink > 1 && !seen.insert(UInt64(info.st_ino)).inserted { continue }
                    total += UInt64(max(0, info.st_size))
                }
            }
        }
        return total
    }
}
