/// An assignment filter, resolved: a null id, the all-zero id and type `none` are all "no filter" (`nil`).
public struct ResolvedFilter: Hashable, Sendable {
    public var mode: FilterMode
    public var id: GUID

    public init(mode: FilterMode, id: GUID) {
        self.mode = mode
        self.id = id
    }
}
