/// Graph's `enrollmentTimeDeviceMembershipTargetResult`, which both `retrieveEnrollmentTimeDeviceMembershipTarget`
/// and `setEnrollmentTimeDeviceMembershipTarget` answer (Graph beta reference): a list of targets, each with its
/// `targetId` and whether Intune's checks of it succeeded. The reference shows it inside `value`; an answer with the
/// result at the top is read the same (no capture from a tenant has been published).
public struct DeviceGroupResult: Hashable, Sendable {
    /// One target and its check.
    public struct Status: Hashable, Sendable {
        /// The target's id, as answered.
        public var targetId: String
        /// Whether Intune's checks of it succeeded (`nil`: not said).
        public var succeeded: Bool?
        /// `securityGroupNotFound`, `notSecurityGroup`, `notStaticSecurityGroup`, `firstPartyAppNotAnOwner`,
        /// `securityGroupNotInCallerScope`, ... (enrollmentTimeDeviceMembershipTargetValidationErrorCode).
        public var errorCode: String?
    }

    /// Whether the whole result passed Intune's checks (`nil`: not said).
    public var succeeded: Bool?
    /// The targets.
    public var statuses: [Status]

    /// The result in a 200's body; `nil` when the body is not one.
    public init?(graph body: JSONValue?) {
        guard let body else { return nil }
        let result =
            body["value"].flatMap { value -> JSONValue? in
                if case .object = value { return value }
                return nil
            } ?? body
        guard case .object = result else { return nil }
        if case .bool(let flag)? = result["validationSucceeded"] { succeeded = flag }
        var statuses: [Status] = []
        if case .array(let items)? = result["enrollmentTimeDeviceMembershipTargetValidationStatuses"] {
            for item in items {
                guard let id = item["targetId"]?.stringValue else { continue }
                var succeeded: Bool?
                if case .bool(let flag)? = item["validationSucceeded"] { succeeded = flag }
                statuses.append(
                    Status(
                        targetId: id, succeeded: succeeded, errorCode: item["targetValidationErrorCode"]?.stringValue))
            }
        }
        self.statuses = statuses
    }

    /// The device group it holds: none for no target. More than one target, or a target id that is not a group
    /// id, is an answer intune-assign does not model (the admin center sets one static group): `nil`, which the
    /// reader reports.
    public var deviceGroup: DeviceGroup? {
        switch statuses.count {
        case 0: return DeviceGroup.none
        case 1: return GUID(statuses[0].targetId).map(DeviceGroup.init)
        default: return nil
        }
    }

    /// Why a `set` that answered 200 did not take, in an admin's words; `nil` when its checks succeeded. Intune
    /// checks that the group exists, is a static security group, is owned by the Intune Provisioning Client
    /// (f1346770-5b25-470b-88bd-d5744ab7952c) and is in the caller's scope (the error code enum's page).
    public var refusal: String? {
        let failed = statuses.filter { $0.succeeded == false }
        guard succeeded == false || !failed.isEmpty else { return nil }
        guard !failed.isEmpty else { return "Intune's checks of the device group failed (no reason given)" }
        return failed.map { status in
            let code = status.errorCode ?? "unknown"
            let why: String
            switch code {
            case "securityGroupNotFound": why = "no such group"
            case "notSecurityGroup": why = "not a security group"
            case "notStaticSecurityGroup": why = "a dynamic group; devices can join only an assigned (static) group"
            case "firstPartyAppNotAnOwner":
                why =
                    "the Intune Provisioning Client (f1346770-5b25-470b-88bd-d5744ab7952c) is not an owner of it; "
                    + "add it as an owner in Entra"
            case "securityGroupNotInCallerScope": why = "outside the scope of this identity's Intune role"
            default: why = "refused"
            }
            return "device group \(Printable.line(status.targetId, limit: 60)): \(why) (\(Printable.line(code)))"
        }.joined(separator: "; ")
    }
}
