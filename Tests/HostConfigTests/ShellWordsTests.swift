import Testing

@testable import HostConfig

@Suite("ShellWords: option strings split as sh would, never run")
struct ShellWordsTests {
    @Test func splitsOnRunsOfBlanks() throws {
        #expect(
            try ShellWords.split("  -s  devicemapper\t--storage-opt dm.fs=xfs \n") == [
                "-s", "devicemapper", "--storage-opt", "dm.fs=xfs",
            ])
    }

    @Test func emptyAndBlankTextHaveNoWords() throws {
        #expect(try ShellWords.split("") == [])
        #expect(try ShellWords.split(" \t ") == [])
    }

    @Test func singleQuotesAreLiteral() throws {
        #expect(try ShellWords.split(#"--label 'a b' 'x\"y' '$HOME'"#) == ["--label", "a b", #"x\"y"#, "$HOME"])
    }

    @Test func doubleQuotesHonourOnlyShellEscapes() throws {
        #expect(try ShellWords.split(#"--label "a \"b\" \\ \$ \n""#) == ["--label", #"a "b" \ $ \n"#])
    }

    @Test func quotedPartsJoinTheWordAroundThem() throws {
        #expect(try ShellWords.split(#"--log-opt=tag="{{.Name}} x"'!'"#) == ["--log-opt=tag={{.Name}} x!"])
    }

    @Test func emptyQuotesAreAnEmptyWord() throws {
        #expect(try ShellWords.split(#"--foo "" ''"#) == ["--foo", "", ""])
    }

    @Test func backslashEscapesOutsideQuotesAndJoinsLines() throws {
        #expect(try ShellWords.split("a\\ b c\\\nd \\\n e") == ["a b", "cd", "e"])
    }

    @Test func nothingIsExpandedOrExecuted() throws {
        #expect(try ShellWords.split("$(rm -rf /) `reboot` * $VAR") == ["$(rm", "-rf", "/)", "`reboot`", "*", "$VAR"])
    }

    @Test func unterminatedQuoteThrows() {
        #expect(throws: HostConfigError.unterminatedQuote(text: "--label 'oops")) {
            try ShellWords.split("--label 'oops")
        }
        #expect(throws: HostConfigError.self) { try ShellWords.split(#"--label "oops"#) }
    }
}
