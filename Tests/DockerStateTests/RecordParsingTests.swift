import Foundation
import Testing

@testable import DockerState

@Suite struct RecordParsingTests {
    @Test func repositoriesSplitTagsAndDigests() throws {
        let id = "sha256:" + String(repeating: "1", count: 64)
        let json = """
            {"Repositories":{"busybox":{"busybox:latest":"\(id)","busybox@sha256:\(String(repeating: "2", count: 64))":"\(id)"}}}
            """
        let index = try RepositoryIndex.parse(Data(json.utf8), path: "repositories.json")
        let digest = try #require(Digest(id))
        #expect(index.tags(of: digest) == ["busybox:latest"])
        #expect(index.repoDigests(of: digest).count == 1)
    }

    @Test(arguments: ["{", "[]", "{\"Repositories\": 3}", "{\"Repositories\":{\"a\":{\"a:1\":\"nope\"}}}"])
    func corruptRepositoriesNameTheFile(json: String) {
        #expect {
            try RepositoryIndex.parse(Data(json.utf8), path: "/var/lib/docker/image/vfs/repositories.json")
        } throws: { error in
            guard case DockerStateError.corrupt(let path, _) = error else { return false }
            return path == "/var/lib/docker/image/vfs/repositories.json"
                && "\(error)".contains("repositories.json is corrupt")
        }
    }

    @Test func imageConfigMustHashToItsID() throws {
        let bytes = Data(#"{"rootfs":{"type":"layers","diff_ids":[]}}"#.utf8)
        let wrongID = try #require(Digest("sha256:" + String(repeating: "0", count: 64)))
        #expect(throws: DockerStateError.self) {
            try StoredImage.parse(id: wrongID, configBytes: bytes, parent: nil, path: "config")
        }
        let image = try StoredImage.parse(id: Digest.sha256(of: bytes), configBytes: bytes, parent: nil, path: "config")
        #expect(image.diffIDs.isEmpty)
    }

    @Test func containerStateWordsFollowDocker() throws {
        func state(_ json: String) throws -> String {
            try StoredContainer.parse(Data(#"{"ID":"c","Name":"/n","State":\#(json)}"#.utf8), mountID: nil, path: "x")
                .state
        }
        #expect(try state(#"{"Running":true}"#) == "running")
        #expect(try state(#"{"Running":true,"Paused":true}"#) == "paused")
        #expect(try state(#"{"Running":false,"StartedAt":"0001-01-01T00:00:00Z"}"#) == "created")
        #expect(try state(#"{"Running":false,"StartedAt":"2026-11-24T17:01:42.5Z"}"#) == "exited")
        #expect(try state(#"{"Dead":true,"StartedAt":"2026-11-24T17:01:42.5Z"}"#) == "dead")
    }

    @Test func missingDataRootSaysWhereToLook() {
        #expect {
            try DataRootReader(root: "/nonexistent/docker")
        } throws: { error in
            "\(error)".contains("/nonexistent/docker does not exist") && "\(error)".contains("--data-root")
        }
    }
}
