import Foundation

/// The files the sample images are built from: a busybox root file system and the build contexts.
///
/// Everything is generated here, with no network: busybox-static provides the only binary.
enum SampleContext {
    /// Applets linked into the base image: what the Dockerfiles use, plus `stat` and `readlink` so tests can
    /// read modes, sizes and link targets inside a container.
    static let applets = [
        "sh", "ls", "cat", "echo", "mkdir", "rm", "ln", "mv", "cp", "touch", "dd", "chmod", "truncate", "head",
        "sleep", "true", "find", "sha256sum", "stat", "readlink",
    ]

    /// One instant for every generated file, so COPY layers do not depend on when the context was written.
    static let fixedModificationDate = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01T00:00:00Z

    /// Nested directories making a path longer than 100 bytes (the ustar name field), each component short.
    static let longDirectory =
        "/data/deep/" + (1...4).map { "a-rather-long-directory-name-number-\($0)" }.joined(separator: "/")
    static let longPath = longDirectory + "/file-at-the-end-of-a-long-path.txt"
    static let nonASCIIName = "naïve-ünïcødé.txt"
    static let payloadPath = "/payload.bin"
    static let payloadBytes = 3 * 1024 * 1024

    /// Each step says what it exercises; the line order is the layer order.
    static var appDockerfile: String {
        """
        FROM \(SampleImages.baseReference)
        # Layer: a tree that later layers change, delete from and replace.
        RUN mkdir -p /data/opaque/sub /data/keep && echo original > /data/changed.txt \\
            && echo soon-gone > /data/deleted.txt && echo old-a > /data/opaque/a \\
            && echo old-b > /data/opaque/sub/b && echo kept > /data/keep/file
        # Layer: a few MB of deterministic bytes with a fixed mtime, at the root (no parent dir entry).
        COPY payload.bin \(payloadPath)
        # Layer: a non-ASCII name and an empty file from the context.
        COPY files/ /data/files/
        # Layer: change and delete files of the first layer; a hardlink and a symlink.
        RUN echo changed > /data/changed.txt && rm /data/deleted.txt && mkdir /data/links \\
            && echo linked > /data/links/target && ln /data/links/target /data/links/hardlink \\
            && ln -s target /data/links/symlink
        # Layer: an opaque directory (replaced wholesale, not edited).
        RUN rm -rf /data/opaque && mkdir /data/opaque && echo new > /data/opaque/only
        # Layer: a path over 100 bytes, a setuid file, a sparse file.
        RUN mkdir -p \(longDirectory) \\
            && echo deep > \(longPath) \\
            && echo '#!/bin/sh' > /data/setuid-tool && chmod 4755 /data/setuid-tool \\
            && truncate -s 8M /data/sparse.img
        # No layer: configuration only.
        ENV DRIVERSHIFT_SAMPLE=app
        CMD ["sh"]

        """
    }

    static var toolDockerfile: String {
        """
        FROM \(SampleImages.appReference)
        RUN mkdir -p /opt/tool && echo tool-1 > /opt/tool/VERSION

        """
    }

    static func oldDockerfile(_ version: String) -> String {
        """
        FROM \(SampleImages.baseReference)
        RUN echo \(version) > /old-version

        """
    }

    /// The base image has no libc, so busybox must be the static build; a dynamic one would fail at the first
    /// RUN with a puzzling "no such file or directory".
    static func requireStaticBusybox(_ path: String) throws {
        guard FileManager.default.isExecutableFile(atPath: path),
            let handle = FileHandle(forReadingAtPath: path)
        else { throw SandboxError.busyboxUnusable(path: path, reason: "it is missing or not executable") }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 65_536)) ?? Data())
        func integer(_ offset: Int, _ width: Int) -> Int {
            guard offset + width <= header.count else { return 0 }
            return (0..<width).reduce(0) { $0 | Int(header[offset + $1]) << (8 * $1) }
        }
        // Only 64-bit little-endian ELF is inspected; anything else is left for the build to judge.
        guard header.count >= 64, header[0...3] == [0x7F, 0x45, 0x4C, 0x46], header[4] == 2, header[5] == 1 else {
            return
        }
        let tableOffset = integer(32, 8)
        let entrySize = integer(54, 2)
        for index in 0..<integer(56, 2) where integer(tableOffset + index * entrySize, 4) == 3 {  // PT_INTERP
            throw SandboxError.busyboxUnusable(path: path, reason: "it is dynamically linked")
        }
    }

    /// `rootfs/bin/busybox` plus applet symlinks, and a sticky /tmp.
    static func writeBaseRootfs(at rootfs: String, busybox: String) throws {
        try SandboxFiles.createDirectory(rootfs + "/bin")
        try SandboxFiles.createDirectory(rootfs + "/tmp")
        let fileManager = FileManager.default
        do {
            try fileManager.copyItem(atPath: busybox, toPath: rootfs + "/bin/busybox")
            try fileManager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: rootfs + "/bin/busybox")
            try fileManager.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: rootfs + "/tmp")
            for applet in applets {
                try fileManager.createSymbolicLink(atPath: rootfs + "/bin/" + applet, withDestinationPath: "busybox")
            }
        } catch {
            throw SandboxError.cannotPrepare(path: rootfs, reason: "\(error)")
        }
    }

    /// The app image's context: Dockerfile, payload and `files/` (non-ASCII name, empty file).
    static func writeAppContext(at context: String) throws {
        try writeDockerfile(appDockerfile, in: context)
        try SandboxFiles.createDirectory(context + "/files")
        try writeFixed(payload(), to: context + "/payload.bin")
        try writeFixed(Data("naïve\n".utf8), to: context + "/files/" + nonASCIIName)
        try writeFixed(Data(), to: context + "/files/empty")
    }

    static func writeDockerfile(_ text: String, in context: String) throws {
        try SandboxFiles.createDirectory(context)
        try SandboxFiles.write(text, to: context + "/Dockerfile")
    }

    /// 3 MiB from xorshift64* with a fixed seed: reproducible bytes, and not zeros (which compress to nothing
    /// and could hide sparse-file mistakes).
    static func payload() -> Data {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8]()
        bytes.reserveCapacity(payloadBytes)
        while bytes.count < payloadBytes {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            withUnsafeBytes(of: (state &* 0x2545_F491_4F6C_DD1D).littleEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes.prefix(payloadBytes))
    }

    private static func writeFixed(_ data: Data, to path: String) throws {
        try SandboxFiles.write(data, to: path)
        do {
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o644, .modificationDate: fixedModificationDate], ofItemAtPath: path)
        } catch {
            throw SandboxError.cannotPrepare(path: path, reason: "\(error)")
        }
    }
}
