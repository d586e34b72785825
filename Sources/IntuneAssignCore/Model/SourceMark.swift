/// Where a value was written. Not part of the value: two manifests that say the same thing are equal wherever
/// they say it, so `==` on the model compares meaning and the location only travels along for diagnostics.
public struct SourceMark: Hashable, Sendable {
    /// The place, if known.
    public var location: SourceLocation?

    /// A mark at `location`.
    public init(_ location: SourceLocation? = nil) { self.location = location }

    /// Always equal: where something was written is not part of what it means.
    public static func == (lhs: SourceMark, rhs: SourceMark) -> Bool { true }
    /// Adds nothing, as marks are all equal.
    public func hash(into hasher: inout Hasher) {}

    /// The place for a message: `file:line:column`, or "another manifest" when it is not known.
    public var place: String { location?.description ?? "another manifest" }
}
