import Foundation
import Testing

@testable import LayerArchive

/// The fast line parser must read exactly what a JSON decoder reads, and give up (nil) on anything else.
@Suite struct TarSplitLineParserTests {
    struct Decoded: Decodable, Equatable {
        let type: Int
        let name: String?
        let name_raw: String?
        let size: Int64?
        let payload: String?
    }

    static func agree(_ line: String) throws {
        let fast = try #require(
            TarSplitLineParser.parse(ArraySlice(Array(line.utf8))), "fast parser gave up on \(line)")
        let slow = try JSONDecoder().decode(Decoded.self, from: Data(line.utf8))
        #expect(fast.type == slow.type)
        #expect(fast.name == slow.name.map { Array($0.utf8) })
        #expect(fast.nameRaw == slow.name_raw)
        #expect(fast.size == slow.size)
        #expect(fast.payload == slow.payload)
    }

    @Test(arguments: [
        #"{"type":1,"name":"bin/","position":1}"#,
        #"{"type":1,"name":"bin/busybox","size":1982256,"payload":"3ZqPwX0GZjs=","position":2}"#,
        #"{"type":2,"payload":"LndoLmEAAA==","position":0}"#,
        #"{"type":2,"payload":null,"position":3}"#,
        #"{"type":1,"name":"caf\u00e9 \"quoted\" back\\slash \/ tab\t","position":4}"#,
        #"{"type":1,"name":"emoji \ud83d\ude00","name_raw":"Y2Fm6Q==","position":5}"#,
        #"{ "type" : 1 , "name" : "spaced" , "future" : true , "size" : 0 }"#,
    ])
    func readsWhatJSONDecoderReads(line: String) throws {
        try Self.agree(line)
    }

    @Test(arguments: [
        #"{"type":1,"name":"x","extra":{"nested":1}}"#, #"{"type":1.5}"#, #"{"type":1,"name":"x"} trailing"#,
        #"{"type":1,"name":"unterminated}"#, #"{"type":1,"name":"bad \q escape"}"#, "[1,2]", "",
    ])
    func givesUpOnAnythingElse(line: String) {
        #expect(TarSplitLineParser.parse(ArraySlice(Array(line.utf8))) == nil)
    }

    /// Every line of the real tar-splits from dockerd parses the same both ways.
    @Test func realTarSplitsAgree() throws {
        for file in ["busybox-base", "hardlink-layer", "whiteout-layer"] {
            let path = TarSplitSummaryTests.fixture("\(file).tar-split.json.gz")
            let output = try CommandOutput.gunzip(path)
            for line in output.split(separator: "\n") where !line.isEmpty {
                try Self.agree(String(line))
            }
        }
    }
}

enum CommandOutput {
    static func gunzip(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
