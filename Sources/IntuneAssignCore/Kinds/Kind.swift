/// Everything intune-assign needs to know about one assignable Intune collection (one row of
/// shared/graph/kinds.md). A class, because every configuration refers to one of 33 shared rows: copying a
/// reference is cheaper than copying the row, and two rows are equal when their names are.
public final class Kind: Hashable, Sendable, CustomStringConvertible {
    /// The manifest's `kind:` value.
    public let name: String
    /// The beta collection path, e.g. `/deviceManagement/deviceConfigurations`.
    public let collectionPath: String
    /// The body key of the `assign` action.
    public let assignBodyKey: String
    /// The assignment entity's `@odata.type` (or `#Collection(Edm.String)` for Autopilot device ids).
    public let assignmentODataType: String
    /// What its `assign` action answers on success.
    public let assignAnswer: AssignAnswer
    /// How its assignments are written (`assign`, a single create, create and delete, device ids), with the
    /// evidence.
    public let write: WriteProfile
    /// Whether the collection also exists in Graph v1.0 (we always use beta: filters exist only there).
    public let inV1: Bool
    /// The application permission needed to write assignments.
    public let writePermission: String
    /// What its assignments may target, and how its targets are written.
    public let targets: TargetRules
    /// Its intent property, if its assignments have one.
    public let intent: IntentRule?
    /// Kind-specific assignment properties it takes.
    public let fields: [AssignmentField]
    /// Assignment properties Graph returns but rejects or ignores on write; never sent back.
    public let readOnlyAssignmentFields: [String]
    /// Whether the tenant's default configurations (priority 0) of this kind refuse assignments.
    public let defaultConfigurationsUnassignable: Bool
    /// What the kind's object ids look like.
    public let idForm: ConfigurationIDForm
    /// How Graph answers reads of it: the name property, the assignment read path, the page size.
    public let read: ReadProfile
    /// The clouds (`--cloud` names) whose Graph serves the kind; `nil`: every cloud.
    public let clouds: [String]?

    /// A kind; only the registry makes them.
    init(
        name: String, collectionPath: String, assignBodyKey: String, assignmentODataType: String,
        assignAnswer: AssignAnswer, write: WriteProfile, inV1: Bool, writePermission: String,
        targets: TargetRules, intent: IntentRule?, fields: [AssignmentField], readOnlyAssignmentFields: [String],
        defaultConfigurationsUnassignable: Bool, idForm: ConfigurationIDForm, read: ReadProfile, clouds: [String]? = nil
    ) {
        self.name = name
        self.collectionPath = collectionPath
        self.assignBodyKey = assignBodyKey
        self.assignmentODataType = assignmentODataType
        self.assignAnswer = assignAnswer
        self.write = write
        self.inV1 = inV1
        self.writePermission = writePermission
        self.targets = targets
        self.intent = intent
        self.fields = fields
        self.readOnlyAssignmentFields = readOnlyAssignmentFields
        self.defaultConfigurationsUnassignable = defaultConfigurationsUnassignable
        self.idForm = idForm
        self.read = read
        self.clouds = clouds
    }

    /// Kinds are equal by name.
    public static func == (lhs: Kind, rhs: Kind) -> Bool { lhs.name == rhs.name }
    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The kind's manifest name.
    public var description: String { name }

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
