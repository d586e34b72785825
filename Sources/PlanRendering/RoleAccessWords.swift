import IntuneAssignCore

/// A role assignment in a plan, worded as admin access: who may manage whom, not what devices get.
enum RoleAccessWords {
    /// The access it gives once the plan is applied: `members of group "Helpdesk EMEA" (…) may manage the users and
    /// devices in group "EMEA staff" (…) as "Help Desk Operator", seeing scope tags 0, 3`.
    static func summary(_ change: RoleAccessChange, _ plan: Plan) -> String {
        let access = change.after
        let who =
            access.members.isEmpty
            ? "no one (no member group)"
            : "members of " + access.members.map { group($0, plan) }.joined(separator: ", ")
        var words = who + " may manage " + scope(access.scope, plan) + " as " + PlanWords.quoted(change.role)
        if let tags = access.scopeTags, !tags.isEmpty { words += ", seeing scope tags " + tags.joined(separator: ", ") }
        return words
    }

    /// Whom a scope covers, in words.
    static func scope(_ scope: RoleAccess.Scope, _ plan: Plan) -> String {
        switch scope {
        case .groups(let ids) where ids.isEmpty: "no one (no scope group)"
        case .groups(let ids): "the users and devices in " + ids.map { group($0, plan) }.joined(separator: ", ")
        case .allUsers: "all users"
        case .allDevices: "all devices"
        case .allUsersAndDevices: "all users and all devices"
        }
    }

    /// A group, named where the plan knows it.
    static func group(_ id: GUID, _ plan: Plan) -> String { PlanWords.target(.group(id), plan) }

    /// The lines of a role assignment's block, each with what happens to it (`unchanged` for what stays).
    static func lines(_ change: RoleAccessChange, _ plan: Plan) -> [(action: PlannedChange.Action, words: String)] {
        var lines: [(action: PlannedChange.Action, words: String)] = []
        let members = change.members
        for id in members.kept { lines.append((.unchanged, "members of \(group(id, plan)) may manage its scope")) }
        for id in members.added { lines.append((.add, "members of \(group(id, plan)) may manage its scope")) }
        for id in members.removed {
            lines.append((.remove, "members of \(group(id, plan)) may no longer manage its scope"))
        }
        if change.scopeTypeChanges {
            lines.append(
                (.update, "scope: " + scope(change.before.scope, plan) + " → " + scope(change.after.scope, plan)))
        } else {
            let groups = change.scopeGroups
            for id in groups.kept { lines.append((.unchanged, "scope: the users and devices in \(group(id, plan))")) }
            for id in groups.added { lines.append((.add, "scope: the users and devices in \(group(id, plan))")) }
            for id in groups.removed { lines.append((.remove, "scope: the users and devices in \(group(id, plan))")) }
            if groups.kept.isEmpty, groups.added.isEmpty, groups.removed.isEmpty {
                lines.append((.unchanged, "scope: " + scope(change.after.scope, plan)))
            }
        }
        let tags = change.scopeTags
        for tag in tags.added { lines.append((.add, "scope tag \(tag)")) }
        for tag in tags.removed { lines.append((.remove, "scope tag \(tag)")) }
        return lines
    }
}
