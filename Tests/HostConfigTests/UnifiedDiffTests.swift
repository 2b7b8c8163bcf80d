import HostConfig
import HostSystem
import Testing

@Suite("UnifiedDiff: diff -u output that patch applies")
struct UnifiedDiffTests {
    private func diff(_ before: String?, _ after: String, path: String = "/etc/x.conf") -> String {
        UnifiedDiff.render(PlannedFileEdit(path: path, before: before, after: after, reason: "test"))
    }

    @Test func identicalContentsGiveNoDiff() {
        #expect(diff("a\nb\n", "a\nb\n") == "")
    }

    @Test func createdFileComesFromDevNull() {
        #expect(diff(nil, "one\ntwo\n") == "--- /dev/null\n+++ b/etc/x.conf\n@@ -0,0 +1,2 @@\n+one\n+two\n")
    }

    @Test func changeInTheMiddleHasThreeLinesOfContext() {
        let before = (1...9).map { "line \($0)\n" }.joined()
        let after = before.replacingOccurrences(of: "line 5\n", with: "line five\n")
        #expect(
            diff(before, after) == """
                --- a/etc/x.conf
                +++ b/etc/x.conf
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8

                """)
    }

    @Test func distantChangesAreSeparateHunksAndCloseOnesMerge() {
        let before = (1...20).map { "l\($0)\n" }.joined()
        let apart = before.replacingOccurrences(of: "l2\n", with: "L2\n").replacingOccurrences(
            of: "l18\n", with: "L18\n")
        let hunks = diff(before, apart).split(separator: "\n").filter { $0.hasPrefix("@@") }
        #expect(hunks == ["@@ -1,5 +1,5 @@", "@@ -15,6 +15,6 @@"])

        let close = before.replacingOccurrences(of: "l5\n", with: "L5\n").replacingOccurrences(
            of: "l11\n", with: "L11\n")
        #expect(diff(before, close).split(separator: "\n").filter { $0.hasPrefix("@@") } == ["@@ -2,13 +2,13 @@"])
    }

    @Test func deletionOnlyAndInsertionOnlyNumberTheLineBefore() {
        #expect(diff("a\nb\n", "a\n") == "--- a/etc/x.conf\n+++ b/etc/x.conf\n@@ -1,2 +1,1 @@\n a\n-b\n")
        #expect(diff("a\n", "") == "--- a/etc/x.conf\n+++ b/etc/x.conf\n@@ -1,1 +0,0 @@\n-a\n")
    }

    @Test func missingNewlineAtEndIsMarkedOnTheSideThatLacksIt() {
        let marker = "\\ No newline at end of file\n"
        #expect(diff("a\nb", "a\nb\n") == "--- a/etc/x.conf\n+++ b/etc/x.conf\n@@ -1,2 +1,2 @@\n a\n-b\n\(marker)+b\n")
        #expect(diff("a\nb\n", "a\nc") == "--- a/etc/x.conf\n+++ b/etc/x.conf\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n\(marker)")
        // Both without it: the unchanged last line is context, marked once.
        #expect(diff("x\nb", "y\nb") == "--- a/etc/x.conf\n+++ b/etc/x.conf\n@@ -1,2 +1,2 @@\n-x\n+y\n b\n\(marker)")
    }
}
