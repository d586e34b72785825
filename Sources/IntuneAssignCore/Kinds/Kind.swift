/// Everything intune-assign needs to know about one assignable Intune collection (one row of
/// shared/graph/kinds.md). A class, because every configuration refers to one of 33 shared rows: copying a
/// reference is cheaper than copying the row, and two rows are equal when their names are.
public final class Kind: Hashable, Sendable, CustomStringConvertible {
    /// The manifest's `kind:` value.
    public let name: String
    /// Where it lives in Graph and how Graph treats its assignments.
    public let graph: GraphCollection
    /// What its assignments may target, and how its targets are written.
    public let targets: TargetRules
    /// What its assignments carry besides the target.
    public let properties: AssignmentProperties
    /// How its assignments are written (`assign`, a single create, create and delete, device ids), with the
    /// evidence.
    public let write: WriteProfile
    /// How Graph answers reads of it: the name property, the assignment read path, the page size.
    public let read: ReadProfile

    /// A kind; only the registry makes them.
    init(
        name: String, graph: GraphCollection, targets: TargetRules, properties: AssignmentProperties,
        write: WriteProfile, read: ReadProfile
    ) {
        self.name = name
        self.graph = graph
        self.targets = targets
        self.properties = properties
        self.write = write
        self.read = read
    }

    /// The beta collection path.
    public var collectionPath: String { graph.path }
    /// The body key of the `assign` action.
    public var assignBodyKey: String { graph.assignBodyKey }
    /// The assignment entity's `@odata.type`.
    public var assignmentODataType: String { graph.assignmentODataType }
    /// What its `assign` action answers on success.
    public var assignAnswer: AssignAnswer { graph.assignAnswer }
    /// Whether the collection also exists in Graph v1.0.
    public var inV1: Bool { graph.inV1 }
    /// The application permission needed to write assignments.
    public var writePermission: String { graph.writePermission }
    /// What the kind's object ids look like.
    public var idForm: ConfigurationIDForm { graph.idForm }
    /// Whether the tenant's default configurations (priority 0) refuse assignments.
    public var defaultConfigurationsUnassignable: Bool { graph.defaultsUnassignable }
    /// The clouds whose Graph serves the kind; `nil`: every cloud.
    public var clouds: [String]? { graph.clouds }
    /// Its intent property, if its assignments have one.
    public var intent: IntentRule? { properties.intent }
    /// Kind-specific assignment properties it takes.
    public var fields: [AssignmentField] { properties.fields }
    /// Assignment properties Graph returns but rejects or ignores on write; never sent back.
    public var readOnlyAssignmentFields: [String] { properties.readOnly }

    /// Kinds are equal by name.
    public static func == (lhs: Kind, rhs: Kind) -> Bool { lhs.name == rhs.name }
    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The kind's manifest name.
    public var description: String { name }

    /// Where configuration `id` lives: `{collection}/{id}`, or `{parent}/{parentId}/{child}/{itemId}` for a kind whose
    /// configurations live under their parent.
    public func itemPath(_ id: ConfigurationID) -> String {
        if let parent = graph.parent, parent.nestedItems, let parts = id.nestedParts {
            return "\(parent.path)/\(parts.parent)/\(parent.child)/\(parts.item)"
        }
        return "\(collectionPath)/\(id)"
    }

    /// The permission needed to read assignments: the `.Read.All` form of the write permission.
    public var readPermission: String {
        writePermission.hasSuffix(".ReadWrite.All")
            ? String(writePermission.dropLast(".ReadWrite.All".count)) + ".Read.All" : writePermission
    }

    /// Whether Graph serves the kind in the cloud of this `--cloud` name.
    public func isAvailable(in cloud: String) -> Bool { clouds?.contains(cloud) ?? true }

    /// Whether its assignments take this target type.
    public func accepts(_ target: TargetType) -> Bool { targets.types.contains(target) }
    /// Whether its assignments take this property.
    public func accepts(_ field: AssignmentField) -> Bool { fields.contains(field) }
}
