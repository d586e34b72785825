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
    /// The target types its assignments accept.
    public let targetTypes: [TargetType]
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
    /// Whether All users is stored as a group target with the virtual All-users id (app protection and MAM app
    /// configuration refuse `allLicensedUsersAssignmentTarget`).
    public let allUsersAsGroup: Bool
    /// Whether the kind takes includes only: an exclusion is refused in manifests, and one the tenant holds is an
    /// unsupported target whose effect is unknown, never sent back.
    public let includesOnly: Bool
    /// Whether its targets take assignment filters (Windows 365's and terms and conditions' do not).
    public let takesFilters: Bool
    /// Whether its group targets are Windows 365's `cloudPcManagementGroupAssignmentTarget` rather than Intune's
    /// `groupAssignmentTarget`.
    public let cloudPCTargets: Bool
    /// The clouds (`--cloud` names) whose Graph serves the kind; `nil`: every cloud.
    public let clouds: [String]?

    /// A kind; only the registry makes them.
    init(
        name: String, collectionPath: String, assignBodyKey: String, assignmentODataType: String,
        assignAnswer: AssignAnswer, write: WriteProfile, inV1: Bool, writePermission: String,
        targetTypes: [TargetType], intent: IntentRule?, fields: [AssignmentField], readOnlyAssignmentFields: [String],
        defaultConfigurationsUnassignable: Bool, idForm: ConfigurationIDForm, read: ReadProfile,
        allUsersAsGroup: Bool, includesOnly: Bool, takesFilters: Bool = true, cloudPCTargets: Bool = false,
        clouds: [String]? = nil
    ) {
        self.name = name
        self.collectionPath = collectionPath
        self.assignBodyKey = assignBodyKey
        self.assignmentODataType = assignmentODataType
        self.assignAnswer = assignAnswer
        self.write = write
        self.inV1 = inV1
        self.writePermission = writePermission
        self.targetTypes = targetTypes
        self.intent = intent
        self.fields = fields
        self.readOnlyAssignmentFields = readOnlyAssignmentFields
        self.defaultConfigurationsUnassignable = defaultConfigurationsUnassignable
        self.idForm = idForm
        self.read = read
        self.allUsersAsGroup = allUsersAsGroup
        self.includesOnly = includesOnly
        self.takesFilters = takesFilters
        self.cloudPCTargets = cloudPCTargets
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
    public func accepts(_ target: TargetType) -> Bool { targetTypes.contains(target) }
    /// Whether its assignments take this property.
    public func accepts(_ field: AssignmentField) -> Bool { fields.contains(field) }
}
