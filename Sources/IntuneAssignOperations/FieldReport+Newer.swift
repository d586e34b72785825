import GraphClient
import IntuneAssignCore

extension FieldReport {
    /// Enrollment-time device groups (issue 31): whether settings-catalog policies list `templateReference` with a
    /// `templateFamily`, how many are of the family that takes a device group, and how
    /// `retrieveEnrollmentTimeDeviceMembershipTarget` (a POST that only reads) answers for the first of them: status,
    /// whether the result sits inside `value`, how many targets it holds, and the property names of a target's
    /// status. Counts, booleans and names only; the policy's id is used, never kept.
    static func deviceGroups(_ session: GraphSession) async throws(GraphError) -> JSONValue {
        let path = "/deviceManagement/configurationPolicies"
        let listed = try await session.batch(
            [BatchRequest(id: "list", url: "\(path)?$select=id,templateReference&$top=100")], concurrency: 1)
        let policies = values(listed["list"])
        let family = ListedConfiguration.deviceGroupFamily
        let ofFamily = policies.filter { $0["templateReference"]?["templateFamily"]?.stringValue == family }
        var pairs: [(key: String, value: JSONValue)] = [
            ("list", probe(listed["list"])), ("policies", .int(policies.count)),
            ("withTemplateFamily", .int(policies.count { $0["templateReference"]?["templateFamily"] != nil })),
            ("ofDeviceGroupFamily", .int(ofFamily.count)),
        ]
        guard let id = ofFamily.first?["id"]?.stringValue.flatMap({ ConfigurationID($0, form: .guid) }) else {
            return .object(pairs)
        }
        let answers = try await session.batch(
            [
                BatchRequest(
                    id: "retrieve", method: "POST", url: "\(path)/\(id)/retrieveEnrollmentTimeDeviceMembershipTarget",
                    body: nil, repeatable: true)
            ], concurrency: 1)
        let answer = answers["retrieve"]
        var extra: [(key: String, value: JSONValue)] = []
        if answer?.status == 200 {
            var inValue = false
            if case .object? = answer?.body?["value"] { inValue = true }
            let result = DeviceGroupResult(graph: answer?.body)
            var statusNames = Set<String>()
            let result0 = inValue ? answer?.body?["value"] : answer?.body
            if case .array(let items)? = result0?["enrollmentTimeDeviceMembershipTargetValidationStatuses"] {
                for case .object(let fields) in items { statusNames.formUnion(fields.map(\.key).compactMap(safeName)) }
            }
            extra = [
                ("resultInValue", .bool(inValue)), ("targets", .int(result?.statuses.count ?? 0)),
                ("validationSucceededSaid", .bool(result?.succeeded != nil)),
                ("statusProperties", .array(statusNames.sorted().map(JSONValue.string))),
            ]
        }
        pairs.append(("retrieve", probe(answer, extra: extra)))
        return .object(pairs)
    }
}

extension FieldReport {
    /// Intune role assignments (issue 31): whether role definitions list, and how the documented list of the first
    /// definition's role assignments answers: status, how many, and the property names they carry (members, scope
    /// type, scope groups, scope tags). Counts and names only; the definition's id is used, never kept.
    static func roleAssignments(_ session: GraphSession) async throws(GraphError) -> JSONValue {
        let path = "/deviceManagement/roleDefinitions"
        let listed = try await session.batch(
            [BatchRequest(id: "list", url: "\(path)?$select=id,displayName")], concurrency: 1)
        let definitions = values(listed["list"])
        var pairs: [(key: String, value: JSONValue)] = [
            ("definitions", probe(listed["list"], extra: [("count", .int(definitions.count))]))
        ]
        // The first definition that has role assignments tells the most; built-in ones often have none.
        let ids = definitions.compactMap { $0["id"]?.stringValue.flatMap(GUID.init) }.prefix(20)
        let answers = try await session.batch(
            ids.enumerated().map { BatchRequest(id: String($0.offset), url: "\(path)/\($0.element)/roleAssignments") },
            concurrency: 1)
        let lists = ids.indices.map { answers[String($0)] }
        let answer = lists.first { !values($0).isEmpty } ?? lists.first ?? nil
        var names = Set<String>()
        for case .object(let fields) in values(answer) { names.formUnion(fields.map(\.key).compactMap(safeName)) }
        pairs.append(
            (
                "assignmentsOfADefinition",
                probe(
                    answer,
                    extra: [
                        ("count", .int(values(answer).count)),
                        ("properties", .array(names.sorted().map(JSONValue.string))),
                    ])
            ))
        return .object(pairs)
    }
}
