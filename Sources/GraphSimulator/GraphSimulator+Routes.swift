import Foundation
import GraphClient
import IntuneAssignCore

/// A URL query as ordered name/value pairs, percent-decoded.
struct Query {
    var pairs: [(name: String, value: String)]

    /// Reads `name=value&...`, `+` as a space.
    init(_ text: String) {
        pairs = text.split(separator: "&").map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in
                (String(s).replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? String(s)
            }
            return (decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : "")
        }
    }

    /// The first value of `name`; setting replaces every value of it.
    subscript(name: String) -> String? {
        get { pairs.first { $0.name == name }?.value }
        set {
            pairs.removeAll { $0.name == name }
            if let newValue { pairs.append((name, newValue)) }
        }
    }

    var encoded: String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+'")
        return pairs.map {
            "\($0.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.name)="
                + ($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.value)
        }.joined(separator: "&")
    }
}

extension GraphSimulator {
    /// Parses a JSON request body; `nil` for an empty or malformed body.
    func parse(_ body: [UInt8]) -> JSONValue? {
        guard !body.isEmpty else { return nil }
        return try? JSONValue.parse(body)
    }

    // MARK: - Directory

    /// A group as `/groups` answers it.
    func groupJSON(_ group: SimulatedTenant.Group) -> JSONValue {
        ["@odata.type": "#microsoft.graph.group", "id": .string(group.id), "displayName": .string(group.displayName)]
    }

    /// `GET /groups`, with `$filter=displayName eq '…'` (compared without regard to case, as Entra does).
    func groups(_ query: Query) -> HTTPResponse {
        var groups = tenantState.groups
        if let filter = query["$filter"] {
            // displayName eq '...', with '' standing for one quote, compared as Entra does: without regard to case.
            let prefix = "displayName eq '"
            guard filter.hasPrefix(prefix), filter.hasSuffix("'"), filter.count > prefix.count else {
                return error(
                    400, "Request_UnsupportedQuery", "The simulator supports only $filter=displayName eq '...'.")
            }
            let quoted = filter.dropFirst(prefix.count).dropLast()
            if quoted.replacingOccurrences(of: "''", with: "").contains("'") {
                return error(400, "Request_BadRequest", "Unescaped quote in the $filter string: write '' for '.")
            }
            let name = quoted.replacingOccurrences(of: "''", with: "'").lowercased()
            groups = groups.filter { $0.displayName.lowercased() == name }
        }
        return page(groups.map(groupJSON), query, path: "/groups", context: context("groups"))
    }

    /// `POST /directoryObjects/getByIds`: the groups among the ids; unknown ids are left out.
    func getByIds(_ body: [UInt8]) -> HTTPResponse {
        guard case .array(let ids)? = parse(body)?["ids"] else {
            return badRequest("The body must hold `ids`, a list of object ids.")
        }
        guard ids.count <= 1000 else { return badRequest("getByIds takes at most 1000 ids; \(ids.count) were sent.") }
        let wanted = Set(ids.compactMap { $0.stringValue?.lowercased() })
        let found = tenantState.groups.filter { wanted.contains($0.id.lowercased()) }.map(groupJSON)
        return ok(["@odata.context": .string(context("directoryObjects")), "value": .array(found)])
    }

    // MARK: - Autopilot device identities

    /// An Autopilot device identity as Graph answers it.
    func deviceJSON(_ device: SimulatedTenant.AutopilotDevice) -> JSONValue {
        [
            "@odata.type": "#microsoft.graph.windowsAutopilotDeviceIdentity", "id": .string(device.id),
            "serialNumber": .string(device.serialNumber),
            "deploymentProfileAssignmentStatus": device.deploymentProfileId == nil
                ? "notAssigned" : "assignedUnkownSyncState",
        ]
    }

