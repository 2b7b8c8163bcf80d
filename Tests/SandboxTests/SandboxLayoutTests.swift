import Sandbox
import Testing

@Suite("Sandbox layout")
struct SandboxLayoutTests {
    @Test("a short directory keeps everything in the fake host tree")
    func inTreeLayout() {
        let layout = SandboxLayout(directory: "/tmp/sbx")
        #expect(!SandboxLayout.needsShortDirectory(for: "/tmp/sbx"))
        #expect(layout.configFile == "/tmp/sbx/etc/docker/daemon.json")
        #expect(layout.dataRoot == "/tmp/sbx/var/lib/docker")
        #expect(layout.execRoot == "/tmp/sbx/run/docker")
        #expect(layout.socketPath == "/tmp/sbx/run/docker.sock")
        #expect(layout.pidFile == "/tmp/sbx/run/docker.pid")
        #expect(layout.logPath == "/tmp/sbx/var/log/dockerd.log")
        #expect(layout.hostURL == "unix:///tmp/sbx/run/docker.sock")
        #expect(
            layout.daemonArguments == [
                "--config-file", "/tmp/sbx/etc/docker/daemon.json",
                "--data-root", "/tmp/sbx/var/lib/docker",
                "--exec-root", "/tmp/sbx/run/docker",
                "--host", "unix:///tmp/sbx/run/docker.sock",
                "--pidfile", "/tmp/sbx/run/docker.pid",
                "--bridge=none", "--iptables=false", "--ip-masq=false",
            ])
        #expect(!layout.daemonArguments.contains { $0.hasPrefix("--storage-driver") })
    }

    @Test("a long directory moves only the exec root and socket to the short directory")
    func shortDirectoryLayout() {
        let long = "/tmp/" + String(repeating: "d", count: 70)
        #expect(SandboxLayout.needsShortDirectory(for: long))
        let layout = SandboxLayout(directory: long, shortDirectory: "/tmp/dsx-abc123")
        #expect(layout.execRoot == "/tmp/dsx-abc123/exec")
        #expect(layout.socketPath == "/tmp/dsx-abc123/docker.sock")
        #expect(layout.dataRoot == long + "/var/lib/docker")
        #expect(layout.configFile == long + "/etc/docker/daemon.json")
        #expect(layout.pidFile == long + "/run/docker.pid")
    }

    @Test("the threshold follows containerd's longest socket under the exec root")
    func threshold() {
        // "/run/docker" + "/containerd/containerd-debug.sock" adds 44 bytes to the directory.
        let fits = "/" + String(repeating: "f", count: SandboxLayout.socketPathLimit - 44 - 1)
        let tooLong = fits + "x"
        #expect(!SandboxLayout.needsShortDirectory(for: fits))
        #expect(SandboxLayout.needsShortDirectory(for: tooLong))
    }
}
