/// Where a kind lives in Graph and how Graph treats its assignments: the collection, the `assign` body, the
/// assignment entity, the answer, the permission, the id form, the clouds that serve it.
public struct GraphCollection: Hashable, Sendable {
    /// The beta collection path, e.g. `/deviceManagement/deviceConfigurations`.
    public var path: String
    /// The body key of the `assign` action.
    public var assignBodyKey: String
    /// The assignment entity's `@odata.type` (or `#Collection(Edm.String)` for Autopilot device ids).
    public var assignmentODataType: String
    /// What its `assign` action answers on success.
    public var assignAnswer: AssignAnswer
    /// Whether the collection also exists in Graph v1.0 (we always use beta: filters exist only there).
    public var inV1: Bool
    /// The application permission needed to write assignments.
    public var writePermission: String
    /// What the kind's object ids look like.
    public var idForm: ConfigurationIDForm
    /// Whether the tenant's default configurations (priority 0) refuse assignments.
    public var defaultsUnassignable: Bool
    /// The clouds (`--cloud` names) whose Graph serves the kind; `nil`: every cloud.
    public var clouds: [String]?
    /// Whether its items may carry an enrollment-time device group, set with
    /// `setEnrollmentTimeDeviceMembershipTarget` (configuration policies only).
    public var enrollmentDeviceGroup: Bool
    /// The collection whose objects this kind's configurations are listed under (role definitions, Apple tokens).
    public var parent: ParentCollection?

    /// A collection; by default its ids are GUIDs, its defaults take assignments, every cloud serves it and it has
    /// no device groups.
    init(
        path: String, assignBodyKey: String, assignmentODataType: String, assignAnswer: AssignAnswer, inV1: Bool,
        writePermission: String, idForm: ConfigurationIDForm = .guid, defaultsUnassignable: Bool = false,
        clouds: [String]? = nil, enrollmentDeviceGroup: Bool = false, parent: ParentCollection? = nil
    ) {
        self.parent = parent
        self.enrollmentDeviceGroup = enrollmentDeviceGroup
        self.path = path
        self.assignBodyKey = assignBodyKey
        self.assignmentODataType = assignmentODataType
        self.assignAnswer = assignAnswer
        self.inV1 = inV1
        self.writePermission = writePermission
        self.idForm = idForm
        self.defaultsUnassignable = defaultsUnassignable
        self.clouds = clouds
    }
}

/// A collection whose objects a kind's configurations are listed under: `GET {path}` lists them, and
/// `GET {path}/{id}/{child}` lists the configurations under one.
public struct ParentCollection: Hashable, Sendable {
    /// The parents' collection, such as `/deviceManagement/depOnboardingSettings`.
    public var path: String
    /// The property that names a parent (`displayName`, `tokenName`).
    public var nameProperty: String
    /// The segment of the configurations under a parent, such as `enrollmentProfiles`.
    public var child: String
    /// Whether the configurations live under their parent (their ids are `PARENT/ID`, of the nested form), rather
    /// than in the kind's own collection.
    public var nestedItems: Bool
}

/// What an assignment of a kind carries besides its target.
public struct AssignmentProperties: Hashable, Sendable {
    /// Its intent property, if its assignments have one.
    public var intent: IntentRule?
    /// Kind-specific assignment properties it takes.
    public var fields: [AssignmentField]
    /// Assignment properties Graph returns but rejects or ignores on write; never sent back.
    public var readOnly: [String]

    /// Properties; by default none.
    init(intent: IntentRule? = nil, fields: [AssignmentField] = [], readOnly: [String] = []) {
        self.intent = intent
        self.fields = fields
        self.readOnly = readOnly
    }
}
