import Foundation
import HostSystem

#if canImport(Glibc)
    import Glibc
#endif

/// `overlay.d-type`: overlay2 needs a backing filesystem whose directory entries carry the file type
/// (d_type); without it whiteouts go wrong and dockerd refuses overlay2. On xfs that is `ftype=1`, which only
/// mkfs can set, so xfs_info is asked; elsewhere a file is created and read back with readdir, as Docker does.
struct DTypeProbe: Sendable {
    static let title = "the data root's filesystem supports d_type"
    var runner = CommandRunner()

    /// `directory` is the data root (or where it will be); its nearest existing parent is probed.
    func check(directory: String) async -> PreflightCheck {
        let facts: FilesystemFacts
        do {
            facts = try FilesystemFacts.of(directory)
        } catch {
            return result(.blocker, "could not find the filesystem of \(directory): \(error)")
        }
        return await check(mount: facts.mount, probeDirectory: facts.existingDirectory)
    }

    /// The xfs path asks xfs_info about `mount.mountPoint`; every other filesystem is probed in `probeDirectory`.
    func check(mount: MountEntry, probeDirectory: String) async -> PreflightCheck {
        let location = "\(probeDirectory) (\(mount.type) on \(mount.source))"
        var fallbackNote = ""
        if mount.type == "xfs" {
            switch await xfsFileType(mountPoint: mount.mountPoint) {
            case .success(true):
                return result(.ok, "\(location): xfs_info reports ftype=1")
            case .success(false):
                return result(
                    .blocker, "\(location): xfs_info reports ftype=0, so the filesystem has no d_type",
                    remedy: "ftype is fixed when the filesystem is made: move the data root to a filesystem made "
                        + "with `mkfs.xfs -n ftype=1` (or ext4), or back up, re-make this one with ftype=1, and "
                        + "restore; overlay2 cannot run on it")
            case .failure(let error):
                fallbackNote = " (xfs_info could not tell: \(error); probed instead)"
            }
        }
        switch Self.probe(in: probeDirectory) {
        case .success(true):
            return result(.ok, "\(location): a test file's directory entry carries its type\(fallbackNote)")
        case .success(false):
            return result(
                .blocker, "\(location): readdir returns DT_UNKNOWN, so the filesystem has no d_type\(fallbackNote)",
                remedy: "put the data root on a filesystem with d_type (ext4 with the filetype feature, xfs made "
                    + "with ftype=1); overlay2 cannot run on this one")
        case .failure(let error):
            return result(
                .blocker, "could not probe d_type in \(location): \(error)\(fallbackNote)",
                remedy: "run the preflight as root, or check that \(probeDirectory) is writable")
        }
    }

    private func result(_ status: PreflightCheck.Status, _ finding: String, remedy: String? = nil) -> PreflightCheck {
        PreflightCheck(
            id: PreflightCheckID.overlayDType, title: Self.title, status: status, finding: finding, remedy: remedy)
    }

    /// `ftype=1` (true) or `ftype=0` (false) from `xfs_info <mount point>`.
    private func xfsFileType(mountPoint: String) async -> Result<Bool, PreflightError> {
        let command = Command("xfs_info", [mountPoint])
        let output: CommandResult
        do {
            output = try await runner.run(command)
        } catch {
            return .failure(.commandUnavailable(command: command.description, reason: "\(error)"))
        }
        guard output.succeeded else { return .failure(.failed(output)) }
        guard let fileType = Self.parseFileType(xfsInfo: output.standardOutput) else {
            return .failure(
                .commandFailed(command: command.description, exitCode: 0, output: "no ftype= in its output"))
        }
        return .success(fileType)
    }

    /// The `naming` line of xfs_info: `naming   =version 2   bsize=4096   ascii-ci=0, ftype=1`.
    static func parseFileType(xfsInfo output: String) -> Bool? {
        for line in output.split(separator: "\n") where line.hasPrefix("naming") {
            guard let range = line.range(of: "ftype=") else { return nil }
            switch line[range.upperBound...].prefix(1) {
            case "1": return true
            case "0": return false
            default: return nil
            }
        }
        return nil
    }

    /// Creates a file in a scratch directory and reads the directory back: true when its entry has a type.
    static func probe(in directory: String) -> Result<Bool, PreflightError> {
        let scratch: ScratchDirectory
        do {
            scratch = try ScratchDirectory.make(in: directory, label: "d-type-check")
        } catch let error as PreflightError {
            return .failure(error)
        } catch {
            return .failure(.cannotCreateScratch(path: directory, reason: "\(error)"))
        }
        let outcome: Result<Bool, PreflightError>
        do {
            try scratch.writeFile(scratch.path + "/probe", "d_type\n")
            outcome = .success(try entryType(named: "probe", in: scratch.path) != UInt8(DT_UNKNOWN))
        } catch let error as PreflightError {
            outcome = .failure(error)
        } catch {
            outcome = .failure(.cannotRead(path: scratch.path, reason: "\(error)"))
        }
        if let leftover = scratch.remove() {
            if case .failure(let error) = outcome { return .failure(error) }
            return .failure(.cannotWrite(path: scratch.path, reason: leftover))
        }
        return outcome
    }

    private static func entryType(named name: String, in directory: String) throws -> UInt8 {
        guard let handle = opendir(directory) else {
            throw PreflightError.cannotRead(path: directory, reason: String(cString: strerror(errno)))
        }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if entryName == name { return entry.pointee.d_type }
        }
        throw PreflightError.cannotRead(path: directory, reason: "readdir did not list the test file \(name)")
    }
}
