import Synchronization

/// Where libdevmapper's log messages go instead of stderr.
///
/// The C trampoline calls `record` synchronously on the thread that is inside a library call, and only
/// the gate makes library calls, so in practice one call's messages arrive between its `drain()`s. The
/// buffer has its own lock (not the gate's) because the sink runs while the gate's lock is held.
enum DeviceMapperLog {
    /// libdevmapper's levels are syslog's: 2 fatal, 3 error, 4 warning, 5 notice, 6 info, 7 debug.
    /// Notices ("Creating directory /dev/mapper") and debug backtraces are noise to a user.
    static let keptLevels: ClosedRange<Int32> = 0...4
    /// A bound, so a chatty library outside any call cannot grow memory without limit.
    static let capacity = 64

    private static let buffer = Mutex(Buffer())

    private struct Buffer {
        var messages: [String] = []
        var dropped = 0
    }

    static func record(level: Int32, message: UnsafePointer<CChar>?) {
        guard keptLevels.contains(level), let message else { return }
        let text = String(cString: message).trimmingWhitespace()
        guard !text.isEmpty else { return }
        buffer.withLock { buffer in
            if buffer.messages.count < capacity {
                buffer.messages.append(text)
            } else {
                buffer.dropped += 1
            }
        }
    }

    /// Returns and forgets everything recorded since the last drain.
    static func drain() -> [String] {
        buffer.withLock { buffer in
            var messages = buffer.messages
            if buffer.dropped > 0 {
                messages.append("(\(buffer.dropped) more messages not kept)")
            }
            buffer = Buffer()
            return messages
        }
    }
}
