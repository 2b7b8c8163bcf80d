import Testing

@testable import HostConfig

@Suite("DaemonJSONFile and JSONStructureScanner: daemon.json as strictly as dockerd reads it")
struct DaemonJSONFileTests {
    private func parse(_ text: String) throws -> DaemonJSONFile {
        try DaemonJSONFile.parse(Array(text.utf8))
    }

    private func failure(_ text: String) -> JSONStructureScanner.Failure? {
        do {
            _ = try DaemonJSONFile.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func keysInFileOrderWithLinesAndValuesAsText() throws {
        let file = try parse(
            """
            {
              "storage-driver": "devicemapper",
              "storage-opts": ["dm.fs=xfs", "dm.basesize=20G"],
              "log-opts": {"max-size": "10m", "max-file": "3"},
              "live-restore": true, "max-concurrent-downloads": 3,
              "labels": [], "mixed": [1, "a"], "nothing": null, "k\\u00e9y\\n": "\\ud83d\\ude00"
            }
            """)
        #expect(
            file.entries.map(\.key) == [
                "storage-driver", "storage-opts", "log-opts", "live-restore", "max-concurrent-downloads", "labels",
                "mixed",
                "nothing", "k\u{e9}y\n",
            ])
        #expect(file.entries.map(\.line) == [2, 3, 4, 5, 5, 6, 6, 6, 6])
        #expect(
            file.entries.map(\.values) == [
                ["devicemapper"], ["dm.fs=xfs", "dm.basesize=20G"], [#"{"max-file":"3","max-size":"10m"}"#], ["true"],
                ["3"],
                [], [#"[1,"a"]"#], ["null"], ["\u{1F600}"],
            ])
    }

    @Test func emptyFileAndByteOrderMark() throws {
        #expect(try parse(" \n\t").entries.isEmpty)
        #expect(try parse("\u{FEFF}{\"graph\": \"/x\"}").entries.map(\.values) == [["/x"]])
    }

    @Test func repeatedKeyKeepsTheLastValue() throws {
        let file = try parse("{\"storage-driver\": \"a\",\n\"storage-driver\": \"b\"}")
        #expect(file.entries.map(\.values) == [["b"]])
        #expect(file.entries.map(\.line) == [2])
        #expect(file.repeatedKeys.map(\.line) == [2])
    }

    @Test func trailingCommaIsRejectedWhereItIs() {
        // JSONSerialization accepts this; Go's encoding/json, and so dockerd, does not.
        #expect(
            failure("{\n  \"storage-driver\": \"overlay2\",\n}")
                == .init(message: "trailing comma before '}'", line: 3, column: 1))
        #expect(failure("{\"a\": [1,]}")?.message == "trailing comma before ']'")
    }

    @Test func errorsSayWhereAndWhat() {
        #expect(
            failure("{\n\t\"graph\": tru\n}")
                == .init(message: "unexpected 't' where a value was expected (true?)", line: 2, column: 11))
        #expect(
            failure("{\"a\": \"b\"\n \"c\": 1}")
                == .init(message: #"expected ',' or '}' after the value of "a", found '"'"#, line: 2, column: 2))
        #expect(failure("{\"a\": \"b\"")?.message == "unexpected end of file: the object is not closed with '}'")
        #expect(failure("{\"a\": \"tab\there\"}")?.message.hasPrefix("a raw control character") == true)
        #expect(failure("{\"a\": 01}")?.message.hasPrefix("expected ',' or '}'") == true)
        #expect(failure("{\"a\": 1} {")?.message == "unexpected text after the end of the JSON document")
        #expect(failure("[\"storage-driver\"]")?.message.hasPrefix("the top level is not an object") == true)
        #expect(failure("{'a': 1}")?.message == "unexpected ''' where a quoted key was expected")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(failure("{\"é\": x}")?.column == 7)
    }
}
