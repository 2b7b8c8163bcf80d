import Foundation
import Testing

@testable import DockerState

@Suite struct DigestTests {
    /// diffIDs and the layerdb directory names (chainIDs) of a real image built by dockerd 20.10.
    @Test func chainIDsMatchARealLayerdb() throws {
        let diffIDs = try [
            "sha256:885f921800f5759d4b7eb8b8f52ad122f86aaecb694ebcedae8fd435dcfaf2bd",
            "sha256:ec6107f4e94aaedcd888ba10dfbf2adc6063884601910e9d587cb45c8fa095c8",
            "sha256:b0ea88fca65a7c29e51179e550a436834477be0afda684397f19a3f87f03306a",
        ].map { try #require(Digest($0)) }
        let chain = Digest.chainIDs(of: diffIDs).map(\.hex)
        #expect(
            chain == [
                "885f921800f5759d4b7eb8b8f52ad122f86aaecb694ebcedae8fd435dcfaf2bd",
                "28ee3d33648f7d3460dbfe68e0face91df7dac6c670b50cb7d5ed35fdd61ba20",
                "e35614abcf38fe4b3ad0c6f6721620164a7a9f7fced42ef5f8ac5331584ad67a",
            ])
    }

    @Test(arguments: [
        "", "sha256:", "sha512:" + String(repeating: "a", count: 64), "sha256:" + String(repeating: "A", count: 64),
        "sha256:" + String(repeating: "a", count: 63), "sha256:../../etc/passwd" + String(repeating: "a", count: 48),
    ])
    func rejectsAnythingButSha256Hex(text: String) {
        #expect(Digest(text) == nil)
    }

    @Test func hashesBytes() {
        #expect(Digest.sha256(of: Data()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
