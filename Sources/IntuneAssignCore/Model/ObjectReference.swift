/// How a manifest names an Entra group or an assignment filter.
public struct ObjectReference: Hashable, Sendable {
    /// The three ways to name an object.
    public enum Form: Hashable, Sendable {
        case id(GUID)
        /// An exact display name, resolved against the tenant at plan time.
        case name(String)
        /// An alias from the `groups:` or `filters:` section.
        case alias(String)
    }

    /// As written; an alias is resolved through `DesiredState.resolve(_:)`.
    public var form: Form
    /// Where it was written.
    public var mark: SourceMark

    /// A reference written at `location`.
    public init(_ form: Form, at location: SourceLocation? = nil) {
        self.form = form
        self.mark = SourceMark(location)
    }

    /// The alias it was written as, if any.
    public var alias: String? {
        if case .alias(let name) = form { return name }
        return nil
    }
}
