extension ConfigEditPlanning {
    /// Kinds of files whose variables are shell-style assignments that can carry dockerd flags.
    static let variableFileKinds: Set<ConfigSource.Kind> = [
        .sysconfigDocker, .sysconfigDockerStorage, .defaultDocker, .environmentFile,
    ]

    /// OPTIONS, DOCKER_STORAGE_OPTIONS, DOCKER_OPTS (in effect or not), and any other variable file whose
    /// variable reaches dockerd's command line.
    mutating func planVariableFiles() throws {
        var origins = ConfigGathering.flagVariables.map {
            ConfigGathering.VariableOrigin(path: $0.path, variable: $0.variable)
        }
        for argument in configuration.dockerdArguments {
            let source = argument.source
            guard let variable = source.variable, Self.variableFileKinds.contains(source.kind) else { continue }
            let origin = ConfigGathering.VariableOrigin(path: source.path, variable: variable)
            if !origins.contains(origin) { origins.append(origin) }
        }
        for origin in origins {
            let (text, usable) = try contents(of: origin.path)
            guard usable, let text else { continue }
            let outcome = VariableAssignmentEditor.edit(origin.variable, in: text, path: origin.path)
            unresolved += outcome.problems
            guard outcome.changed else { continue }
            workspace.record(
                origin.path, before: text, after: outcome.text,
                reason: Self.flagReason(origin.variable, removed: outcome.removed, renamed: outcome.renamed))
        }
    }

    // MARK: - container-storage-setup

    /// Variables with which container-storage-setup mounts a volume at boot, which it skips without a driver.
    static let storageSetupVolumeVariables = [
        "DOCKER_ROOT_VOLUME", "CONTAINER_ROOT_LV_NAME", "CONTAINER_ROOT_LV_MOUNT_PATH",
    ]

    /// Stops container-storage-setup (docker-storage-setup) from writing devicemapper flags back.
    ///
    /// At every boot its unit runs it before docker.service; it sources the package defaults
    /// (/usr/share/container-storage-setup/container-storage-setup: `STORAGE_DRIVER=devicemapper` on CentOS 7)
    /// and then /etc/sysconfig/docker-storage-setup, and writes `DOCKER_STORAGE_OPTIONS="--storage-driver ..."`
    /// into /etc/sysconfig/docker-storage whenever that holds no driver, which after this plan it does not:
    /// with `devicemapper` it even builds a new thin pool from free VG space, with `overlay2` it writes
    /// `--storage-driver overlay2`, a flag that conflicts with daemon.json's `storage-driver`. With an empty
    /// `STORAGE_DRIVER=` it stops at once ("no storage will be configured") and exits 0, so docker.service,
    /// which only Wants= it, starts as usual. That is its documented off switch ("Empty string means do not
    /// do any storage setup"), kept in the administrator's own file (an rpm update does not overwrite a
    /// changed config file) rather than masking the unit or editing the package's defaults. The cost:
    /// it then also skips mounting DOCKER_ROOT_VOLUME / CONTAINER_ROOT_LV_* volumes, so such hosts are
    /// refused rather than left without their data root at the next boot.
    mutating func planStorageSetup() throws {
        let path = ConfigGathering.storageSetupFile
        for unit in ConfigGathering.storageSetupUnits where try SystemdService.unitExists(unit, in: files) {
            storageSetupRuns = true
        }
        let (original, usable) = try contents(of: path)
        guard usable, original != nil || storageSetupRuns else { return }
        let text = original ?? ""
        let file = VariableFile.parse(text)
        if storageSetupRuns {
            for name in Self.storageSetupVolumeVariables {
                guard let assignment = file.assignment(of: name), !assignment.value.isEmpty,
                    assignment.value.lowercased() != "no"
                else { continue }
                refuse(
                    "\(path) sets \(name)=\(assignment.value): container-storage-setup mounts that volume at boot, "
                        + "and it must be told STORAGE_DRIVER= (no driver) so that it stops writing "
                        + "/etc/sysconfig/docker-storage, which also stops the mount. Mount the volume through "
                        + "/etc/fstab and remove \(name), then plan again.", path: path, line: assignment.line)
            }
        }
        if let current = file.assignment(of: "STORAGE_DRIVER"), current.value.isEmpty { return }
        let comment =
            "# drivershift: no driver, so that container-storage-setup leaves /etc/sysconfig/docker-storage alone;\n"
            + "# dockerd's storage driver (\(target.driverName)) is set in \(configuration.configFile).\n"
        let scalars = Array(text.unicodeScalars)
        let updated: String
        if let span = VariableFile.spans(text).last(where: { $0.name == "STORAGE_DRIVER" }) {
            let quote =
                span.valueStart < scalars.count && (scalars[span.valueStart] == "\"" || scalars[span.valueStart] == "'")
                ? String(scalars[span.valueStart]) : ""
            let lineStart = scalars[..<span.start].lastIndex(of: "\n").map { $0 + 1 } ?? 0
            updated =
                String(String.UnicodeScalarView(scalars[..<lineStart])) + comment
                + String(String.UnicodeScalarView(scalars[lineStart..<span.valueStart])) + quote + quote
                + String(String.UnicodeScalarView(scalars[span.valueEnd...]))
        } else {
            let separator = text.isEmpty || text.hasSuffix("\n") ? "" : "\n"
            updated = text + separator + comment + "STORAGE_DRIVER=\n"
        }
        let before = file.assignment(of: "STORAGE_DRIVER")?.value ?? "(package default)"
        workspace.record(
            path, before: original, after: updated,
            reason: "STORAGE_DRIVER \(before) -> empty: container-storage-setup no longer writes storage flags at boot")
    }
}
