/// A group or assignment filter: id and display name.
public struct DirectoryObject: Hashable, Sendable {
    /// Its object id.
    public var id: GUID
    /// Its display name.
    public var displayName: String

    /// A group or filter from its id and name.
    public init(id: GUID, displayName: String) {
        self.id = id
        self.displayName = displayName
    }
}
