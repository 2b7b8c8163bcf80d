import Foundation

extension ConfigEditPlanning {
    /// Where an administrator's unit files live; files elsewhere belong to a package (or to /run, which is
    /// rebuilt at boot) and are never edited.
    static let adminUnitDirectory = "/etc/systemd/system/"
    static let dropInDirectory = "/etc/systemd/system/docker.service.d"
    /// Our drop-in's name, tried in order until one sorts after every existing drop-in.
    static let dropInNames = [
        "90-drivershift-storage.conf", "zz-drivershift-storage.conf", "~drivershift-storage.conf",
    ]

    mutating func planSystemd() throws {
        let service = try SystemdService.load(from: files)
        guard let unit = service.unit else { return }
        let effective = service.execStarts.last
        var vendorExecStart: SystemdService.Directive?
        for file in [unit] + service.dropIns {
            guard !file.unit.entries(section: "Service", key: "ExecStart").filter({ !$0.value.isEmpty }).isEmpty
            else { continue }
            if try isEditableInPlace(file.path) {
                let (text, usable) = try contents(of: file.path)
                guard usable, let text else { continue }
                let outcome = ExecStartEditor.edit(text, path: file.path)
                unresolved += outcome.problems
                guard outcome.changed else { continue }
                workspace.record(
                    file.path, before: text, after: outcome.text,
                    reason: Self.flagReason("ExecStart=", removed: outcome.removed, renamed: outcome.renamed))
            } else if let effective, effective.path == file.path {
                vendorExecStart = effective
            }
        }
        if let vendorExecStart { try planDropIn(replacing: vendorExecStart, existing: service.dropIns) }
        refuseEnvironmentFlags(service)
    }

    private func isEditableInPlace(_ path: String) throws -> Bool {
        guard path.hasPrefix(Self.adminUnitDirectory) else { return false }
        // A link (say to the package's unit) is edited through its target: not ours to change.
        return try files.resolvedHostPath(path) == path
    }

    /// A package's unit (or a drop-in outside /etc) holds the effective ExecStart= with storage flags: one
    /// drop-in of ours replaces it.
    private mutating func planDropIn(
        replacing directive: SystemdService.Directive, existing: [SystemdService.File]
    ) throws {
        let (text, usable) = try contents(of: directive.path)
        guard usable, let text,
            let replacement = ExecStartEditor.replacementValue(
                in: text, line: directive.line, path: directive.path, problems: &unresolved)
        else { return }
        let names = existing.map { ($0.path as NSString).lastPathComponent }
        guard
            let name = Self.dropInNames.first(where: { candidate in
                names.allSatisfy { Array($0.utf8).lexicographicallyPrecedes(Array(candidate.utf8)) }
            })
        else {
            refuse(
                "no drop-in name sorts after the existing ones (\(names.joined(separator: ", "))), so a drop-in of "
                    + "drivershift would not have the last word on ExecStart=. Rename them, then plan again.",
                path: Self.dropInDirectory)
            return
        }
        let path = Self.dropInDirectory + "/" + name
        let contents = """
            # Written by drivershift to switch dockerd's storage driver to \(target.driverName).
            # The package's unit, \(directive.path), is not edited (an update would undo that):
            # this drop-in replaces its ExecStart= without the storage flags, which now live only in
            # \(configuration.configFile) (dockerd refuses to start with a key given both as a flag and there).
            # Its name sorts after every other drop-in on purpose: systemd applies drop-ins in file-name order,
            # so the empty ExecStart= clears the earlier ones and the ExecStart= below is the one that runs.
            [Service]
            ExecStart=
            ExecStart=\(replacement.value)

            """
        workspace.record(
            path, before: nil, after: contents,
            reason: "replaces ExecStart= of \(directive.path) "
                + Self.flagReason("", removed: replacement.removed, renamed: replacement.renamed))
    }

    /// `Environment=` values are quoted for systemd, not for a shell; rewriting them is not worth the risk.
    private mutating func refuseEnvironmentFlags(_ service: SystemdService) {
        let execStarts = service.execStarts.map(\.value).joined(separator: " ")
        for directive in service.environment {
            guard let assignments = try? ShellWords.split(directive.value) else { continue }
            for assignment in assignments {
                guard let equals = assignment.firstIndex(of: "=") else { continue }
                let name = String(assignment[..<equals])
                let value = String(assignment[assignment.index(after: equals)...])
                let words = (try? ShellWords.split(value)) ?? []
                let edit = StorageFlagEdit.plan(words)
                guard edit.changesSomething || !edit.refusals.isEmpty,
                    execStarts.contains("$" + name) || execStarts.contains("${" + name + "}")
                else { continue }
                let flags = (edit.removedText + edit.renamedText + edit.refusals).joined(separator: ", ")
                refuse(
                    "Environment=\(name) in \(directive.path) line \(directive.line) passes \(flags) to dockerd; "
                        + "drivershift does not rewrite Environment= lines. Remove these flags from it (the storage "
                        + "driver goes into \(configuration.configFile)), then plan again.",
                    path: directive.path, line: directive.line)
            }
        }
    }

    static func flagReason(_ place: String, removed: [String], renamed: [String]) -> String {
        var parts: [String] = []
        if !removed.isEmpty { parts.append("remove \(removed.joined(separator: ", "))") }
        if !renamed.isEmpty { parts.append("rename \(renamed.joined(separator: ", "))") }
        let prefix = place.isEmpty ? "" : place + ": "
        return prefix + parts.joined(separator: "; ")
    }
}
