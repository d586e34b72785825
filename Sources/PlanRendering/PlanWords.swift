import IntuneAssignCore

/// The words both human renderings use for configurations, targets, changes and calls.
enum PlanWords {
    /// `deviceConfiguration "Windows - BitLocker" (3b8e…)`.
    static func heading(_ configuration: ConfigurationPlan) -> String {
        "\(configuration.kind.name) \(quoted(configuration.displayName)) (\(configuration.id))"
    }

    /// A name in double quotes, every hidden character shown, so that it stays one visible line (`Printable`).
    static func quoted(_ text: String) -> String { Printable.quoted(text) }

    /// A change's reasons on one visible line, separated by `; `.
    static func reasons(_ reasons: [String]) -> String {
        reasons.map { Printable.line($0, limit: 1_000) }.joined(separator: "; ")
    }

    /// `group "Finance" (7c2e…)`, `All users`, `collection SMS00001`.
    static func target(_ target: ResolvedTarget, _ plan: Plan) -> String {
        target.words(quotedName: plan.name(of: target).map(quoted) ?? "(no such group)")
    }

    /// `filter include "Corporate"`, or the id when the plan does not know the name.
    static func filter(_ filter: ResolvedFilter, _ plan: Plan) -> String {
        "filter \(filter.mode.rawValue) " + (plan.filterName(filter.id).map(quoted) ?? filter.id.description)
    }

    /// A change's target, with intent, filter and properties as they will be (as they were, for a removal).
    static func change(_ change: PlannedChange, _ kind: Kind, _ plan: Plan) -> String {
        let shown = change.after ?? change.before!
        var words = target(shown.target, plan)
        if let intent = shown.intent, kind.intent != nil { words += ", intent \(intent)" }
        if change.action != .update {
            if let filter = shown.filter { words += ", " + self.filter(filter, plan) }
            for key in shown.fields.keys.sorted() where change.action == .add {
                words += ", \(key) \(shown.fields[key]!.canonicalText)"
            }
        }
        if change.action == .add || change.action == .update, let set = change.after?.fromSet {
            words += " (from set \(set))"
        }
        return words
    }

    /// An assignment intune-assign does not manage: a target type it does not know or an exclusion of a virtual
    /// group (kept as it is), or a target the kind does not support (never sent back).
    static func unmanaged(_ assignment: UnmanagedAssignment, _ configuration: ConfigurationPlan) -> String {
        let kind = configuration.kind
        let group = assignment.groupID ?? ""
        if assignment.isUnsupported(by: kind) {
            return "exclude group \(Printable.line(group, limit: 60)): \(kind.name) takes includes only; unsupported "
                + "target, effect unknown"
                + (configuration.replacesSet
                    ? " (not sent back: the assign below drops it)" : " (left as it is: nothing is sent)")
        }
        if let virtual = assignment.virtualGroup {
            return "exclude the virtual \(virtual == .allUsers ? "All users" : "All devices") group \(virtual.id) "
                + "(not managed by intune-assign; kept as it is)"
        }
        return
            "target of type \(Printable.line(assignment.targetType, limit: 100)) (not managed by intune-assign; kept as it is)"
    }

    /// Where an inherited assignment comes from: `from policy set "Windows baseline" (d1c0…), not changed here`, named
    /// where the plan holds the set, and saying so when this plan changes the set (whose own block shows the change,
    /// once).
    static func inheritedFrom(_ change: PlannedChange, _ plan: Plan) -> String {
        guard let id = change.before?.policySet else { return reasons(change.reasons) + ", not changed here" }
        let set = plan.policySet(id)
        var words =
            "from policy set "
            + (set.map { quoted($0.displayName) + " (\(Printable.line(id, limit: 60)))" }
                ?? Printable.line(id, limit: 60))
        words += ", not changed here"
        if let set, !set.isNoOp { words += " (this plan changes the set)" }
        return words
    }

