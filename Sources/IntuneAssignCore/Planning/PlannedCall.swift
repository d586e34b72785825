/// A Graph call the plan will make, chosen by the fewest-calls rules (DESIGN §4).
public enum PlannedCall: Hashable, Sendable {
    /// `POST .../{id}/assign` with the full set (the kind's body key).
    case assign([JSONValue])
    /// `POST .../{id}/assignments` with one assignment.
    case create(JSONValue)
    /// `DELETE .../{id}/assignments/{assignmentId}` (Autopilot group targets only).
    case delete(String)
    /// `POST .../{id}/assign` with `deviceIds` (Autopilot deployment profiles).
    case assignDevices([DeviceID])
    /// `POST .../{id}/setEnrollmentTimeDeviceMembershipTarget` with this static security group.
    case setDeviceGroup(GUID)
    /// `POST .../{id}/clearEnrollmentTimeDeviceMembershipTarget`.
    case clearDeviceGroup
    /// `PATCH /deviceManagement/roleAssignments/{id}` with the access a role assignment must give.
    case updateRoleAssignment(JSONValue)
    /// `POST .../enrollmentProfiles/{id}/setDefaultProfile`: the Apple token's default profile.
    case setDefaultProfile
}