    /// `/deviceManagement/windowsAutopilotDeviceIdentities` and one identity by id.
    func autopilotIdentities(_ method: String, _ rest: [String], _ query: Query, body: [UInt8]) -> HTTPResponse {
        let path = "/deviceManagement/windowsAutopilotDeviceIdentities"
        switch (method, rest.count) {
        case ("GET", 0):
            return page(
                tenantState.autopilotDevices.map(deviceJSON), query, path: path,
                context: context("deviceManagement/windowsAutopilotDeviceIdentities"))
        case ("GET", 1):
            guard let device = tenantState.autopilotDevices.first(where: { $0.id.lowercased() == rest[0].lowercased() })
            else {
                return notFound("Autopilot device identity", rest[0])
            }
            return ok(withContext("deviceManagement/windowsAutopilotDeviceIdentities/$entity", deviceJSON(device)))
        case ("POST", 3) where rest[1] == "deploymentProfile" && rest[2] == "assign":
            // The profile's own assign action, reached through the device's current profile.
            guard let device = tenantState.autopilotDevices.first(where: { $0.id.lowercased() == rest[0].lowercased() })
            else {
                return notFound("Autopilot device identity", rest[0])
            }
            guard let profile = device.deploymentProfileId,
                let index = tenantState.configurations.firstIndex(where: {
                    $0.kind == "windowsAutopilotDeploymentProfile" && $0.id.lowercased() == profile.lowercased()
                })
            else {
                return notFound("deployment profile of device", rest[0])
            }
            return assignDevices(profileIndex: index, body: body)
        default:
            return error(
                405, "MethodNotAllowed", "\(method) is not simulated on \(path)/\(rest.joined(separator: "/")).")
        }
    }

    /// A deployment profile's `assign` with `deviceIds`: every id must name a device identity.
    func assignDevices(profileIndex: Int, body: [UInt8]) -> HTTPResponse {
        guard case .object(let pairs)? = parse(body), pairs.map(\.key) == ["deviceIds"],
            case .array(let values) = pairs[0].value
        else {
            return badRequest("The body of windowsAutopilotDeploymentProfile/assign must be { \"deviceIds\": [...] }.")
        }
        var indices: [Int] = []
        for value in values {
            guard let id = value.stringValue,
                let index = tenantState.autopilotDevices.firstIndex(where: { $0.id.lowercased() == id.lowercased() })
            else {
                return notFound("Autopilot device identity", value.stringValue ?? value.serialized())
            }
            indices.append(index)
        }
        let profile = tenantState.configurations[profileIndex].id
        for index in indices { tenantState.autopilotDevices[index].deploymentProfileId = profile }
        return json(204, nil)
    }

    // MARK: - Configurations of every kind

    /// Every route under a kind's collection: list, one item, its assignments, `assign`, create and delete.
    func configurations(_ kind: Kind, _ method: String, _ rest: [String], _ query: Query, body: [UInt8]) -> HTTPResponse
    {
        let collection = String(kind.collectionPath.dropFirst())
        if rest.isEmpty {
            guard method == "GET" else {
                return error(405, "MethodNotAllowed", "Only GET is simulated on \(kind.collectionPath).")
            }
            if let refused = field.unknownProperty(kind, query) { return badRequest(refused) }
            let expand = query["$expand"] == "assignments"
            if expand, !field.expandsLists(kind) {
                return badRequest("$expand is not supported on \(kind.collectionPath); read each item on its own.")
            }
            let company = companyName
            let items = tenantState.configurations.filter { $0.kind == kind.name }.lazy.map { stored in
                let configuration = self.readable(stored)
                let item = self.field.configurationJSON(kind, configuration, companyName: company)
                return expand ? self.field.withExpandedAssignments(kind, configuration, item) : item
            }
            return page(items, query, path: kind.collectionPath, context: context(collection))
        }
        guard
            let index = tenantState.configurations.firstIndex(where: {
                $0.kind == kind.name && $0.id.lowercased() == rest[0].lowercased()
            })
        else {
            return notFound(kind.name, rest[0])
        }
        // Retrieving a device group is a POST that only reads: no read lag, no audit event.
        if rest.last == "retrieveEnrollmentTimeDeviceMembershipTarget" {
            return item(kind, method, rest, query, body: body, index: index)
        }
        // With a read lag, a write that succeeds leaves reads showing what they showed before it, for a while.
        if method != "GET", let lag = options.readLag, lag > 0 {
            let before = readable(tenantState.configurations[index]).assignments
            let response = item(kind, method, rest, query, body: body, index: index)
            if (200..<300).contains(response.status) {
                readLag.hold(tenantState.configurations[index].id, showing: before, until: now() + lag)
            }
            if (200..<300).contains(response.status) {
                audit(kind, tenantState.configurations[index], method: method, rest: rest)
                propagatePolicySet(index)
            }
            return response
        }
        let response = item(kind, method, rest, query, body: body, index: index)
        if method != "GET", (200..<300).contains(response.status) {
            audit(kind, tenantState.configurations[index], method: method, rest: rest)
            propagatePolicySet(index)
        }
        return response
    }

