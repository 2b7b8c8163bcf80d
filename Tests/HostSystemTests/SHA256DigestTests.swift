import Foundation
import HostSystem
import Testing

@Suite("SHA-256 of small files")
struct SHA256DigestTests {
    @Test("the FIPS 180-4 examples")
    func knownAnswers() {
        #expect(SHA256Digest.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256Digest.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("agrees with sha256sum around every padding boundary", arguments: [1, 55, 56, 63, 64, 65, 119, 120, 1000])
    func agreesWithSha256sum(length: Int) async throws {
        let scratch = try EditScratch("sha256")
        defer { scratch.remove() }
        let bytes = (0..<length).map { _ in UInt8.random(in: 0...255) }
        let path = scratch.path("/bytes")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let output = try await CommandRunner().check(Command("sha256sum", [path])).standardOutput
        #expect(SHA256Digest.hex(of: bytes) == output.split(separator: " ").first.map(String.init))
    }
}
