import HostSystem

/// `overlay.kernel`: mounts a real overlay (lower, upper, work, merged) on the filesystem that will hold the
/// new layers, writes through it, and takes it down again. /proc/filesystems only says the module exists;
/// a mount also proves that this filesystem can be an upper layer and that we may mount at all.
///
/// The mount lives in a private mount namespace of its own (`unshare --mount`) and dies with it. Mounted in the
/// host's namespace, every namespace created meanwhile (containerd and runc make them all the time on a busy
/// host) would take a copy of it, and the scratch directory could not be removed afterwards (EBUSY).
struct OverlayMountProbe: Sendable {
    static let title = "overlay mounts on this kernel"
    var runner = CommandRunner()

    /// `directory` is where the new layers will live (the data root); its nearest existing parent is used.
    func check(directory: String) async -> PreflightCheck {
        let facts: FilesystemFacts
        let scratch: ScratchDirectory
        do {
            facts = try FilesystemFacts.of(directory)
            scratch = try ScratchDirectory.make(in: facts.existingDirectory, label: "overlay-check")
        } catch {
            return failure("could not prepare the test mount: \(error)")
        }
        let outcome: Result<Void, PreflightError>
        do {
            let merged = try prepare(scratch)
            try await mountAndWrite(scratch, merged: merged)
            try verify(scratch)
            outcome = .success(())
        } catch let error as PreflightError {
            outcome = .failure(error)
        } catch {
            outcome = .failure(.cannotWrite(path: scratch.path, reason: "\(error)"))
        }
        // The namespace is gone, and the mount with it; the mount table, not our bookkeeping, says so.
        let merged = scratch.path + "/merged"
        let unmountProblem = MountEntry.anyMount(atOrBelow: merged) ? await unmount(merged) : nil
        let leftover = scratch.remove()
        let cleanup = [unmountProblem, leftover].compactMap { $0 }.joined(separator: "; ")

        switch outcome {
        case .success where cleanup.isEmpty:
            return PreflightCheck(
                id: PreflightCheckID.overlayKernel, title: Self.title, status: .ok,
                finding: "a test overlay mount in \(facts.existingDirectory) (\(facts.mount.type)) worked: "
                    + "a file written through it landed in its upper directory")
        case .success:
            return failure("the test overlay mount worked, but cleaning up failed: \(cleanup)")
        case .failure(let error):
            return failure(
                "a test overlay mount in \(facts.existingDirectory) (\(facts.filesystemDescription)) failed: \(error)"
                    + (cleanup.isEmpty ? "" : "; \(cleanup)"))
        }
    }

    private func failure(_ finding: String) -> PreflightCheck {
        PreflightCheck(
            id: PreflightCheckID.overlayKernel, title: Self.title, status: .blocker, finding: finding,
            remedy: "overlay2 needs a kernel with overlayfs (`modprobe overlay`; Linux 4.0+, or RHEL/CentOS "
                + "3.10.0-514+) and a data root filesystem it can use as upper layer (ext4, or xfs with ftype=1; "
                + "not overlay, NFS or tmpfs on old kernels); run the preflight as root")
    }

    /// lower/ with one file, empty upper/ and work/, and merged/ to mount on.
    private func prepare(_ scratch: ScratchDirectory) throws -> String {
        let lower = try scratch.createDirectory("lower")
        _ = try scratch.createDirectory("upper")
        _ = try scratch.createDirectory("work")
        let merged = try scratch.createDirectory("merged")
        try scratch.writeFile(lower + "/from-lower", "lower\n")
        return merged
    }

    /// In a new mount namespace, made private first (older util-linux leaves it shared with the host's): mount,
    /// read the lower file through the mount, write a file through it. The script is fixed; paths are arguments.
    static let namespaceScript = """
        mount --make-rprivate / || exit 2
        mount -t overlay overlay -o "$1" "$2" || exit 3
        [ "$(cat "$2/from-lower")" = lower ] || { echo "the lower file does not show through" >&2; exit 4; }
        echo upper > "$2/through-merged" || exit 5
        """

    private func mountAndWrite(_ scratch: ScratchDirectory, merged: String) async throws {
        // Overlay's option syntax has no escaping: a comma or colon would split the option list.
        if scratch.path.contains(",") || scratch.path.contains(":") {
            throw PreflightError.cannotWrite(
                path: scratch.path, reason: "the path holds ',' or ':', which overlay's mount options cannot carry")
        }
        let options = "lowerdir=\(scratch.path)/lower,upperdir=\(scratch.path)/upper,workdir=\(scratch.path)/work"
        let command = Command(
            "unshare", ["--mount", "--", "/bin/sh", "-c", Self.namespaceScript, "overlay-check", options, merged])
        let result: CommandResult
        do {
            result = try await runner.run(command)
        } catch {
            throw PreflightError.commandUnavailable(command: command.description, reason: "\(error)")
        }
        guard result.succeeded else {
            // Named as the mount the operator would type; the namespace around it is ours.
            let mount = Command("mount", ["-t", "overlay", "overlay", "-o", options, merged])
            throw PreflightError.commandFailed(
                command: mount.description + " (in a private mount namespace)", exitCode: result.exitCode,
                output: result.errorTail(lines: 3).replacingOccurrences(of: "\n", with: " / "))
        }
    }

    /// The file written through the mount landed in upper/: the mount really was an overlay.
    private func verify(_ scratch: ScratchDirectory) throws {
        let landed = try? String(contentsOfFile: scratch.path + "/upper/through-merged", encoding: .utf8)
        guard landed == "upper\n" else {
            throw PreflightError.cannotRead(
                path: scratch.path + "/upper/through-merged", reason: "a file written through the mount is not there")
        }
    }

    /// `umount`, then a lazy detach if the first refused; nil when the mount is gone.
    private func unmount(_ merged: String) async -> String? {
        for arguments in [[merged], ["-l", merged]] {
            if let result = try? await runner.run(Command("umount", arguments)), result.succeeded { return nil }
        }
        return MountEntry.anyMount(atOrBelow: merged) ? "the test mount \(merged) could not be unmounted" : nil
    }
}
