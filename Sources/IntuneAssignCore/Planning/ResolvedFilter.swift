/// An assignment filter, resolved: a null id, the all-zero id and type `none` are all "no filter" (`nil`).
public struct ResolvedFilter: Hashable, Sendable {
    /// Include or exclude.
    public var mode: FilterMode
    /// The filter's id.
    public var id: GUID

    /// A filter in `mode`.
    public init(mode: FilterMode, id: GUID) {
        self.mode = mode
        self.id = id
    }
}
