import Foundation

/// What the daemon reported about the real-pool fixture while it ran (Tests/Fixtures/real-pool/expected.json,
/// written by vm/make-real-pool-fixture.sh): the test's ground truth.
struct RealPoolExpectation: Decodable {
    struct Image: Decodable {
        let id: String
        let tags: [String]
        let diffIDs: [String]
        /// tagged, dangling (built, then its tag taken away) or intermediate (a build step's parent image).
        let kind: String
    }

    let storageDriver: String
    let images: [Image]

    static func load(_ path: String) throws -> RealPoolExpectation {
        try JSONDecoder().decode(RealPoolExpectation.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
