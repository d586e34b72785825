import GraphClient
import IntuneAssignCore

// Intune role assignments (issue 31), as the Graph beta reference documents them and as the field reports them:
// - `GET /deviceManagement/roleDefinitions` lists the role definitions; `GET .../roleDefinitions/{id}/roleAssignments`
//   the role assignments under one (DOC), each with `members`, `scopeType`, `resourceScopes`, `scopeMembers` and
//   `roleScopeTagIds`.
// - `PATCH .../roleDefinitions/{id}/roleAssignments/{id}` answers 400 "No OData route exists" (LIVE:
//   microsoft-graph-docs #12674); `PATCH /deviceManagement/roleAssignments/{id}` updates (same report; DOC).
// - A `PATCH` with `resourceScopes` and a scope type other than `resourceScope` answers 400 "ResourceScopes can only be
//   defined when the ScopeType is set to 'ResourceScope'" (LIVE: Microsoft365DSC #6394). Changing the scope type
//   away from `resourceScope` clears the scope groups.
// - Members and scope groups must be groups of the directory (an assumption: the admin center picks groups only).
// - The same 2021 report says a `PATCH` of `resourceScopes` answered 200 and kept the old scope; its body misspelt
//   the property, so the simulator takes the documented behaviour (it updates). Apply reads every write back, so a
//   tenant that keeps the old scope shows as "still differs".
extension GraphSimulator {
    /// `/deviceManagement/roleDefinitions` and the role assignments under one.
    func roleDefinitions(_ method: String, _ rest: [String], _ query: Query) -> HTTPResponse {
        let path = "/deviceManagement/roleDefinitions"
        switch (method, rest.count) {
        case ("GET", 0):
            let items = tenantState.roleDefinitions.map { role -> JSONValue in
                [
                    "@odata.type": "#microsoft.graph.deviceAndAppManagementRoleDefinition", "id": .string(role.id),
                    "displayName": .string(role.displayName),
                ]
            }
            return page(items, query, path: path, context: context("deviceManagement/roleDefinitions"))
        case ("GET", 2) where rest[1] == "roleAssignments":
            guard tenantState.roleDefinitions.contains(where: { $0.id.lowercased() == rest[0].lowercased() }) else {
                return notFound("role definition", rest[0])
            }
            let kind = Kinds.named("roleAssignment")!
            let company = companyName
            let items = tenantState.configurations.filter {
                $0.kind == kind.name && $0.roleDefinition?.lowercased() == rest[0].lowercased()
            }.map { field.configurationJSON(kind, $0, companyName: company) }
            return page(
                items, query, path: "\(path)/\(rest[0])/roleAssignments",
                context: context("deviceManagement/roleDefinitions('\(rest[0])')/roleAssignments"))
        case ("PATCH", 3) where rest[1] == "roleAssignments":
            return noRoute(
                "/deviceManagement/roleDefinitions('\(rest[0])')/roleAssignments('\(rest[2])')", verb: "PATCH")
        default:
            return error(
                405, "MethodNotAllowed", "\(method) is not simulated on \(path)/\(rest.joined(separator: "/")).")
        }
    }

    /// `PATCH /deviceManagement/roleAssignments/{id}`: members, scope type, scope groups and scope tags, checked.
    func updateRoleAssignment(_ index: Int, body: [UInt8]) -> HTTPResponse {
        guard case .object(let pairs)? = parse(body) else { return badRequest("The body must be a JSON object.") }
        let writable: Set = ["members", "scopeType", "resourceScopes", "roleScopeTagIds", "displayName", "description"]
        if let unknown = pairs.first(where: { !writable.contains($0.key) && !$0.key.hasPrefix("@odata.") }) {
            return badRequest(
                "Could not find a property named '\(unknown.key)' on type "
                    + "'microsoft.graph.deviceAndAppManagementRoleAssignment'.")
        }
        var access = tenantState.configurations[index].access ?? [:]
        for (key, value) in pairs where ["members", "scopeType", "resourceScopes", "roleScopeTagIds"].contains(key) {
            access = access.setting(key, value)
        }
        let type = access["scopeType"]?.stringValue ?? "resourceScope"
        guard ["resourceScope", "allDevices", "allLicensedUsers", "allDevicesAndLicensedUsers"].contains(type) else {
            return badRequest("'\(type)' is not a valid roleAssignmentScopeType.")
        }
        if type != "resourceScope" {
            if case .array(let scopes)? = pairs.first(where: { $0.key == "resourceScopes" })?.value, !scopes.isEmpty {
                return badRequest("ResourceScopes can only be defined when the ScopeType is set to 'ResourceScope'")
            }
            access = access.setting("resourceScopes", .array([]))
        }
        let groups = Set(tenantState.groups.map { $0.id.lowercased() })
        for key in ["members", "resourceScopes"] {
            guard case .array(let ids)? = access[key] ?? .array([]) else {
                return badRequest("`\(key)` must be a list.")
            }
            if let missing = ids.first(where: { !groups.contains($0.stringValue?.lowercased() ?? "") }) {
                return badRequest(
                    "`\(key)` names \(missing.stringValue ?? "?"), which is not a group of the directory.")
            }
        }
        tenantState.configurations[index].access = access
        let kind = Kinds.named("roleAssignment")!
        return ok(
            withContext(
                "deviceManagement/roleAssignments/$entity",
                field.configurationJSON(kind, tenantState.configurations[index], companyName: companyName)))
    }
}

extension JSONValue {
    /// This object with `key` set to `value`: in its place when present, else at the end.
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var pairs) = self else { return self }
        if let index = pairs.firstIndex(where: { $0.key == key }) {
            pairs[index].value = value
        } else {
            pairs.append((key, value))
        }
        return .object(pairs)
    }
}
