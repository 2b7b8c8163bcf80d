import Testing

@testable import Wizard

/// Bytes from a terminal to keys: arrows in both encodings, paging keys, Enter as CR, LF or CR LF, control keys,
/// UTF-8, and sequences cut between two reads.
struct KeyDecoderTests {
    @Test func arrowsAndPagingKeysInBothEncodings() {
        let bytes = Array("\u{1B}[A\u{1B}[B\u{1B}OC\u{1B}OD\u{1B}[5~\u{1B}[6~\u{1B}[H\u{1B}[4~".utf8)
        #expect(KeyDecoder.decode(bytes).keys == [.up, .down, .right, .left, .pageUp, .pageDown, .home, .end])
    }

    @Test func enterBackspaceAndControlKeys() {
        #expect(
            KeyDecoder.decode([0x0D, 0x0A, 0x0A, 0x7F, 0x08, 0x03, 0x04, 0x15, 0x01]).keys == [
                .enter, .enter, .backspace, .backspace, .interrupt, .endOfInput, .clearLine, .ignored,
            ])
    }

    @Test func charactersIncludingUTF8() {
        #expect(KeyDecoder.decode(Array("q2é".utf8)).keys == [.character("q"), .character("2"), .character("é")])
    }

    @Test func aSequenceCutShortWaitsForTheNextRead() {
        let first = KeyDecoder.decode(Array("x\u{1B}[".utf8))
        #expect(first.keys == [.character("x")])
        #expect(first.rest == Array("\u{1B}[".utf8))
        #expect(KeyDecoder.decode(first.rest + Array("B".utf8)).keys == [.down])
        let utf8 = Array("é".utf8)
        #expect(KeyDecoder.decode([utf8[0]]).rest == [utf8[0]])
    }

    @Test func aLoneEscapeIsTheEscapeKeyOnceNothingFollows() {
        #expect(KeyDecoder.decode([0x1B]).keys.isEmpty)
        #expect(KeyDecoder.decode([0x1B], final: true).keys == [.escape])
        #expect(KeyDecoder.decode(Array("\u{1B}x".utf8)).keys == [.escape, .character("x")])
        #expect(KeyDecoder.decode(Array("\u{1B}[15~".utf8)).keys == [.ignored], "F5 means nothing here")
    }
}
