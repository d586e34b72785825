/// An alias from a manifest's `groups:` or `filters:` section.
public struct AliasDefinition: Hashable, Sendable {
    /// The alias.
    public var name: String
    /// `.id` or `.name`.
    public var meaning: ObjectReference.Form
    /// Where it is defined.
    public var mark: SourceMark

    /// An alias for an id or a display name, defined at `location`.
    public init(name: String, meaning: ObjectReference.Form, at location: SourceLocation? = nil) {
        self.name = name
        self.meaning = meaning
        self.mark = SourceMark(location)
    }
}
