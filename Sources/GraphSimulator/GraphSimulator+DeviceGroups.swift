import GraphClient
import IntuneAssignCore

// Enrollment-time device groups of settings-catalog policies (issue 31), as the Graph beta reference documents them
// (setEnrollmentTimeDeviceMembershipTarget, retrieve…, clear…; every national cloud) and as
// terraform-provider-microsoft365 uses them (PR #3624, 2026-08: sets the group, after checking its owner):
// - `retrieve…` (POST, no body) answers 200 with an `enrollmentTimeDeviceMembershipTargetResult` inside `value`: one
//   status per target (`targetId`, `validationSucceeded`, `targetValidationErrorCode`); none set, no status. It reads
//   only (no audit event). What a tenant answers when none is set is not published: an empty list is assumed.
// - `set…` takes `enrollmentTimeDeviceMembershipTargets` (`targetType: staticSecurityGroup`, `targetId`) and answers
//   200 with the same result. Intune's checks (the error code enum's page): the group exists
//   (`securityGroupNotFound`), is a security group (`notSecurityGroup`), is assigned, not dynamic
//   (`notStaticSecurityGroup`), and is owned by the Intune Provisioning Client, app id
//   f1346770-5b25-470b-88bd-d5744ab7952c (`firstPartyAppNotAnOwner`; checked only where the tenant file lists the
//   group's `owners`). A check that fails is still a 200, with `validationSucceeded: false`, and sets nothing.
// - `clear…` (POST, no body) answers 200 `{ "value": true }`.
// - On a policy whose template family is not `enrollmentConfiguration` all three answer 400: an assumption (the
//   admin center offers the group only on those policies); clients should not send them there.
extension GraphSimulator {
    /// The Intune Provisioning Client, which must own a device group (Microsoft Learn, Autopilot device preparation).
    static let provisioningClient = "f1346770-5b25-470b-88bd-d5744ab7952c"

    /// `POST .../configurationPolicies/{id}/{set,retrieve,clear}EnrollmentTimeDeviceMembershipTarget`.
    func deviceGroupAction(_ action: String, index: Int, body: [UInt8]) -> HTTPResponse {
        let policy = tenantState.configurations[index]
        guard (policy.templateFamily ?? "none") == "enrollmentConfiguration" else {
            return badRequest(
                "The policy's template (family '\(policy.templateFamily ?? "none")') does not take an enrollment-time "
                    + "device membership target.")
        }
        switch action {
        case "retrieveEnrollmentTimeDeviceMembershipTarget":
            return ok(["value": result(policy.deviceGroup.map { [($0, nil)] } ?? [])])
        case "clearEnrollmentTimeDeviceMembershipTarget":
            guard parse(body) == nil else {
                return badRequest("clearEnrollmentTimeDeviceMembershipTarget takes no body.")
            }
            tenantState.configurations[index].deviceGroup = nil
            return ok(["value": true])
        case "setEnrollmentTimeDeviceMembershipTarget":
            guard case .array(let targets)? = parse(body)?["enrollmentTimeDeviceMembershipTargets"], targets.count == 1,
                targets[0]["targetType"]?.stringValue == "staticSecurityGroup",
                let id = targets[0]["targetId"]?.stringValue
            else {
                return badRequest(
                    "The body must hold `enrollmentTimeDeviceMembershipTargets` with one target of type "
                        + "staticSecurityGroup.")
            }
            let failure = deviceGroupCheck(id)
            if failure == nil { tenantState.configurations[index].deviceGroup = id.lowercased() }
            return ok(["value": result([(id, failure)])])
        default:
            return badRequest("Resource not found for the segment '\(action)'.")
        }
    }

    /// Why Intune refuses `id` as a device group (its error code), or `nil` when it takes it.
    func deviceGroupCheck(_ id: String) -> String? {
        guard let group = tenantState.groups.first(where: { $0.id.lowercased() == id.lowercased() }) else {
            return "securityGroupNotFound"
        }
        if group.securityEnabled == false { return "notSecurityGroup" }
        if group.dynamic == true { return "notStaticSecurityGroup" }
        if let owners = group.owners, !owners.contains(where: { $0.lowercased() == Self.provisioningClient }) {
            return "firstPartyAppNotAnOwner"
        }
        return nil
    }

    /// An `enrollmentTimeDeviceMembershipTargetResult` of these targets and their checks' failures.
    func result(_ targets: [(id: String, failure: String?)]) -> JSONValue {
        let statuses: [JSONValue] = targets.map { target in
            var pairs: [(key: String, value: JSONValue)] = [
                ("@odata.type", "microsoft.graph.enrollmentTimeDeviceMembershipTargetStatus"),
                ("targetId", .string(target.id)), ("validationSucceeded", .bool(target.failure == nil)),
            ]
            if let failure = target.failure { pairs.append(("targetValidationErrorCode", .string(failure))) }
            return .object(pairs)
        }
        return [
            "@odata.type": "microsoft.graph.enrollmentTimeDeviceMembershipTargetResult",
            "validationSucceeded": .bool(targets.allSatisfy { $0.failure == nil }),
            "enrollmentTimeDeviceMembershipTargetValidationStatuses": .array(statuses),
        ]
    }
}
