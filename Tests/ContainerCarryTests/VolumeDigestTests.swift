import ContainerCarry
import DriverShiftTestSupport
import Foundation
import HostSystem
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Volume digests")
struct VolumeDigestTests {
    /// A tree with what volumes hold: nested directories, an empty file, a sparse file, a setuid file, a file
    /// owned by someone else, a non-UTF-8 name, a symlink inside, one pointing outside and a dangling one.
    static func makeTree(at root: String, outside: String) throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: "\(root)/nested/deeper", withIntermediateDirectories: true)
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: "\(root)/hello.txt"))
        try Data(repeating: 7, count: 3 * 1024 * 1024 + 5).write(to: URL(fileURLWithPath: "\(root)/nested/big.bin"))
        try Data().write(to: URL(fileURLWithPath: "\(root)/nested/deeper/empty"))
        try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: "\(root)/setuid-tool"))
        #expect(chmod("\(root)/setuid-tool", 0o4755) == 0)
        try Data("owned\n".utf8).write(to: URL(fileURLWithPath: "\(root)/owned"))
        #expect(chown("\(root)/owned", 1234, 5678) == 0)
        let sparse = open("\(root)/sparse.img", O_CREAT | O_WRONLY, 0o644)
        #expect(sparse >= 0 && ftruncate(sparse, 8 * 1024 * 1024) == 0)
        close(sparse)
        // \351 is é in Latin-1: a valid Linux name, not valid UTF-8.
        let latin1 = Array("\(root)/caf".utf8CString.dropLast()) + [CChar(bitPattern: 0xE9), 0]
        let file = open(latin1, O_CREAT | O_WRONLY, 0o600)
        #expect(file >= 0)
        close(file)
        try Data("outside\n".utf8).write(to: URL(fileURLWithPath: outside))
        try fileManager.createSymbolicLink(atPath: "\(root)/link-in", withDestinationPath: "hello.txt")
        try fileManager.createSymbolicLink(atPath: "\(root)/link-out", withDestinationPath: outside)
        try fileManager.createSymbolicLink(atPath: "\(root)/dangling", withDestinationPath: "/nonexistent/target")
    }

    static func copy(_ source: String, to destination: String) async throws {
        try await CommandRunner().check(Command("/bin/cp", ["-a", source, destination]))
    }

    @Test("a cp -a copy has the same digest; a byte, a mode, an owner, a name or a link target changes it")
    func sameAndDifferent() async throws {
        let scratch = try DriverShiftBinary.temporaryDirectory("digest")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let original = "\(scratch)/original"
        try Self.makeTree(at: original, outside: "\(scratch)/outside.txt")
        let digest = try VolumeDigest.compute(path: original)
        #expect(digest.hasPrefix("sha256:") && digest.count == 71)
        #expect(try VolumeDigest.compute(path: original) == digest, "the same tree twice")

        // Each change is made on a fresh copy, which first must digest like the original.
        let changes: [(String, (String) throws -> Void)] = [
            (
                "one byte",
                { copy in
                    let handle = try FileHandle(forUpdating: URL(fileURLWithPath: "\(copy)/nested/big.bin"))
                    try handle.seek(toOffset: 2 * 1024 * 1024)
                    try handle.write(contentsOf: Data([8]))
                    try handle.close()
                }
            ),
            ("one mode", { copy in #expect(chmod("\(copy)/hello.txt", 0o600) == 0) }),
            ("the setuid bit", { copy in #expect(chmod("\(copy)/setuid-tool", 0o755) == 0) }),
            ("one owner", { copy in #expect(lchown("\(copy)/owned", 1234, 5679) == 0) }),
            ("the top directory's owner", { copy in #expect(chown(copy, 1, 1) == 0) }),
            (
                "a renamed file",
                { copy in
                    try FileManager.default.moveItem(atPath: "\(copy)/hello.txt", toPath: "\(copy)/hellO.txt")
                }
            ),
            (
                "a link target",
                { copy in
                    try FileManager.default.removeItem(atPath: "\(copy)/link-in")
                    try FileManager.default.createSymbolicLink(atPath: "\(copy)/link-in", withDestinationPath: "owned")
                }
            ),
            (
                "an added empty directory",
                { copy in
                    try FileManager.default.createDirectory(atPath: "\(copy)/new", withIntermediateDirectories: false)
                }
            ),
            (
                "a file grown by a zero byte",
                { copy in
                    #expect(truncate("\(copy)/nested/deeper/empty", 1) == 0)
                }
            ),
        ]
        for (index, (label, change)) in changes.enumerated() {
            let copy = "\(scratch)/copy-\(index)"
            try await Self.copy(original, to: copy)
            #expect(try VolumeDigest.compute(path: copy) == digest, "cp -a of the tree (before: \(label))")
            try change(copy)
            #expect(try VolumeDigest.compute(path: copy) != digest, "\(label) must change the digest")
        }

        // Links are not followed: what a link points to outside the tree does not count.
        try Data("changed outside\n".utf8).write(to: URL(fileURLWithPath: "\(scratch)/outside.txt"))
        #expect(try VolumeDigest.compute(path: original) == digest)
    }

    @Test("a missing or linked top directory is refused, naming it")
    func refusals() throws {
        let scratch = try DriverShiftBinary.temporaryDirectory("digest-refusal")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let missing = #expect(throws: ContainerCarryError.self) {
            _ = try VolumeDigest.compute(path: "\(scratch)/absent")
        }
        #expect((missing.map { "\($0)" } ?? "").contains("\(scratch)/absent"))
        try FileManager.default.createDirectory(atPath: "\(scratch)/real", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: "\(scratch)/link", withDestinationPath: "real")
        #expect(throws: ContainerCarryError.self) { _ = try VolumeDigest.compute(path: "\(scratch)/link") }
    }

    @Test("a fifo is hashed by its metadata and never opened (opening one would block)")
    func fifo() throws {
        let scratch = try DriverShiftBinary.temporaryDirectory("digest-fifo")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        #expect(mkfifo("\(scratch)/pipe", 0o644) == 0)
        let first = try VolumeDigest.compute(path: scratch)
        #expect(chmod("\(scratch)/pipe", 0o600) == 0)
        #expect(try VolumeDigest.compute(path: scratch) != first, "a fifo's mode counts")
    }
}
