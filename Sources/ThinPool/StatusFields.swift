/// The whitespace-separated fields of one line the kernel reports (a target's status or table params),
/// with errors that name the format and quote the whole text.
///
/// The kernel pads its output with trailing spaces, so fields are split on runs of blanks.
struct StatusFields {
    let what: String
    let text: String
    let fields: [Substring]

    init(what: String, text: String) {
        self.what = what
        self.text = text
        self.fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
    }

    var count: Int { fields.count }

    subscript(index: Int) -> Substring? {
        fields.indices.contains(index) ? fields[index] : nil
    }

    func failure(_ reason: String) -> ThinPoolError {
        .unparsable(what: what, text: text, reason: reason)
    }

    /// Requires at least `minimum` fields; `shape` is the expected layout, quoted in the error.
    func require(atLeast minimum: Int, shape: String) throws(ThinPoolError) {
        guard count >= minimum else {
            throw failure("expected at least \(minimum) fields (\(shape)), found \(count)")
        }
    }

    func number(_ index: Int, _ name: String) throws(ThinPoolError) -> UInt64 {
        guard let field = self[index] else { throw failure("the \(name) is missing") }
        return try Self.number(field, name, in: self)
    }

    /// A `<used>/<total>` pair; used may not exceed total, and total may not be zero.
    func blockUsage(_ index: Int, _ name: String) throws(ThinPoolError) -> BlockUsage {
        guard let field = self[index] else { throw failure("the \(name) (used/total) is missing") }
        let parts = field.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw failure("the \(name) \"\(field)\" is not of the form <used>/<total>")
        }
        let used = try Self.number(parts[0], "used \(name)", in: self)
        let total = try Self.number(parts[1], "total \(name)", in: self)
        guard total > 0 else { throw failure("the \(name) \"\(field)\" has a total of zero") }
        guard used <= total else { throw failure("the \(name) \"\(field)\" has more used than total") }
        return BlockUsage(used: used, total: total)
    }

    private static func number(_ field: Substring, _ name: String, in fields: StatusFields) throws(ThinPoolError)
        -> UInt64
    {
        // UInt64(_:) accepts a leading "+", which the kernel never prints.
        guard field.first?.isASCII == true, field.first?.isNumber == true, let value = UInt64(field) else {
            throw fields.failure("the \(name) \"\(field)\" is not a non-negative integer")
        }
        return value
    }
}
