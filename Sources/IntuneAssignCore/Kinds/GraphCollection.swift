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

    /// A collection; by default its ids are GUIDs, its defaults take assignments, every cloud serves it and it has
    /// no device groups.
    init(
        path: String, assignBodyKey: String, assignmentODataType: String, assignAnswer: AssignAnswer, inV1: Bool,
        writePermission: String, idForm: ConfigurationIDForm = .guid, defaultsUnassignable: Bool = false,
        clouds: [String]? = nil, enrollmentDeviceGroup: Bool = false
    ) {
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
