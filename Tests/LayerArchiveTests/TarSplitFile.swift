import Foundation

/// Writes a tar-split by hand, one JSON entry a line, the way tar-split does: type 2 raw segments with a base64
/// payload, type 1 file entries with `name` (UTF-8) or `name_raw` (base64 of other bytes), `size` omitted when 0.
struct TarSplitFile {
    private(set) var lines: [String] = []
    /// What replaying it must produce, given each file's content (the test's own record, not read back from disk).
    private(set) var expected: [UInt8] = []

    mutating func segment(_ bytes: [UInt8]) {
        lines.append(#"{"type":2,"payload":"\#(Data(bytes).base64EncodedString())","position":\#(lines.count)}"#)
        expected += bytes
    }

    /// A file entry; `content` is what the layer's file holds (nil for a size-0 entry: dir, link, whiteout).
    mutating func file(_ name: [UInt8], content: [UInt8]? = nil, size: Int? = nil) {
        let size = size ?? content?.count ?? 0
        let nameField: String
        if let text = String(validating: name, as: UTF8.self) {
            nameField = #""name":"\#(Self.jsonEscaped(text))""#
        } else {
            nameField = #""name_raw":"\#(Data(name).base64EncodedString())""#
        }
        let sizeField = size == 0 ? "" : #","size":\#(size)"#
        lines.append(#"{"type":1,\#(nameField)\#(sizeField),"payload":null,"position":\#(lines.count)}"#)
        expected += content ?? []
    }

    mutating func file(_ name: String, content: [UInt8]? = nil, size: Int? = nil) {
        file(Array(name.utf8), content: content, size: size)
    }

    /// A stand-in for a 512-byte tar header: its bytes only need to be distinctive, the replayer copies them.
    mutating func header(for name: String) {
        var block = [UInt8](repeating: 0, count: 512)
        let label = Array("HDR:\(name)".utf8.prefix(500))
        block.replaceSubrange(0..<label.count, with: label)
        segment(block)
    }

    /// Padding after `count` bytes of content, up to the next 512-byte block.
    mutating func padding(after count: Int) {
        let pad = (512 - count % 512) % 512
        if pad > 0 { segment([UInt8](repeating: 0, count: pad)) }
    }

    /// Writes the lines to `path`, gzip-compressed with /bin/gzip when `gzip` (as Docker stores them).
    func write(to path: String, gzip: Bool = true) throws {
        let text = lines.map { $0 + "\n" }.joined()
        let plain = gzip ? path + ".plain" : path
        try Data(text.utf8).write(to: URL(fileURLWithPath: plain))
        guard gzip else { return }
        try Self.run("/bin/gzip", ["-n", "-c", plain], stdoutTo: path)
        try FileManager.default.removeItem(atPath: plain)
    }

    private static func jsonEscaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    static func run(_ tool: String, _ arguments: [String], stdoutTo output: String? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            throw TestDirectory.Failure("this test needs \(tool), which is not installed", ENOENT)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let output {
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestDirectory.Failure(
                "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)", EIO)
        }
    }
}
