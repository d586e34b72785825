/// Whether an assignment filter includes or excludes the devices it matches.
public enum FilterMode: String, CaseIterable, Hashable, Sendable {
    case include, exclude
}

/// An assignment filter and whether it includes or excludes what it matches.
public struct FilterReference: Hashable, Sendable {
    /// Include or exclude.
    public var mode: FilterMode
    /// Which filter.
    public var filter: ObjectReference

    /// A filter reference.
    public init(mode: FilterMode, filter: ObjectReference) {
        self.mode = mode
        self.filter = filter
    }
}