    /// The routes under one configuration of a kind: the item, its assignments, `assign`, create and delete.
    func item(_ kind: Kind, _ method: String, _ rest: [String], _ query: Query, body: [UInt8], index: Int)
        -> HTTPResponse
    {
        let collection = String(kind.collectionPath.dropFirst())
        let configuration =
            method == "GET" ? readable(tenantState.configurations[index]) : tenantState.configurations[index]
        let itemPath = "\(kind.collectionPath)/\(configuration.id)"
        var route = Array(rest.dropFirst())
        // App configurations' `assign` as reported (field-notes §8): with the type-cast segment it is routed; without
        // it, under `Options.appConfigurationAssignNeedsCast`, it is not.
        if route.last == "assign" {
            guard let served = field.assignRoute(kind, route) else {
                return noRoute("/\(collection)('\(configuration.id)')/assign", verb: "POST")
            }
            route = served
        }
        switch (method, route) {
        case ("GET", []):
            if let refused = field.unknownProperty(kind, query) { return badRequest(refused) }
            var item = field.configurationJSON(kind, configuration, companyName: companyName)
            if query["$expand"] == "assignments" {
                item = item.merging([
                    "assignments": .array(field.expandedAssignments(kind, configuration, list: false))
                ])
            }
            return ok(withContext("\(collection)/$entity", item))
        case ("GET", ["assignments"]) where !field.servesAssignmentsRoute(kind):
            return noRoute("/\(collection)('\(configuration.id)')/assignments")
        case ("GET", ["assignments"]):
            return page(
                configuration.assignments.map { field.withType(kind, $0) }, query, path: "\(itemPath)/assignments",
                context: context("\(collection)('\(configuration.id)')/assignments"))
        case ("POST", ["assignments"]) where !field.routesSingleCreate(kind):
            return noRoute("/\(collection)('\(configuration.id)')/assignments", verb: "POST")
        case ("POST", ["assignments"]):
            return createAssignment(kind, index, body: body)
        case ("GET", let path) where path.count == 2 && path[0] == "assignments":
            guard let assignment = configuration.assignments.first(where: { $0["id"]?.stringValue == path[1] }) else {
                return notFound("assignment", path[1])
            }
            return ok(
                withContext(
                    "\(collection)('\(configuration.id)')/assignments/$entity", field.withType(kind, assignment)))
        case ("DELETE", let path) where path.count == 2 && path[0] == "assignments":
            guard let position = configuration.assignments.firstIndex(where: { $0["id"]?.stringValue == path[1] })
            else {
                return notFound("assignment", path[1])
            }
            if configuration.assignments[position]["source"]?.stringValue == "policySets" {
                return badRequest("Assignment '\(path[1])' comes from a policy set; change the policy set instead.")
            }
            tenantState.configurations[index].assignments.remove(at: position)
            return json(204, nil)
        case ("POST", ["assign"]):
            if kind.takesDevices { return assignDevices(profileIndex: index, body: body) }
            // Terms and conditions has no bound `assign` action (assign-endpoints.csv lists none).
            if kind.groupTargetWrites == .createAndDelete {
                return badRequest("Resource not found for the segment 'assign'.")
            }
            return assign(kind, index, body: body)
        case ("POST", let path)
        where path.count == 1 && field.servesDeviceGroups(kind)
            && path[0].hasSuffix("EnrollmentTimeDeviceMembershipTarget"):
            return deviceGroupAction(path[0], index: index, body: body)
        case ("PATCH", []) where kind.isRoleAccess:
            return updateRoleAssignment(index, body: body)
        case ("GET", ["assignedDevices"]) where kind.takesDevices:
            let devices = tenantState.autopilotDevices.filter {
                $0.deploymentProfileId?.lowercased() == configuration.id.lowercased()
            }
            return page(
                devices.map(deviceJSON), query, path: "\(itemPath)/assignedDevices",
                context: context("\(collection)('\(configuration.id)')/assignedDevices"))
        default:
            return error(
                405, "MethodNotAllowed",
                "\(method) is not simulated on \(itemPath)/\(route.joined(separator: "/")).")
        }
    }

    /// A configuration as reads show it now: with the assignments from before a write still inside the read lag.
    func readable(_ configuration: SimulatedTenant.Configuration) -> SimulatedTenant.Configuration {
        guard let assignments = readLag.shown(configuration.id, at: now()) else { return configuration }
        var shown = configuration
        shown.assignments = assignments
        return shown
    }

    /// The tenant's company name, which branding profiles answer as their `displayName`.
    var companyName: String { tenantState.displayName ?? "Contoso" }

    /// The 400 Graph answers for a route it does not serve.
    func noRoute(_ path: String, verb: String = "GET") -> HTTPResponse {
        error(
            400, "No method match route template",
            "No OData route exists that match template ~/singleton/navigation/key/navigation with http verb \(verb) "
                + "for request \(path).")
    }
}
