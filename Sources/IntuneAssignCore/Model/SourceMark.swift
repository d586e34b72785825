/// Where a value was written. Not part of the value: two manifests that say the same thing are equal wherever
/// they say it, so `==` on the model compares meaning and the location only travels along for diagnostics.
public struct SourceMark: Hashable, Sendable {
    public var location: SourceLocation?

    public init(_ location: SourceLocation? = nil) { self.location = location }

    public static func == (lhs: SourceMark, rhs: SourceMark) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
