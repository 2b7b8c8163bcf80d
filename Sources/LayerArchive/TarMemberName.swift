/// A tar member name from a tar-split, checked to be a plain relative path inside the layer, split into its
/// components. Names are raw bytes (tar does not require UTF-8) and come from disk, so they may be hostile.
struct TarMemberName: Sendable, Equatable {
    let raw: [UInt8]
    /// Leading directories, then the member itself. Never `..` or empty; empty when the name is the root (`./`).
    let components: [ArraySlice<UInt8>]

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// Throws `unsafeMemberName` for an absolute name, a `..` component, an empty component (`a//b`) or a NUL.
    init(raw: [UInt8], layerRoot: String) throws {
        func refuse(_ reason: String) -> LayerArchiveError {
            .unsafeMemberName(member: Self.display(raw), layerRoot: layerRoot, reason: reason)
        }
        guard !raw.isEmpty else { throw refuse("the name is empty") }
        guard !raw.contains(0) else { throw refuse("it contains a NUL byte") }
        guard raw[0] != Self.slash else { throw refuse("it is an absolute path") }

        var parts = raw.split(separator: Self.slash, omittingEmptySubsequences: false)
        // Directories are named with a trailing slash (`etc/`), which leaves one empty last part.
        if parts.count > 1, parts[parts.count - 1].isEmpty { parts.removeLast() }
        var components: [ArraySlice<UInt8>] = []
        components.reserveCapacity(parts.count)
        for part in parts {
            if part.isEmpty { throw refuse("it has an empty path component (`//`)") }
            if part.count == 2, part.allSatisfy({ $0 == Self.dot }) { throw refuse("it has a `..` component") }
            // `./x` is how `tar -C dir -c .` names members; `.` stays in the same directory, so it is harmless.
            if part.count == 1, part.first == Self.dot { continue }
            components.append(part)
        }
        self.raw = raw
        self.components = components
    }

    /// The name for messages: invalid UTF-8 shown as U+FFFD, control characters escaped so a hostile name
    /// cannot forge lines in a log.
    static func display(_ raw: some Collection<UInt8>) -> String {
        var text = ""
        for scalar in String(decoding: raw, as: UTF8.self).unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f {
                text += scalar.escaped(asASCII: true)
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
