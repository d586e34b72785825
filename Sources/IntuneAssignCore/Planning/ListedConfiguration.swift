/// A configuration as a kind's list call answers it.
public struct ListedConfiguration: Hashable, Sendable {
    /// The configuration's id, checked against its kind's id form when it was read.
    public var id: ConfigurationID
    /// The name the tenant shows for it.
    public var displayName: String
    /// Enrollment configurations: 0 for the tenant's default configuration of its type.
    public var priority: Int?

    /// A listed configuration; `priority` only for kinds that report one.
    public init(id: ConfigurationID, displayName: String, priority: Int? = nil) {
        self.id = id
        self.displayName = displayName
        self.priority = priority
    }

    /// Whether this is the tenant's default configuration of a kind whose defaults take no assignments
    /// (enrollment configurations at priority 0): planning refuses it and exporting leaves it out.
    public func isUnassignableDefault(of kind: Kind) -> Bool { kind.defaultConfigurationsUnassignable && priority == 0 }
}
