import Foundation

/// Splits dockerd's JSON message stream into messages as its bytes arrive, in chunks that need not end at a line.
/// dockerd ends each message with "\r\n"; a line that is not JSON is kept as plain `stream` text.
public struct EngineMessageDecoder: Sendable {
    /// A line longer than this is passed on as it is rather than buffered further.
    static let lineLimit = 1 << 20
    private var pending: [UInt8] = []

    public init() {}

    /// The messages completed by `bytes`, in order.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) -> [EngineStreamMessage] {
        var messages: [EngineStreamMessage] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let message = Self.decode(pending) { messages.append(message) }
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                if pending.count >= Self.lineLimit {
                    if let message = Self.decode(pending) { messages.append(message) }
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        return messages
    }

    /// A last message without its line end, if the stream stopped in the middle of one.
    public mutating func finish() -> EngineStreamMessage? {
        defer { pending.removeAll() }
        return Self.decode(pending)
    }

    static func decode(_ line: [UInt8]) -> EngineStreamMessage? {
        var bytes = line[...]
        while let last = bytes.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") { bytes.removeLast() }
        while let first = bytes.first, first == UInt8(ascii: " ") { bytes.removeFirst() }
        guard !bytes.isEmpty else { return nil }
        if let message = try? JSONDecoder().decode(EngineStreamMessage.self, from: Data(bytes)) { return message }
        return EngineStreamMessage(stream: String(decoding: bytes, as: UTF8.self))
    }
}
