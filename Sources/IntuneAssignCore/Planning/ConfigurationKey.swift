/// One configuration of one kind, by canonical id: the key under which its reads are kept.
public struct ConfigurationKey: Hashable, Sendable, CustomStringConvertible {
    public let kind: Kind
    public let id: ConfigurationID

    public init(kind: Kind, id: ConfigurationID) {
        self.kind = kind
        self.id = id
    }

    /// `kind/id`, the form `--target` takes.
    public var description: String { "\(kind.name)/\(id)" }
}
