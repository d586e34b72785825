/// An alias from a manifest's `groups:` or `filters:` section.
public struct AliasDefinition: Hashable, Sendable {
    public var name: String
    /// `.id` or `.name`.
    public var meaning: ObjectReference.Form
    public var mark: SourceMark

    public init(name: String, meaning: ObjectReference.Form, at location: SourceLocation? = nil) {
        self.name = name
        self.meaning = meaning
        self.mark = SourceMark(location)
    }
}
