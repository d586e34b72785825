/// A group or assignment filter: id and display name.
public struct DirectoryObject: Hashable, Sendable {
    public var id: GUID
    public var displayName: String

    public init(id: GUID, displayName: String) {
        self.id = id
        self.displayName = displayName
    }
}
