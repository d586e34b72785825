/// A configuration as a kind's list call answers it.
public struct ListedConfiguration: Hashable, Sendable {
    /// The configuration's id, checked against its kind's id form when it was read.
    public var id: ConfigurationID
    /// The name the tenant shows for it.
    public var displayName: String
    /// Enrollment configurations: 0 for the tenant's default configuration of its type.
    public var priority: Int?
    /// Settings-catalog policies of kinds that take a device group: `templateReference.templateFamily` as listed.
    public var templateFamily: String?
    /// Role assignments: the role definition they are listed under.
    public var parent: DirectoryObject?

    /// A listed configuration; `priority` and `templateFamily` only for kinds that report them.
    public init(id: ConfigurationID, displayName: String, priority: Int? = nil, templateFamily: String? = nil) {
        self.id = id
        self.displayName = displayName
        self.priority = priority
        self.templateFamily = templateFamily
    }

    /// Whether this is the tenant's default configuration of a kind whose defaults take no assignments
    /// (enrollment configurations at priority 0): planning refuses it and exporting leaves it out.
    public func isUnassignableDefault(of kind: Kind) -> Bool { kind.defaultConfigurationsUnassignable && priority == 0 }
}
