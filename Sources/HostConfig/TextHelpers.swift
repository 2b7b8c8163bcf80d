// Small text helpers shared by the parsers of this module.

extension String {
    /// Without leading and trailing spaces, tabs and carriage returns.
    func trimmingBlanks() -> String {
        let blanks: Set<Unicode.Scalar> = [" ", "\t", "\r"]
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !blanks.contains($0) }),
            let last = scalars.lastIndex(where: { !blanks.contains($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// A shell or systemd variable name: `[A-Za-z_][A-Za-z0-9_]*`.
    var isVariableName: Bool {
        guard let first = unicodeScalars.first, first == "_" || first.isASCIILetter else { return false }
        return unicodeScalars.allSatisfy { $0 == "_" || $0.isASCIILetter || ("0"..."9").contains($0) }
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
