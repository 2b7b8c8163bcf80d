import Foundation
import Testing

@testable import HostConfig

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("HostFileReader: unreadable files stop the read with a useful error")
struct HostFileReaderTests {
    // The unreadable-file case itself runs as an unprivileged user against the real binary:
    // InventoryTests/BadInputTests.unreadableDaemonJSON (root reads any file, so it cannot fail here).

    @Test func permissionDeniedMessageNamesTheFileAndTheFix() {
        let error = HostConfigError.permissionDenied(
            path: "/etc/sysconfig/docker-storage", location: "/mnt/host/etc/sysconfig/docker-storage")
        #expect(
            error.description
                == "cannot read /etc/sysconfig/docker-storage (at /mnt/host/etc/sysconfig/docker-storage): "
                + "permission denied. Docker's configuration is readable by root only on many hosts; run drivershift as "
                + "root (for example with sudo).")
    }

    @Test func symlinkLoopThrows() throws {
        let host = try FakeHost()
        try host.link("/etc/docker/daemon.json", to: "/etc/docker/loop.json")
        try host.link("/etc/docker/loop.json", to: "daemon.json")
        #expect(throws: HostConfigError.symlinkLoop(path: "/etc/docker/daemon.json")) { try host.read() }
    }

    @Test func linksCannotClimbAboveTheHostRoot() throws {
        let host = try FakeHost()
        try host.write("/etc/docker/real.json", "{\"storage-driver\": \"vfs\"}")
        try host.link("/etc/docker/daemon.json", to: "../../../../../../../../etc/docker/real.json")
        #expect(try host.read().storageDriver == "vfs")
    }
}
