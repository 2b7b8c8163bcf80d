import Foundation
import HostConfig
import HostSystem

/// `selinux`: SELinux on overlay needs the kernel's `security_inode_copy_up` hook (Linux 4.9+, backported to
/// RHEL/CentOS 7.4's 3.10.0-693). dockerd looks for exactly that symbol in /proc/kallsyms: without it, a
/// dockerd with `selinux-enabled` either refuses overlay2 (older releases) or runs containers unlabelled.
struct SELinuxCheck: Sendable {
    static let title = "SELinux works with overlay2"
    static let hook = "security_inode_copy_up"

    let hostRoot: HostRoot

    func check(configuration: DockerConfiguration) -> PreflightCheck {
        let enforcePath = hostRoot.resolve("/sys/fs/selinux/enforce")
        guard let mode = try? String(contentsOfFile: enforcePath, encoding: .utf8) else {
            return make(.ok, "SELinux is not enabled (no /sys/fs/selinux/enforce): nothing to check", nil)
        }
        let enforcing = mode.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        let state = enforcing ? "enforcing" : "permissive"
        let daemonSELinux = Self.dockerdEnablesSELinux(configuration)
        let daemonNote =
            daemonSELinux ? "dockerd runs with selinux-enabled" : "dockerd does not set selinux-enabled"
        switch kernelSupport() {
        case .supported(let evidence):
            return make(.ok, "SELinux is \(state); the kernel supports SELinux on overlay (\(evidence))", nil)
        case .unsupported(let evidence) where enforcing || daemonSELinux:
            return make(
                .warning,
                "SELinux is \(state) and the kernel lacks SELinux support on overlay (\(evidence)); \(daemonNote): "
                    + "older dockerd refuse overlay2 then, newer ones run containers without SELinux labels",
                "boot a kernel with SELinux support for overlay (Linux 4.9+, RHEL/CentOS 7.4's 3.10.0-693+), "
                    + "or accept unlabelled containers and set selinux-enabled to false")
        case .unsupported(let evidence):
            return make(
                .ok,
                "SELinux is \(state) and \(daemonNote); the kernel lacks overlay support (\(evidence)) "
                    + "but nothing uses it", nil)
        case .unknown(let reason):
            return make(
                .warning, "SELinux is \(state), but whether the kernel supports it on overlay is unknown: \(reason)",
                "check that `grep \(Self.hook) /proc/kallsyms` finds the symbol (Linux 4.9+, RHEL 7.4+)")
        }
    }

    private func make(_ status: PreflightCheck.Status, _ finding: String, _ remedy: String?) -> PreflightCheck {
        PreflightCheck(
            id: PreflightCheckID.selinux, title: Self.title, status: status, finding: finding, remedy: remedy)
    }

    /// `selinux-enabled` from daemon.json or a flag, the last one dockerd reads; a bare flag means true.
    static func dockerdEnablesSELinux(_ configuration: DockerConfiguration) -> Bool {
        guard let setting = configuration.settings(for: "selinux-enabled").last(where: { $0.source.inEffect }) else {
            return false
        }
        guard let value = setting.values.last else { return true }
        return value.lowercased() == "true" || value == "1"
    }

    enum KernelSupport: Equatable {
        case supported(String)
        case unsupported(String)
        case unknown(String)
    }

    /// /proc/kallsyms names the hook when the kernel has it (the names are listed even where addresses are
    /// hidden); without a readable kallsyms the kernel release decides.
    func kernelSupport() -> KernelSupport {
        let kallsyms = hostRoot.resolve("/proc/kallsyms")
        if let handle = FileHandle(forReadingAtPath: kallsyms) {
            defer { try? handle.close() }
            if let data = try? handle.readToEnd(), !data.isEmpty {
                let text = String(decoding: data, as: UTF8.self)
                let found = text.split(separator: "\n").contains { $0.hasSuffix(" " + Self.hook) }
                return found
                    ? .supported("/proc/kallsyms has \(Self.hook)") : .unsupported("/proc/kallsyms lacks \(Self.hook)")
            }
        }
        let releasePath = hostRoot.resolve("/proc/sys/kernel/osrelease")
        guard let release = try? String(contentsOfFile: releasePath, encoding: .utf8) else {
            return .unknown("neither /proc/kallsyms nor /proc/sys/kernel/osrelease could be read")
        }
        return Self.support(forRelease: release.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Linux 4.9 brought the hook; Red Hat backported it to 3.10.0-693 (RHEL 7.4).
    static func support(forRelease release: String) -> KernelSupport {
        let numbers = release.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 2 else { return .unknown("kernel release \"\(release)\" could not be read") }
        let evidence = "kernel \(release)"
        if (numbers[0], numbers[1]) >= (4, 9) { return .supported(evidence) }
        if numbers.count >= 4 && (numbers[0], numbers[1], numbers[2]) == (3, 10, 0) && numbers[3] >= 693 {
            return .supported(evidence)
        }
        return .unsupported(evidence)
    }
}
