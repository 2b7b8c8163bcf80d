import DriverShiftTestSupport
import Foundation
import Testing

@testable import Migration

@Suite struct JournalTests {
    @Test func aLineCutShortByACrashIsIgnored() throws {
        let directory = try DriverShiftBinary.temporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = MigrationJournal(location: directory + "/journal.jsonl")
        try journal.append(JournalEntry(time: "t1", event: .runStarted))
        try journal.append(JournalEntry(time: "t2", event: .stepStarted, step: "export"))
        try journal.append(JournalEntry(time: "t3", event: .stepVerified, step: "export", outcome: "changed"))
        let handle = try #require(FileHandle(forWritingAtPath: journal.location))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"event":"step-started","step":"verify-ex"#.utf8))
        try handle.close()

        #expect(try journal.entries().count == 3)
        #expect(try journal.verifiedSteps() == ["export"])
    }

    @Test func aStepStartedAgainIsNoLongerVerified() throws {
        let directory = try DriverShiftBinary.temporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = MigrationJournal(location: directory + "/journal.jsonl")
        try journal.append(JournalEntry(time: "t1", event: .stepVerified, step: "set-aside", outcome: "changed"))
        try journal.append(JournalEntry(time: "t2", event: .stepRolledBack, step: "set-aside"))
        #expect(try journal.verifiedSteps().isEmpty)
        try journal.append(JournalEntry(time: "t3", event: .stepData, step: "set-aside", data: ["moved.vfs": "/x"]))
        #expect(try journal.recordedData()["set-aside"]?["moved.vfs"] == "/x")
    }
}
