import IntuneAssignCore

extension PlanFile {
    /// `reach`: the counts read, the limit and whether the plan is above it, the plan's bounds and each changing
    /// configuration's. A report, read back for `show`; apply reads the counts again.
    static func encode(_ reach: Reach, _ plan: Plan) -> JSONValue {
        func count(_ count: Reach.Count) -> JSONValue {
            .object([
                ("users", count.users.map(JSONValue.int) ?? .null),
                ("devices", count.devices.map(JSONValue.int) ?? .null),
            ])
        }
        func side(_ side: Reach.Side) -> JSONValue {
            .object([("users", .int(side.users)), ("devices", .int(side.devices)), ("uncounted", .int(side.uncounted))])
        }
        func bounds(_ bounds: Reach.Bounds) -> [(key: String, value: JSONValue)] {
            [("newly", side(bounds.newly)), ("stops", side(bounds.stops))]
        }
        let counts = reach.counts
        var pairs: [(key: String, value: JSONValue)] = [
            ("limit", reach.limit.map(JSONValue.int) ?? .null), ("above_limit", .bool(reach.isAboveLimit(plan))),
        ]
        pairs += bounds(reach.bounds(plan))
        pairs.append(("problems", .array(counts.problems.map(JSONValue.string))))
        pairs.append(
            (
                "counts",
                .object([
                    (
                        "groups",
                        .object(counts.groups.sorted { $0.key < $1.key }.map { ($0.key.description, count($0.value)) })
                    ),
                    ("all_users", counts.allUsers.map(JSONValue.int) ?? .null),
                    ("all_devices", counts.allDevices.map(JSONValue.int) ?? .null),
                    (
                        "filters",
                        .object(counts.filters.sorted { $0.key < $1.key }.map { ($0.key.description, .int($0.value)) })
                    ),
                ])
            ))
        pairs.append(
            (
                "configurations",
                .array(
                    plan.configurations.filter { !$0.isNoOp }.map { configuration in
                        .object(
                            [("kind", .string(configuration.kind.name)), ("id", .string(configuration.id.description))]
                                + bounds(reach.bounds(configuration)))
                    })
            ))
        return .object(pairs)
    }

    /// The reach a plan file carries, read back leniently (a part that does not read is left out).
    static func reach(_ value: JSONValue) -> Reach? {
        guard let counts = value["counts"] else { return nil }
        func count(_ value: JSONValue?) -> Reach.Count {
            Reach.Count(users: value?["users"]?.intValue, devices: value?["devices"]?.intValue)
        }
        var read = Reach.Counts(allUsers: counts["all_users"]?.intValue, allDevices: counts["all_devices"]?.intValue)
        if case .object(let groups)? = counts["groups"] {
            for (key, value) in groups { if let id = GUID(key) { read.groups[id] = count(value) } }
        }
        if case .object(let filters)? = counts["filters"] {
            for (key, value) in filters {
                if let id = GUID(key), let matches = value.intValue { read.filters[id] = matches }
            }
        }
        if case .array(let problems)? = value["problems"] { read.problems = problems.compactMap(\.stringValue) }
        return Reach(counts: read, limit: value["limit"]?.intValue)
    }
}
