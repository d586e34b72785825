extension DirectoryObject {
    /// A group or assignment filter as Graph lists it (`id`, `displayName`); `nil` without a GUID id.
    public init?(graph value: JSONValue) {
        guard let id = value["id"]?.stringValue.flatMap(GUID.init) else { return nil }
        self.init(id: id, displayName: value["displayName"]?.stringValue ?? "")
    }
}

extension ListedConfiguration {
    /// A configuration as its kind's list call answers it, named by the kind's name property (`name` for settings
    /// catalog, `profileName` for branding). `nil` when the id is not of the kind's id form: such an id can neither
    /// be matched nor go into a URL path.
    public init?(graph value: JSONValue, kind: Kind) {
        guard let id = value["id"]?.stringValue.flatMap({ ConfigurationID($0, form: kind.idForm) }) else { return nil }
        var priority: Int?
        if case .int(let number)? = value["priority"] { priority = number }
        self.init(
            id: id, displayName: value[kind.read.nameProperty]?.stringValue ?? "", priority: priority,
            templateFamily: kind.takesDeviceGroup ? value["templateReference"]?["templateFamily"]?.stringValue : nil)
    }
}
