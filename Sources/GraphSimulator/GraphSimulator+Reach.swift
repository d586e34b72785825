import GraphClient
import IntuneAssignCore

// What `plan --reach` reads, as the services answer it:
// - `GET /groups/{id}/transitiveMembers[/microsoft.graph.user|device|group]`: every nested member once, cast to
//   one type. Graph's "List group transitive members" page: the list is flat and transitive; an OData cast to a type
//   the group cannot hold is 400 `Request_UnsupportedQuery` (modelled for groups that hold none of the type and are
//   `Unified`, that is never here: tenant files hold security groups).
// - `$count=true` on directory objects needs `ConsistencyLevel: eventual` ("Advanced query capabilities on
//   Microsoft Entra ID objects": the advanced query parameters are the header and `$count`); without the header the
//   simulator answers 400 `Request_BadRequest`, as Graph refuses an advanced query asked without it.
//   `@odata.count` is then the whole count, not the page's (unlike Intune's collections, field-notes §1).
// - `GET /users?$count=true`: the tenant's users, the same way.
// - `GET /deviceManagement/managedDeviceOverview`: `enrolledDeviceCount` (Graph's managedDeviceOverview resource).
// - `GET /deviceManagement/assignmentFilters/{id}`: the filter with its `rule` and `platform`.
// - `POST /deviceManagement/evaluateAssignmentFilter` with `{"data": {platform, rule, top, skip}}`: a report with
//   `TotalRowCount`, `Schema` and `Values` (the beta "evaluateAssignmentFilter" page says only "a Stream"; the shape is
//   what a widely used Intune tool reads back: `TotalRowCount`, columns and values). The simulator does not run rule
//   language: it answers for a rule one of its filters holds, with that filter's `matchingDevices`, and 400 for any
//   other rule.
extension GraphSimulator {
    /// Whether a header is present with this value, whatever the case of its name (a `$batch` keeps the client's).
    func header(_ headers: [String: String], _ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// 400 for `$count` without `ConsistencyLevel: eventual`.
    func needsEventual(_ query: Query, _ headers: [String: String]) -> HTTPResponse? {
        guard query["$count"] == "true", header(headers, "ConsistencyLevel")?.lowercased() != "eventual" else {
            return nil
        }
        return error(
            400, "Request_BadRequest",
            "$count is an advanced query: send the header ConsistencyLevel: eventual with it.")
    }

    /// The directory by lower-cased id, indexed once (a tenant of thousands of users is looked up per member).
    func directory() -> (types: [String: String], members: [String: [String]]) {
        if let directoryIndex { return directoryIndex }
        var types: [String: String] = [:]
        var members: [String: [String]] = [:]
        for user in tenantState.users { types[user.id.lowercased()] = "user" }
        for device in tenantState.devices { types[device.id.lowercased()] = "device" }
        for group in tenantState.groups {
            types[group.id.lowercased()] = "group"
            members[group.id.lowercased()] = (group.members ?? []).map { $0.lowercased() }
        }
        directoryIndex = (types, members)
        return (types, members)
    }

    /// `GET /groups/{id}/transitiveMembers[/microsoft.graph.TYPE]`: a page of members (ids and types), with
    /// `@odata.count` when asked.
    func transitiveMembers(_ groupID: String, cast: String?, _ query: Query, headers: [String: String])
        -> HTTPResponse
    {
        if let refused = needsEventual(query, headers) { return refused }
        let directory = directory()
        guard directory.types[groupID.lowercased()] == "group" else { return notFound("group", groupID) }
        let type = cast.map { $0.replacingOccurrences(of: "microsoft.graph.", with: "") }
        if let type, !["user", "device", "group"].contains(type) {
            return error(400, "Request_UnsupportedQuery", "The cast \(cast ?? "") is not supported here.")
        }
        // Every member once, nested groups followed (and listed themselves), cycles cut.
        var seen = Set<String>()
        var pending = [groupID.lowercased()]
        var members: [(id: String, type: String)] = []
        while let next = pending.popLast() {
            for member in directory.members[next] ?? [] where seen.insert(member).inserted {
                guard let memberType = directory.types[member] else { continue }
                members.append((member, memberType))
                if memberType == "group" { pending.append(member) }
            }
        }
        let matching = members.filter { type == nil || $0.type == type }.sorted { $0.id < $1.id }
        let top = query["$top"].flatMap(Int.init) ?? 100
        var body: [(key: String, value: JSONValue)] = [
            ("@odata.context", .string(context("directoryObjects")))
        ]
        if query["$count"] == "true" { body.append(("@odata.count", .int(matching.count))) }
        body.append(
            (
                "value",
                .array(
                    matching.prefix(max(0, top)).map {
                        ["@odata.type": .string("#microsoft.graph.\($0.type)"), "id": .string($0.id)]
                    })
            ))
        return ok(.object(body))
    }

    /// `GET /users`: a page of users, with `@odata.count` when asked.
    func users(_ query: Query, headers: [String: String]) -> HTTPResponse {
        if let refused = needsEventual(query, headers) { return refused }
        let top = query["$top"].flatMap(Int.init) ?? 100
        var body: [(key: String, value: JSONValue)] = [("@odata.context", .string(context("users")))]
        if query["$count"] == "true" { body.append(("@odata.count", .int(tenantState.users.count))) }
        body.append(
            (
                "value",
                .array(
                    tenantState.users.prefix(max(0, top)).map {
                        ["id": .string($0.id), "userPrincipalName": .string($0.userPrincipalName)]
                    })
            ))
        return ok(.object(body))
    }

    /// `GET /deviceManagement/managedDeviceOverview`.
    func managedDeviceOverview() -> HTTPResponse {
        ok([
            "@odata.context": .string(context("deviceManagement/managedDeviceOverview/$entity")),
            "id": .string("managedDeviceOverview"),
            "enrolledDeviceCount": .int(tenantState.enrolledDeviceCount ?? tenantState.devices.count),
        ])
    }

    /// `GET /deviceManagement/assignmentFilters/{id}`.
    func assignmentFilter(_ id: String) -> HTTPResponse {
        guard let filter = tenantState.assignmentFilters.first(where: { $0.id.lowercased() == id.lowercased() }) else {
            return notFound("assignment filter", id)
        }
        return ok([
            "@odata.type": "#microsoft.graph.deviceAndAppManagementAssignmentFilter", "id": .string(filter.id),
            "displayName": .string(filter.displayName), "platform": .string(filter.platform),
            "rule": .string(filter.rule ?? ""),
        ])
    }

    /// `POST /deviceManagement/evaluateAssignmentFilter`: the devices a filter's rule matches, as a report.
    func evaluateAssignmentFilter(_ body: [UInt8]) -> HTTPResponse {
        guard let data = parse(body)?["data"], let platform = data["platform"]?.stringValue,
            let rule = data["rule"]?.stringValue
        else {
            return error(400, "BadRequest", "Send {\"data\": {\"platform\": …, \"rule\": …}}.")
        }
        guard
            let filter = tenantState.assignmentFilters.first(where: {
                $0.platform == platform && $0.rule == rule && $0.matchingDevices != nil
            })
        else {
            return error(400, "BadRequest", "The simulator evaluates only the rules of its tenant file's filters.")
        }
        let matches = filter.matchingDevices ?? []
        let top = data["top"]?.intValue ?? 100
        return ok([
            "TotalRowCount": .int(matches.count),
            "Schema": [["Column": "DeviceId", "PropertyType": "String"]],
            "Values": .array(matches.prefix(max(0, top)).map { [.string($0)] }),
        ])
    }
}
