/// What was read about one configuration, in the planner's terms: Graph's answer is parsed once, here.
public struct ObservedConfiguration: Hashable, Sendable {
    /// Its assignments whose target type intune-assign knows, direct and inherited.
    public var assignments: [PlannedAssignment]
    /// Its assignments whose target type intune-assign does not know (scope tags, organizational units), as Graph
    /// answered them: shown, never removed, and sent back unchanged when an `assign` replaces the set.
    public var unmanaged: [UnmanagedAssignment]
    /// The Autopilot devices that carry it (read only when the manifest lists `devices:`).
    public var devices: [DeviceID]?
    /// Its enrollment-time device group (read only when the manifest says `deviceGroup:`).
    public var deviceGroup: DeviceGroup?
    /// A role assignment's access (role assignments only).
    public var roleAccess: RoleAccess?
    /// Whether an Apple enrollment profile is its token's default (read only when the manifest says `default:`).
    public var isDefault: Bool?
    /// A digest of what Graph answered, computed by whoever read it (the same function checks a saved plan).
    public var fingerprint: String

    /// An observation from parts already in the planner's terms.
    public init(
        assignments: [PlannedAssignment], unmanaged: [UnmanagedAssignment] = [], devices: [DeviceID]? = nil,
        deviceGroup: DeviceGroup? = nil, roleAccess: RoleAccess? = nil, isDefault: Bool? = nil, fingerprint: String
    ) {
        self.isDefault = isDefault
        self.assignments = assignments
        self.unmanaged = unmanaged
        self.devices = devices
        self.deviceGroup = deviceGroup
        self.roleAccess = roleAccess
        self.fingerprint = fingerprint
    }

    /// An observation from Graph's answer for a configuration of `kind`: each assignment parsed into the planner's
    /// terms, or kept as it is when its target type is not one intune-assign knows.
    public init(
        graph values: [JSONValue], kind: Kind, devices: [DeviceID]? = nil, deviceGroup: DeviceGroup? = nil,
        fingerprint: String
    ) {
        var assignments: [PlannedAssignment] = []
        var unmanaged: [UnmanagedAssignment] = []
        for value in values {
            if let assignment = PlannedAssignment(graph: value, kind: kind) {
                assignments.append(assignment)
            } else {
                unmanaged.append(UnmanagedAssignment(graph: value))
            }
        }
        self.init(
            assignments: assignments, unmanaged: unmanaged, devices: devices, deviceGroup: deviceGroup,
            fingerprint: fingerprint)
    }
}
