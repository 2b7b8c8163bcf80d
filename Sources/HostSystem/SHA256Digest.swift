import Crypto

/// SHA-256 of bytes held in memory, as 64 lowercase hex digits: how HostSystem recognises the small
/// configuration files it wrote when a rollback comes back to them.
public enum SHA256Digest {
    public static func hex(of bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    public static func hex(of text: String) -> String {
        hex(of: Array(text.utf8))
    }
}
