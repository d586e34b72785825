/// One configuration of one kind, by canonical id: the key under which its reads are kept.
public struct ConfigurationKey: Hashable, Sendable, CustomStringConvertible {
    /// Its kind.
    public let kind: Kind
    /// Its id, in canonical form.
    public let id: ConfigurationID

    /// The key of configuration `id` of `kind`.
    public init(kind: Kind, id: ConfigurationID) {
        self.kind = kind
        self.id = id
    }

    /// `kind/id`, the form `--target` takes.
    public var description: String { "\(kind.name)/\(id)" }
}
