/// The plan for one configuration.
public struct ConfigurationPlan: Hashable, Sendable {
    public var kind: Kind
    public var id: ConfigurationID
    /// The configuration's display name in the tenant.
    public var displayName: String = ""
    /// A digest of the assignments (and Autopilot devices) read when planning; `apply` refuses when it changed.
    public var fingerprint: String = ""
    public var mode: ConfigurationMode
    public var changes: [PlannedChange]
    /// Direct assignments whose target type intune-assign does not know (such as scope-tag or organizational-unit
    /// targets): shown, never removed, and sent back unchanged when an `assign` replaces the set.
    public var unmanaged: [JSONValue] = []
    /// Autopilot devices that must get the profile, and devices that carry it without being listed (left alone).
    public var devicesToAdd: [GUID]
    public var devicesNotListed: [GUID]
    /// Whether the manifest lists Autopilot devices, so that they were read (and are part of the fingerprint).
    public var devicesRead: Bool = false
    public var calls: [PlannedCall]

    public init(
        kind: Kind, id: ConfigurationID, displayName: String = "", fingerprint: String = "", mode: ConfigurationMode,
        changes: [PlannedChange], unmanaged: [JSONValue] = [], devicesToAdd: [GUID] = [], devicesNotListed: [GUID] = [],
        devicesRead: Bool = false, calls: [PlannedCall]
    ) {
        self.devicesRead = devicesRead
        self.kind = kind
        self.id = id
        self.displayName = displayName
        self.fingerprint = fingerprint
        self.mode = mode
        self.changes = changes
        self.unmanaged = unmanaged
        self.devicesToAdd = devicesToAdd
        self.devicesNotListed = devicesNotListed
        self.calls = calls
    }

    public var isNoOp: Bool { calls.isEmpty }
    public func count(_ action: PlannedChange.Action) -> Int { changes.count { $0.action == action } }
}
