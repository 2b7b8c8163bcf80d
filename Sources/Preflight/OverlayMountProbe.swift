import HostSystem

/// `overlay.kernel`: mounts a real overlay (lower, upper, work, merged) on the filesystem that will hold the
/// new layers, writes through it, and takes it down again. /proc/filesystems only says the module exists;
/// a mount also proves that this filesystem can be an upper layer and that we may mount at all.
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
            try await mount(scratch, merged: merged)
            try verify(scratch, merged: merged)
            outcome = .success(())
        } catch let error as PreflightError {
            outcome = .failure(error)
        } catch {
            outcome = .failure(.cannotWrite(path: scratch.path, reason: "\(error)"))
        }
        // Always taken down, also after a failure half-way; the mount table, not our bookkeeping, says whether
        // something is mounted.
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

    private func mount(_ scratch: ScratchDirectory, merged: String) async throws {
        // Overlay's option syntax has no escaping: a comma or colon would split the option list.
        if scratch.path.contains(",") || scratch.path.contains(":") {
            throw PreflightError.cannotWrite(
                path: scratch.path, reason: "the path holds ',' or ':', which overlay's mount options cannot carry")
        }
        let options = "lowerdir=\(scratch.path)/lower,upperdir=\(scratch.path)/upper,workdir=\(scratch.path)/work"
        let command = Command("mount", ["-t", "overlay", "overlay", "-o", options, merged])
        let result: CommandResult
        do {
            result = try await runner.run(command)
        } catch {
            throw PreflightError.commandUnavailable(command: command.description, reason: "\(error)")
        }
        guard result.succeeded else { throw PreflightError.failed(result) }
    }

    /// The lower file shows through, and a new file lands in upper/: the mount really is an overlay.
    private func verify(_ scratch: ScratchDirectory, merged: String) throws {
        let seen = try? String(contentsOfFile: merged + "/from-lower", encoding: .utf8)
        guard seen == "lower\n" else {
            throw PreflightError.cannotRead(
                path: merged + "/from-lower", reason: "the lower file does not show through")
        }
        try scratch.writeFile(merged + "/through-merged", "upper\n")
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
