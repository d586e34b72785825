import Foundation
import GraphClient
import IntuneAssignCore

// Windows 365's assignments (issue 20), from the Graph reference: cloudPcProvisioningPolicyAssignment and
// cloudPcUserSettingAssignment, whose `target` is a cloudPcManagementGroupAssignmentTarget ("currently ... only a user
// group"): `groupId`, and on provisioning policies `servicePlanId` and, for Frontline shared Cloud PCs,
// `allotmentDisplayName` and `allotmentLicensesCount`. No filter properties exist on that type. Ids read
// `{policyId}_{groupId}`; user-setting assignments carry `createdDateTime`. Neither type has `source`/`sourceId`.
extension GraphSimulator {
    /// A Windows 365 assignment as stored, and its identity, or the 400 Graph sends.
    func cloudPCValidated(
        _ kind: Kind, _ item: JSONValue, _ targetPairs: [(key: String, value: JSONValue)], configurationID: String
    ) -> Result<(JSONValue, String), Refusal> {
        let type = String(TargetType.cloudPCGroupODataType.dropFirst())
        guard let id = item["target"]?["groupId"]?.stringValue.flatMap(GUID.init) else {
            return .failure(Refusal(badRequest("A \(type) needs `groupId`, an object id.")))
        }
        var known = ["@odata.type", "groupId"]
        if kind.name == "cloudPcProvisioningPolicy" {
            known += ["servicePlanId", "allotmentDisplayName", "allotmentLicensesCount"]
        }
        if let unknown = targetPairs.first(where: { !known.contains($0.key) }) {
            return .failure(Refusal(badRequest("The property '\(unknown.key)' does not exist on type '\(type)'.")))
        }
        var target: [(key: String, value: JSONValue)] = [
            ("@odata.type", .string(TargetType.cloudPCGroupODataType)), ("groupId", .string(id.description)),
        ]
        for key in known.dropFirst(2) { target.append((key, item["target"]?[key] ?? .null)) }
        var stored: [(key: String, value: JSONValue)] = [
            ("id", .string("\(configurationID)_\(id)")), ("target", .object(target)),
        ]
        if kind.readOnlyAssignmentFields.contains("createdDateTime") {
            stored.append(("createdDateTime", .string(ISO8601DateFormatter().string(from: Date()))))
        }
        return .success((.object(stored), "group \(id)"))
    }
}
