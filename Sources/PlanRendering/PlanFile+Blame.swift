import IntuneAssignCore

extension PlanFile {
    /// `blame`: the cut-off, whether the audit log was read, and for each configuration that changes, who changed it
    /// (structured: actor, its type, time, activity, event id), or `null` when no event was found.
    static func encode(_ blame: Blame, _ plan: Plan) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("since", .string(blame.since))]
        switch blame.status {
        case .read(let complete, let pages, let events):
            pairs += [
                ("status", "read"), ("complete", .bool(complete)), ("pages", .int(pages)), ("events", .int(events)),
            ]
        case .unavailable(let reason): pairs += [("status", "unavailable"), ("reason", .string(reason))]
        }
        if case .read = blame.status {
            pairs.append(
                (
                    "configurations",
                    .array(
                        plan.configurations.filter { !$0.isNoOp }.map { configuration in
                            let entry = blame.entries[configuration.key].map { entry -> JSONValue in
                                .object([
                                    ("actor", .string(entry.actor)), ("actor_type", .string(entry.actorType)),
                                    ("ours", .bool(entry.ours)), ("time", .string(entry.time)),
                                    ("activity", .string(entry.activity)),
                                    ("assignment_change", .bool(entry.assignmentChange)),
                                    ("event_id", .string(entry.eventID)),
                                ])
                            }
                            return .object([
                                ("kind", .string(configuration.kind.name)),
                                ("id", .string(configuration.id.description)),
                                ("changed_by", entry ?? .null),
                            ])
                        })
                ))
        }
        return .object(pairs)
    }

    /// The blame a plan file carries, read back so that `show` says who changed what as `plan` did. Blame is a
    /// report, never part of what apply checks: a part that does not read is left out, not an error.
    static func blame(_ value: JSONValue, _ plan: Plan) -> Blame? {
        guard let since = value["since"]?.stringValue, let status = value["status"]?.stringValue else { return nil }
        if status == "unavailable" {
            return .unavailable(since: since, value["reason"]?.stringValue ?? "unknown")
        }
        guard status == "read", case .bool(let complete)? = value["complete"], case .int(let pages)? = value["pages"],
            case .int(let events)? = value["events"]
        else { return nil }
        var entries: [ConfigurationKey: Blame.Entry] = [:]
        let keys = Dictionary(
            plan.configurations.map { ("\($0.kind.name)/\($0.id)", $0.key) }, uniquingKeysWith: { first, _ in first })
        if case .array(let items)? = value["configurations"] {
            for item in items {
                guard let kind = item["kind"]?.stringValue, let id = item["id"]?.stringValue,
                    let key = keys["\(kind)/\(id)"], let by = item["changed_by"],
                    let actor = by["actor"]?.stringValue, let actorType = by["actor_type"]?.stringValue,
                    let time = by["time"]?.stringValue, let activity = by["activity"]?.stringValue,
                    let eventID = by["event_id"]?.stringValue, case .bool(let ours)? = by["ours"],
                    case .bool(let assignmentChange)? = by["assignment_change"]
                else { continue }
                entries[key] = Blame.Entry(
                    eventID: eventID, actor: actor, actorType: actorType, time: time, activity: activity,
                    assignmentChange: assignmentChange, ours: ours)
            }
        }
        return Blame(since: since, status: .read(complete: complete, pages: pages, events: events), entries: entries)
    }
}
