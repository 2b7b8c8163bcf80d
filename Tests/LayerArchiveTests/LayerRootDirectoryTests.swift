import Foundation
import Testing

@testable import LayerArchive

#if canImport(Glibc)
    import Glibc
#endif

/// Member names are checked and resolved without ever following a symlink or leaving the layer root.
@Suite struct LayerRootDirectoryTests {
    @Test(arguments: [
        ("", "empty"),
        ("/etc/passwd", "absolute"),
        ("../../etc/passwd", "`..`"),
        ("a/../../x", "`..`"),
        ("a/..", "`..`"),
        ("a//b", "empty path component"),
        ("a\u{0}b", "NUL"),
    ])
    func unsafeNamesAreRefusedWithTheReason(name: String, reason: String) {
        #expect {
            try TarMemberName(raw: Array(name.utf8), layerRoot: "/layer")
        } throws: { error in
            guard case LayerArchiveError.unsafeMemberName(_, let root, let why) = error else { return false }
            return root == "/layer" && why.contains(reason)
        }
    }

    @Test func plainNamesSplitIntoComponents() throws {
        func components(_ name: [UInt8]) throws -> [[UInt8]] {
            try TarMemberName(raw: name, layerRoot: "/l").components.map { Array($0) }
        }
        #expect(try components(Array("etc/passwd".utf8)) == [Array("etc".utf8), Array("passwd".utf8)])
        #expect(try components(Array("./bin/sh".utf8)) == [Array("bin".utf8), Array("sh".utf8)])
        #expect(try components(Array("etc/".utf8)) == [Array("etc".utf8)])
        #expect(try components(Array("./".utf8)) == [])
        #expect(try components([0x63, 0x61, 0x66, 0xe9]) == [[0x63, 0x61, 0x66, 0xe9]])
        // Dots inside a name are ordinary characters.
        #expect(try components(Array("...x/..y".utf8)) == [Array("...x".utf8), Array("..y".utf8)])
    }

    @Test func displayedNamesAreLossyAndCannotForgeLines() {
        #expect(TarMemberName.display([0x63, 0x61, 0x66, 0xe9]) == "caf\u{FFFD}")
        #expect(TarMemberName.display(Array("a\nb".utf8)) == "a\\nb")
    }

    @Test func opensRegularFilesInAnyOrderOfDirectories() throws {
        let layer = try TestDirectory()
        let names = ["top", "a/b/c/one", "a/b/c/two", "a/b/three", "a/four", "x/y/five", "a/b/c/six"]
        for name in names {
            try layer.makeDirectory((name as NSString).deletingLastPathComponent)
            try layer.write("content of \(name)", to: name)
        }
        let root = try LayerRootDirectory(path: layer.path)
        for name in names + names.reversed() + ["./a/b/c/one"] {
            let descriptor = try root.openFileForReading(tarName: Array(name.utf8))
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            let expected = "content of \(name.hasPrefix("./") ? String(name.dropFirst(2)) : name)"
            #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == expected)
        }
    }

    @Test func nonUTF8NamesOpen() throws {
        let layer = try TestDirectory()
        let name: [UInt8] = [0x6c, 0x61, 0x74, 0x69, 0x6e, 0x31, 0x2d, 0xe9, 0xff]
        try layer.write([1, 2, 3], to: name)
        let root = try LayerRootDirectory(path: layer.path)
        let descriptor = try root.openFileForReading(tarName: name)
        close(descriptor)
    }

    @Test func symlinksFifosAndDirectoriesAreRefusedNotFollowed() throws {
        let layer = try TestDirectory()
        try layer.write("hello\n", to: "hello.txt")
        try layer.makeDirectory("dir")
        try layer.symlink("to-hello", pointingTo: "hello.txt")
        try layer.symlink("etc", pointingTo: "/etc")
        try layer.symlink("null", pointingTo: "/dev/null")
        try layer.fifo("pipe")
        let root = try LayerRootDirectory(path: layer.path)
        let cases: [(String, String)] = [
            ("to-hello", "symbolic link"),
            ("etc/passwd", "\"etc\" on the way to it is a symbolic link"),
            ("null", "symbolic link"),
            ("pipe", "FIFO"),  // O_NONBLOCK: opening it must not hang waiting for a writer
            ("dir", "directory"),
            ("dir/", "directory"),
            ("hello.txt/x", "\"hello.txt\" on the way to it is a regular file"),
            ("./", "layer root itself"),
        ]
        for (name, found) in cases {
            #expect(throws: LayerArchiveError.self, "\(name)") {
                do {
                    _ = try root.openFileForReading(tarName: Array(name.utf8))
                } catch let error as LayerArchiveError {
                    guard case .layerMemberNotRegularFile(let member, let rootPath, let what) = error else {
                        Issue.record("\(name): unexpected \(error)")
                        throw error
                    }
                    #expect(member == name)
                    #expect(rootPath == layer.path)
                    #expect(what.contains(found), "\(name): \(what)")
                    throw error
                }
            }
        }
    }

    @Test func missingMembersNameTheLayerRoot() throws {
        let layer = try TestDirectory()
        try layer.makeDirectory("usr")
        let root = try LayerRootDirectory(path: layer.path)
        for name in ["usr/bin/gone", "gone", "nodir/gone"] {
            #expect {
                try root.openFileForReading(tarName: Array(name.utf8))
            } throws: { error in
                guard case LayerArchiveError.layerMemberMissing(let member, let rootPath) = error else { return false }
                return member == name && rootPath == layer.path && "\(error)".contains(layer.path)
            }
        }
    }

    @Test func missingRootSaysWhatItShouldBe() {
        #expect {
            try LayerRootDirectory(path: "/nonexistent/overlay2/abc/diff")
        } throws: { error in
            "\(error)".contains("/nonexistent/overlay2/abc/diff") && "\(error)".contains("No such file")
        }
    }
}
