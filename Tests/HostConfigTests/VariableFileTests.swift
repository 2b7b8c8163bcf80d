import Testing

@testable import HostConfig

@Suite("VariableFile: /etc/sysconfig and /etc/default files read without a shell")
struct VariableFileTests {
    private func values(_ text: String) -> [String: String] {
        Dictionary(VariableFile.parse(text).assignments.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    @Test func plainSingleAndDoubleQuotedValues() {
        let file = VariableFile.parse(
            """
            A=plain
            B='single $quoted "x"'
            C="double \\"escaped\\" \\$ \\\\ \\n"
            D=
            E=""
            """)
        #expect(
            file.assignments == [
                .init(name: "A", value: "plain", line: 1),
                .init(name: "B", value: #"single $quoted "x""#, line: 2),
                .init(name: "C", value: #"double "escaped" $ \ \n"#, line: 3),
                .init(name: "D", value: "", line: 4),
                .init(name: "E", value: "", line: 5),
            ])
        #expect(file.issues.isEmpty)
    }

    @Test func commentsBlankLinesAndInlineComments() {
        let file = VariableFile.parse(
            """
            # a comment
              ; another one

            A=1 # trailing comment
            B="2 # not a comment"
            C=x#y
            """)
        #expect(file.assignments.map(\.name) == ["A", "B", "C"])
        #expect(file.assignments.map(\.value) == ["1", "2 # not a comment", "x#y"])
        #expect(file.assignments.map(\.line) == [4, 5, 6])
    }

    @Test func unquotedValueKeepsInnerBlanksAndDropsTrailingOnes() {
        #expect(values("A=a b  \t\nB = spaced ") == ["A": "a b", "B": "spaced"])
    }

    @Test func exportPrefixAndCarriageReturns() {
        #expect(values("export A=1\r\nexport\tB='2'\r\n") == ["A": "1", "B": "2"])
    }

    @Test func continuationAndMultiLineQuotesKeepLineNumbers() {
        let file = VariableFile.parse("A=one \\\ntwo\nB=\"x\ny\"\nC=3\n")
        #expect(
            file.assignments == [
                .init(name: "A", value: "one two", line: 1),
                .init(name: "B", value: "x\ny", line: 3),
                .init(name: "C", value: "3", line: 5),
            ])
    }

    @Test func shellCodeLinesAreSkippedAndNoted() {
        let file = VariableFile.parse(HostLayouts.redHatSysconfigDocker)
        #expect(file.assignments.map(\.name) == ["OPTIONS", "DOCKER_CERT_PATH"])
        #expect(
            file.assignment(of: "OPTIONS")?.value
                == "--selinux-enabled --log-driver=journald --signature-verification=false")
        #expect(file.assignment(of: "OPTIONS")?.line == 4)
        #expect(file.issues.map(\.kind) == [.notAnAssignment, .notAnAssignment])
        #expect(file.issues.map(\.line) == [5, 7])
    }

    @Test func testExpressionWithEqualsIsNotAnAssignment() {
        let file = VariableFile.parse("if [ \"$X\" = \"y\" ]; then\n  Z=1\nfi\n")
        #expect(file.assignments.map(\.name) == ["Z"])
    }

    @Test func lastAssignmentWins() {
        let file = VariableFile.parse("A=1\nB=2\nA=3\n")
        #expect(file.assignment(of: "A") == .init(name: "A", value: "3", line: 3))
        #expect(file.effectiveAssignments.map(\.name) == ["B", "A"])
    }

    @Test func unterminatedQuoteIsAnIssueWithItsLine() {
        let file = VariableFile.parse("A=1\nB=\"oops\nC=2\n")
        #expect(file.issues == [.init(kind: .unterminatedQuote, line: 2, text: "oops\nC=2\n")])
        #expect(file.assignments.map(\.name) == ["A", "B"])
    }

    @Test func containerStorageSetupOutput() {
        let file = VariableFile.parse(HostLayouts.redHatDockerStorage)
        #expect(file.assignment(of: "DOCKER_STORAGE_OPTIONS")?.value.hasSuffix("dm.use_deferred_removal=true ") == true)
    }
}
