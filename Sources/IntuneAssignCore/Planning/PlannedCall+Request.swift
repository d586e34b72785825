extension PlannedCall {
    /// The HTTP method and the path under the kind's collection (`/{id}/assign`, ...), for people and for the plan file.
    public func request(kind: Kind, id: ConfigurationID) -> (method: String, path: String) {
        let base = kind.itemPath(id)
        switch self {
        case .assign: return ("POST", base + "/assign")
        case .assignDevices:
            // Apple enrollment profiles take serial numbers through their own action.
            return ("POST", base + (kind.write.style == .serialNumbers ? "/updateDeviceProfileAssignment" : "/assign"))
        case .setDefaultProfile: return ("POST", base + "/setDefaultProfile")
        case .create: return ("POST", base + "/assignments")
        case .delete(let assignment): return ("DELETE", base + "/assignments/" + assignment)
        case .setDeviceGroup: return ("POST", base + "/setEnrollmentTimeDeviceMembershipTarget")
        case .clearDeviceGroup: return ("POST", base + "/clearEnrollmentTimeDeviceMembershipTarget")
        case .updateRoleAssignment: return ("PATCH", base)
        }
    }

    /// The request body (`nil` for DELETE).
    public func body(kind: Kind) -> JSONValue? {
        switch self {
        case .assign(let assignments): .object([(kind.assignBodyKey, .array(assignments))])
        case .create(let assignment): assignment
        case .delete, .clearDeviceGroup, .setDefaultProfile: nil
        case .updateRoleAssignment(let body): body
        case .setDeviceGroup(let group):
            .object([
                (
                    "enrollmentTimeDeviceMembershipTargets",
                    .array([.object([("targetType", "staticSecurityGroup"), ("targetId", .string(group.description))])])
                )
            ])
        case .assignDevices(let devices):
            .object([(kind.assignBodyKey, .array(devices.map { .string($0.description) }))])
        }
    }
}
