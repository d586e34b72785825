public import IntuneAssignCore

/// The plan as versioned JSON (`schemas/plan.schema.json`): what `plan --format json` prints, what `plan --out`
/// saves and what `show` and `apply` read back. It holds ids, display names, assignments and digests — never a
/// token or a secret.
public enum PlanFile {
    /// Why a file is not a plan this version can read.
    public struct ReadError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong with the file, in one line.
        public let description: String
        /// An error saying `description`.
        init(_ description: String) { self.description = description }
    }

    /// The plan as one JSON value (the same text `write` hands over piece by piece).
    public static func encode(_ plan: Plan) -> JSONValue {
        .object(header(plan) + [("configurations", .array(plan.configurations.map { encode($0, plan) }))])
    }

    /// The same text as `encode(plan).serialized(pretty: true)`, handed over one configuration at a time, so that
    /// a plan of thousands of configurations never exists as one JSON tree or one string.
    public static func write(_ plan: Plan, to emit: (String) throws -> Void) rethrows {
        try emit("{\n")
        for pair in header(plan) {
            try emit(
                "  " + JSONValue.string(pair.key).serialized() + ": " + pair.value.serialized(prettyAtLevel: 1) + ",\n")
        }
        guard !plan.configurations.isEmpty else { return try emit("  \"configurations\": []\n}") }
        try emit("  \"configurations\": [\n")
        for (index, configuration) in plan.configurations.enumerated() {
            let separator = index == plan.configurations.count - 1 ? "\n" : ",\n"
            try emit("    " + encode(configuration, plan).serialized(prettyAtLevel: 2) + separator)
        }
        try emit("  ]\n}")
    }

    /// The plan's fields before its configurations, in file order.
    static func header(_ plan: Plan) -> [(key: String, value: JSONValue)] {
        let summary = plan.summary
        return [
            ("format_version", .int(Plan.formatVersion)),
            ("tenant", .string(plan.tenant.description)),
            ("graph_root", .string(plan.graphRoot)),
            ("manifest_digest", .string(plan.manifestDigest)),
            ("targets", .array(plan.targets.map(JSONValue.string))),
            (
                "summary",
                [
                    "configurations": .int(summary.configurations), "to_change": .int(summary.toChange),
                    "add": .int(summary.add),
                    "update": .int(summary.update), "remove": .int(summary.remove), "calls": .int(summary.calls),
                    "removes_all_users_or_all_devices": .int(summary.broadRemovals),
                    "inherited": .int(summary.inherited),
                    "text": .string(plan.summaryLine),
                ]
            ),
            ("groups", names(plan.groupNames)),
            ("filters", names(plan.filterNames)),
        ] + (plan.blame.map { [("blame", encode($0, plan))] } ?? [])
            + (plan.reach.map { [("reach", encode($0, plan))] } ?? [])
            + (plan.rules.map { [("rules", encode($0))] } ?? [])
    }

    /// Names by id, ids in order, so that the file is the same for the same plan.
    static func names(_ names: [GUID: String]) -> JSONValue {
        .object(names.keys.sorted().map { ($0.description, .string(names[$0]!)) })
    }

    /// One configuration: what it holds before and after, its changes and its exact calls.
    static func encode(_ configuration: ConfigurationPlan, _ plan: Plan) -> JSONValue {
        let kind = configuration.kind
        let before =
            configuration.changes.compactMap(\.before).map { assignment($0, kind) }
            + configuration.unmanaged.map(\.graph)
        let after =
            configuration.changes.compactMap(\.after).map { assignment($0, kind) }
            + configuration.unmanagedAfter.map(\.graph)
        var pairs: [(key: String, value: JSONValue)] = [
            ("kind", .string(kind.name)),
            ("id", .string(configuration.id.description)),
            ("display_name", .string(configuration.displayName)),
            ("mode", .string(configuration.mode.rawValue)),
            ("action", .string(configuration.isNoOp ? "no-op" : "update")),
            ("fingerprint", .string(configuration.fingerprint)),
            ("before", .array(before)),
            ("after", .array(after)),
            ("changes", .array(configuration.changes.map { change($0, kind, plan) })),
        ]
        if !configuration.unmanaged.isEmpty {
            pairs.append(("unmanaged", .array(configuration.unmanaged.map(\.graph))))
        }
        if configuration.devicesRead {
            pairs.append(
                (
                    "devices",
                    [
                        "to_add": .array(configuration.devicesToAdd.map { .string($0.description) }),
                        "not_listed": .array(configuration.devicesNotListed.map { .string($0.description) }),
                    ]
                ))
        }
        pairs += encodeParts(configuration, plan)
        pairs.append(
            (
                "calls",
                .array(
                    configuration.calls.map { call in
                        let request = call.request(kind: kind, id: configuration.id)
                        var fields: [(key: String, value: JSONValue)] = [
                            ("method", .string(request.method)), ("path", .string(request.path)),
                        ]
                        if let body = call.body(kind: kind) { fields.append(("body", body)) }
                        return .object(fields)
                    })
            ))
        return .object(pairs)
    }

    /// One change, with its target's type, id and name.
    static func change(_ change: PlannedChange, _ kind: Kind, _ plan: Plan) -> JSONValue {
        let target = change.identityTarget
        var targetPairs: [(key: String, value: JSONValue)] = [("type", .string(target.type.manifestKey))]
        if let object = target.objectText { targetPairs.append(("id", .string(object))) }
        if let name = plan.name(of: target) { targetPairs.append(("name", .string(name))) }
        var pairs: [(key: String, value: JSONValue)] = [
            ("action", .string(change.action.rawValue)),
            ("target", .object(targetPairs)),
            ("before", change.before.map { assignment($0, kind) } ?? .null),
            ("after", change.after.map { assignment($0, kind) } ?? .null),
            ("reasons", .array(change.reasons.map(JSONValue.string))),
        ]
        // The manifests' assignment set the wanted assignment comes from, for reviewers (never sent).
        if let set = change.after?.fromSet { pairs.append(("set", .string(set))) }
        return .object(pairs)
    }

    /// An assignment in Graph's shape, with the id and policy-set source it was read with.
    static func assignment(_ assignment: PlannedAssignment, _ kind: Kind) -> JSONValue {
        guard case .object(var pairs) = assignment.graphBody(kind) else { return .null }
        if let id = assignment.graphID { pairs.insert(("id", .string(id)), at: 1) }
        if let policySet = assignment.policySet {
            pairs.append(("source", "policySets"))
            pairs.append(("sourceId", .string(policySet)))
        }
        return .object(pairs)
    }

    // MARK: - Reading

    /// Reads a plan file; refuses another format version and anything that is not a complete plan.
    public static func decode(_ bytes: [UInt8]) throws(ReadError) -> Plan {
        let root: JSONValue
        do { root = try JSONValue.parse(bytes) } catch { throw ReadError("not a plan file: it is not JSON") }
        guard case .int(let version)? = root["format_version"] else {
            throw ReadError("not a plan file: it has no `format_version`")
        }
        guard version == Plan.formatVersion else {
            throw ReadError(
                "the plan has format version \(version); this intune-assign reads version \(Plan.formatVersion): "
                    + "make the plan again with this version")
        }
        guard let tenant = root["tenant"]?.stringValue.flatMap(GUID.init),
            let graphRoot = root["graph_root"]?.stringValue,
            let digest = root["manifest_digest"]?.stringValue, case .array(let configurations)? = root["configurations"]
        else {
            throw ReadError(
                "the plan file is incomplete: `tenant`, `graph_root`, `manifest_digest` or `configurations` is missing")
        }
        var plan = Plan(
            tenant: tenant, graphRoot: graphRoot, manifestDigest: digest, configurations: [],
            groupNames: try names(root["groups"]), filterNames: try names(root["filters"]),
            targets: root["targets"].flatMap(strings) ?? [])
        // A configuration listed twice would be written twice; a plan never lists one twice.
        var seen: [ConfigurationKey: Int] = [:]
        for (index, value) in configurations.enumerated() {
            let configuration = try configuration(value, at: index)
            let key = ConfigurationKey(kind: configuration.kind, id: configuration.id)
            if let first = seen[key] {
                throw ReadError(
                    "configurations[\(index)] is \(key) again (first at configurations[\(first)]); a plan lists each "
                        + "configuration once, so the file was edited; make the plan again")
            }
            seen[key] = index
            plan.configurations.append(configuration)
        }
        plan.blame = root["blame"].flatMap { blame($0, plan) }
        plan.reach = root["reach"].flatMap(reach)
        return plan
    }

    /// A list of strings; `nil` if anything in it is not a string.
    static func strings(_ value: JSONValue) -> [String]? {
        guard case .array(let values) = value else { return nil }
        let texts = values.compactMap(\.stringValue)
        return texts.count == values.count ? texts : nil
    }

    /// The plan's names by id; an entry that is not a string or whose key is not an id is an error.
    static func names(_ value: JSONValue?) throws(ReadError) -> [GUID: String] {
        guard case .object(let pairs)? = value else { return [:] }
        var result: [GUID: String] = [:]
        for pair in pairs {
            guard let name = pair.value.stringValue else {
                throw ReadError("the plan's name of \(pair.key) is not a string")
            }
            guard let id = GUID(pair.key) else {
                throw ReadError("the plan names \(pair.key), which is not an object id")
            }
            result[id] = name
        }
        return result
    }

    /// One configuration read back; its calls are checked against its kind and id.
    static func configuration(_ value: JSONValue, at index: Int) throws(ReadError) -> ConfigurationPlan {
        let place = "configurations[\(index)]"
        guard let kindName = value["kind"]?.stringValue, let kind = Kinds.named(kindName) else {
            throw ReadError("\(place) has no known `kind`")
        }
        guard let idText = value["id"]?.stringValue, let id = ConfigurationID(idText, form: kind.idForm) else {
            throw ReadError("\(place) has no valid \(kind.name) `id`")
        }
        guard let modeText = value["mode"]?.stringValue, let mode = ConfigurationMode(rawValue: modeText) else {
            throw ReadError("\(place) has no valid `mode`")
        }
        guard case .array(let changeValues)? = value["changes"], case .array(let callValues)? = value["calls"] else {
            throw ReadError("\(place) lacks `changes` or `calls`")
        }
        var changes: [PlannedChange] = []
        for (offset, changeValue) in changeValues.enumerated() {
            let at = "\(place).changes[\(offset)]"
            guard let actionText = changeValue["action"]?.stringValue,
                let action = PlannedChange.Action(rawValue: actionText)
            else {
                throw ReadError("\(at) has no valid `action`")
            }
            let before = try side(changeValue["before"], kind, at + ".before")
            var after = try side(changeValue["after"], kind, at + ".after")
            after?.fromSet = changeValue["set"]?.stringValue
            guard before != nil || after != nil else { throw ReadError("\(at) has neither `before` nor `after`") }
            changes.append(
                PlannedChange(
                    action: action, before: before, after: after,
                    reasons: changeValue["reasons"].flatMap(strings) ?? []))
        }
        var calls: [PlannedCall] = []
        for (offset, callValue) in callValues.enumerated() {
            calls.append(try call(callValue, kind: kind, id: id, at: "\(place).calls[\(offset)]"))
        }
        /// The device ids listed under `devices.key`.
        func guids(_ key: String) -> [DeviceID] {
            (value["devices"]?[key]).flatMap(strings)?.compactMap { DeviceID(text: $0) } ?? []
        }
        var unmanaged: [UnmanagedAssignment] = []
        if case .array(let values)? = value["unmanaged"] { unmanaged = values.map(UnmanagedAssignment.init(graph:)) }
        var plan = ConfigurationPlan(
            kind: kind, id: id, displayName: value["display_name"]?.stringValue ?? "",
            fingerprint: value["fingerprint"]?.stringValue ?? "", mode: mode, changes: changes, unmanaged: unmanaged,
            devicesToAdd: guids("to_add"), devicesNotListed: guids("not_listed"), devicesRead: value["devices"] != nil,
            calls: calls)
        try decodeParts(value, into: &plan, at: place)
        // The calls are what apply sends; the changes are what people reviewed and what the guards count. A file
        // whose calls are not the changes' own was edited, and is refused before anything is sent.
        guard plan.callsMatchChanges else {
            throw ReadError(
                "\(place) (\(kind.name) \(id)): its calls are not the ones its changes call for, so the file was "
                    + "edited after planning; make the plan again")
        }
        return plan
    }

    /// One side of a change, which must be an assignment intune-assign understands.
    static func side(_ value: JSONValue?, _ kind: Kind, _ at: String) throws(ReadError) -> PlannedAssignment? {
        guard let value, value != .null else { return nil }
        guard let assignment = PlannedAssignment(graph: value, kind: kind) else {
            throw ReadError("\(at) is not an assignment intune-assign understands")
        }
        return assignment
    }

    /// A call, checked against what the plan's own kind and id allow: a plan file cannot send a request elsewhere.
    static func call(_ value: JSONValue, kind: Kind, id: ConfigurationID, at: String) throws(ReadError) -> PlannedCall {
        guard let method = value["method"]?.stringValue, let path = value["path"]?.stringValue else {
            throw ReadError("\(at) lacks `method` or `path`")
        }
        let base = kind.itemPath(id)
        switch (method, path) {
        case ("POST", base + "/assign"):
            guard case .array(let items)? = value["body"]?[kind.assignBodyKey] else {
                throw ReadError("\(at): the body has no `\(kind.assignBodyKey)` list")
            }
            if kind.takesDevices {
                let devices = items.compactMap { $0.stringValue.flatMap { DeviceID(text: $0) } }
                guard devices.count == items.count else { throw ReadError("\(at): device ids must be device ids") }
                return .assignDevices(devices)
            }
            return .assign(items)
        case ("POST", base + "/assignments"):
            guard let body = value["body"], case .object = body else {
                throw ReadError("\(at): the body must be an assignment")
            }
            return .create(body)
        case ("DELETE", _) where path.hasPrefix(base + "/assignments/"):
            let assignment = String(path.dropFirst(base.count + "/assignments/".count))
            guard !assignment.isEmpty,
                assignment.unicodeScalars.allSatisfy({
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
                })
            else { throw ReadError("\(at): not an assignment id: \(assignment)") }
            return .delete(assignment)
        case ("POST", base + "/setEnrollmentTimeDeviceMembershipTarget") where kind.takesDeviceGroup:
            let targets = value["body"]?["enrollmentTimeDeviceMembershipTargets"]
            guard case .array(let items)? = targets, items.count == 1,
                items[0]["targetType"]?.stringValue == "staticSecurityGroup",
                let group = items[0]["targetId"]?.stringValue.flatMap(GUID.init)
            else {
                throw ReadError("\(at): the body must name one static security group")
            }
            return .setDeviceGroup(group)
        case ("POST", base + "/clearEnrollmentTimeDeviceMembershipTarget") where kind.takesDeviceGroup:
            return .clearDeviceGroup
        case ("POST", base + "/updateDeviceProfileAssignment") where kind.write.style == .serialNumbers:
            guard case .array(let items)? = value["body"]?["deviceIds"] else {
                throw ReadError("\(at): the body has no `deviceIds` list")
            }
            let serials = items.compactMap { $0.stringValue.flatMap { DeviceID(serial: $0) } }
            guard serials.count == items.count else { throw ReadError("\(at): device ids must be serial numbers") }
            return .assignDevices(serials)
        case ("POST", base + "/setDefaultProfile") where kind.write.style == .serialNumbers:
            return .setDefaultProfile
        case ("PATCH", base) where kind.isRoleAccess:
            guard let body = value["body"], case .object = body, RoleAccess(graph: body) != nil else {
                throw ReadError("\(at): the body must be a role assignment's members, scope and scope tags")
            }
            return .updateRoleAssignment(body)
        default:
            throw ReadError("\(at): \(method) \(path) is not a call a plan for \(kind.name) \(id) can make")
        }
    }
}
