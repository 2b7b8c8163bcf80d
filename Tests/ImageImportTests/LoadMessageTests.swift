import DockerEngine
import Foundation
import Testing

@testable import ImageImport

/// dockerd's answer to a load: JSON messages split anywhere across chunks, results in `stream` text, errors inside
/// the stream.
@Suite struct LoadMessageTests {
    static let answer = """
        {"status":"Loading layer","progressDetail":{"current":32768,"total":1048576},"progress":"[=>   ]","id":"8f3a1b2c"}\r
        {"stream":"Loaded image: drivershift-test/app:1\\n"}\r
        {"stream":"Loaded image ID: sha256:\(String(repeating: "ab", count: 32))\\n"}\r
        not json at all\r
        {"errorDetail":{"message":"invalid diffID for layer 1"},"error":"invalid diffID for layer 1"}
        """

    @Test(arguments: [1, 7, 4096])
    func messagesSurviveAnyChunking(chunk: Int) {
        let bytes = Array(Self.answer.utf8)
        var decoder = EngineMessageDecoder()
        var messages: [EngineStreamMessage] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            messages += bytes[offset..<end].withUnsafeBytes { decoder.append($0) }
            offset = end
        }
        if let last = decoder.finish() { messages.append(last) }
        #expect(messages.count == 5)
        #expect(messages[0].status == "Loading layer" && messages[0].id == "8f3a1b2c")
        #expect(messages[0].progressDetail?.current == 32768 && messages[0].progressDetail?.total == 1_048_576)
        #expect(messages[1].stream == "Loaded image: drivershift-test/app:1\n")
        #expect(messages[3].stream == "not json at all")
        #expect(messages[4].errorMessage == "invalid diffID for layer 1")
        #expect(messages.prefix(4).allSatisfy { $0.errorMessage == nil })
    }

    @Test func loadedLinesBecomeResults() {
        var result = LoadResult(store: "/s", loadedTags: [], loadedImageIDs: [], blobsSent: 0, bytesSent: 0, seconds: 0)
        let id = "sha256:" + String(repeating: "ab", count: 32)
        #expect(
            result.note(streamText: "Loaded image: a/b:1\nLoaded image: registry:5000/c:2\n") == [
                "a/b:1", "registry:5000/c:2",
            ])
        #expect(result.note(streamText: "Loaded image ID: \(id)\n") == [id])
        #expect(result.note(streamText: "The image a/b:1 already exists, renaming the old one\n").isEmpty)
        #expect(result.loadedTags == ["a/b:1", "registry:5000/c:2"])
        #expect(result.loadedImageIDs == [id])
    }
}
