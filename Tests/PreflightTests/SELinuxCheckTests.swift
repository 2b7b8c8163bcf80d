import HostConfig
import Testing

@testable import Preflight

/// `selinux` on host trees with /sys/fs/selinux/enforce and /proc/kallsyms as a kernel leaves them.
@Suite struct SELinuxCheckTests {
    static let kallsymsWithHook = """
        ffffffff81000000 T _stext
        ffffffff813a5b20 T security_inode_copy_up
        ffffffff813a5b60 T security_inode_copy_up_xattr

        """
    static let kallsymsWithoutHook = """
        ffffffff81000000 T _stext
        ffffffff813a5b60 T security_inode_copy_up_xattr

        """

    private func check(enforce: String?, kallsyms: String?, osrelease: String? = nil, selinuxEnabled: Bool = false)
        throws -> PreflightCheck
    {
        let host = try FakeHostRoot()
        defer { host.remove() }
        if let enforce { try host.write("/sys/fs/selinux/enforce", enforce) }
        if let kallsyms { try host.write("/proc/kallsyms", kallsyms) }
        if let osrelease { try host.write("/proc/sys/kernel/osrelease", osrelease) }
        if selinuxEnabled { try host.write("/etc/docker/daemon.json", "{\"selinux-enabled\": true}\n") }
        let configuration = try DockerConfigurationReader.read(hostRoot: host.root)
        return SELinuxCheck(hostRoot: host.root).check(configuration: configuration)
    }

    @Test func noSELinuxIsOK() throws {
        let result = try check(enforce: nil, kallsyms: Self.kallsymsWithoutHook)
        #expect(result.id == "selinux")
        #expect(result.status == .ok)
        #expect(result.finding.contains("SELinux is not enabled"))
    }

    @Test func enforcingWithTheKernelHookIsOK() throws {
        let result = try check(enforce: "1", kallsyms: Self.kallsymsWithHook, selinuxEnabled: true)
        #expect(result.status == .ok)
        #expect(
            result.finding == "SELinux is enforcing; the kernel supports SELinux on overlay "
                + "(/proc/kallsyms has security_inode_copy_up)")
    }

    @Test func enforcingWithoutTheHookIsAWarning() throws {
        let result = try check(enforce: "1\n", kallsyms: Self.kallsymsWithoutHook, selinuxEnabled: true)
        #expect(result.status == .warning)
        #expect(
            result.finding.contains("lacks SELinux support on overlay (/proc/kallsyms lacks security_inode_copy_up)"))
        #expect(result.finding.contains("dockerd runs with selinux-enabled"))
        #expect(result.remedy?.contains("3.10.0-693") == true)
    }

    @Test func permissiveWithoutDaemonSELinuxIsOK() throws {
        let result = try check(enforce: "0", kallsyms: Self.kallsymsWithoutHook)
        #expect(result.status == .ok)
        #expect(result.finding.contains("permissive"))
    }

    /// Without kallsyms the kernel release decides: RHEL 7.3's kernel lacks the backport, 7.4's has it.
    @Test func kernelReleaseDecidesWithoutKallsyms() throws {
        let rhel73 = try check(enforce: "1", kallsyms: nil, osrelease: "3.10.0-514.el7.x86_64\n")
        #expect(rhel73.status == .warning)
        #expect(rhel73.finding.contains("kernel 3.10.0-514.el7.x86_64"))
        let rhel74 = try check(enforce: "1", kallsyms: nil, osrelease: "3.10.0-693.el7.x86_64\n")
        #expect(rhel74.status == .ok)
        #expect(SELinuxCheck.support(forRelease: "4.4.0-21-generic") == .unsupported("kernel 4.4.0-21-generic"))
        #expect(SELinuxCheck.support(forRelease: "5.14.0-362.el9") == .supported("kernel 5.14.0-362.el9"))
        let unknown = try check(enforce: "1", kallsyms: nil)
        #expect(unknown.status == .warning)
        #expect(unknown.finding.contains("unknown"))
    }
}