    /// The configurations of the plan that inherit a policy set's assignments: `inherited by configurationPolicy
    /// "BitLocker - Windows" (…)`; `nil` for none (or for a configuration that is no policy set).
    static func members(of set: ConfigurationPlan, _ plan: Plan) -> String? {
        guard set.kind.name == "policySet" else { return nil }
        let id = set.id.description.lowercased()
        let members = plan.configurations.filter { configuration in
            configuration.changes.contains { $0.action == .inherited && $0.before?.policySet?.lowercased() == id }
        }
        guard !members.isEmpty else { return nil }
        let shown = members.prefix(5).map(heading).joined(separator: ", ")
        let more = members.count > 5 ? " and \(members.count - 5) more" : ""
        return "its assignments are inherited by \(shown)\(more) (shown there, changed here)"
    }

    /// A configuration policy's enrollment-time device group, as admins think of it: `devices join group
    /// "Autopilot devices" (…) as they enroll`, with what it was when it changes.
    static func deviceGroup(_ change: DeviceGroupChange, _ plan: Plan) -> String {
        let side = { (group: DeviceGroup) in group.id.map { target(.group($0), plan) } }
        switch change.action {
        case .remove: return "devices join \(side(change.before) ?? "no group") as they enroll (cleared)"
        case .update:
            return "devices join \(side(change.after) ?? "no group") as they enroll, instead of "
                + (side(change.before) ?? "no group")
        default:
            return side(change.after).map { "devices join \($0) as they enroll" } ?? "no enrollment-time device group"
        }
    }

    /// A call as `METHOD path` and what it carries.
    static func call(_ call: PlannedCall, _ configuration: ConfigurationPlan) -> String {
        let request = call.request(kind: configuration.kind, id: configuration.id)
        let what: String
        switch call {
        case .assign(let items): what = " with the full set: \(count(items.count, "assignment"))"
        case .create: what = " (one new assignment)"
        case .delete: what = ""
        case .assignDevices(let devices):
            let noun = configuration.kind.write.style == .serialNumbers ? "serial number" : "device id"
            what = " with \(count(devices.count, noun))"
        case .setDefaultProfile: what = ""
        case .setDeviceGroup(let group): what = " with static security group \(group)"
        case .clearDeviceGroup: what = ""
        case .updateRoleAssignment(let body):
            what =
                body["roleScopeTagIds"] == nil
                ? " with its members and scope" : " with its members, scope and scope tags"
        }
        return "\(request.method) \(request.path)\(what)"
    }

    /// `1 call`, `2 calls`.
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    /// Who made a drifted line's configuration what it is: `changed by admin1@contoso.example (Assign
    /// DeviceCompliancePolicy), 2026-08-03 14:02 UTC`, or `author unknown`.
    static func blame(_ entry: Blame.Entry?, since: String) -> String {
        guard let entry else { return "author unknown (no audit event since \(day(since)))" }
        let who =
            entry.ours
            ? "this plan's own identity (\(Printable.line(entry.actor)))"
            : (entry.actorType == "application" ? "app " : "") + Printable.line(entry.actor)
        let what = entry.activity.isEmpty ? "" : " (\(Printable.line(entry.activity)))"
        let last = entry.assignmentChange ? "changed by " : "last edited (not recognisably its assignments) by "
        return last + who + what + ", " + time(entry.time)
    }

    /// The line a plan with blame starts with, when the audit log was not read or not read to the end.
    static func blameStatus(_ blame: Blame) -> String? {
        switch blame.status {
        case .unavailable(let reason): "Blame unavailable: \(Printable.line(reason))."
        case .read(complete: false, let pages, _):
            "Blame: the audit log was read for \(count(pages, "page")) since \(day(blame.since)) and not to the end; "
                + "older changes may show as author unknown."
        case .read: nil
        }
    }

    /// `2026-08-03 14:02 UTC` of an ISO 8601 time in UTC (as it is when it is not one).
    static func time(_ iso: String) -> String {
        let text = Printable.line(iso)
        guard text.count >= 16, text.dropFirst(10).first == "T" else { return text }
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " UTC"
    }

    /// `2026-11-06` of an ISO 8601 time.
    static func day(_ iso: String) -> String { String(Printable.line(iso).prefix(10)) }
}
