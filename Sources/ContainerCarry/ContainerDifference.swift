/// One way a recreated container differs from the container it was made from.
public struct ContainerDifference: Sendable, Hashable, CustomStringConvertible {
    /// `name`, `image`, `running`, `Config.Cmd`, `HostConfig.RestartPolicy`, `network web aliases`, `mount /data`...
    public let field: String
    public let before: String
    public let after: String

    public init(field: String, before: String, after: String) {
        self.field = field
        self.before = before
        self.after = after
    }

    public var description: String { "\(field): was \(before), is \(after)" }
}
