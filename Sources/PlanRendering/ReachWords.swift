import IntuneAssignCore

/// How reach is said, in every format: one place for the words, so that text, markdown and the pull-request
/// comment say the same.
enum ReachWords {
    /// `1,234`.
    static func number(_ value: Int) -> String {
        var digits = String(value.magnitude)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (value < 0 ? "-" : "") + digits + out
    }

    /// `1,234 users`.
    static func counted(_ value: Int, _ noun: String) -> String { "\(number(value)) \(noun)\(value == 1 ? "" : "s")" }

    /// `40 users and 12 devices`, leaving out a side that is zero, and saying so of a side not read.
    static func count(_ count: Reach.Count) -> String {
        switch (count.users, count.devices) {
        case (0?, 0?): return "no one"
        case (let users?, 0?): return counted(users, "user")
        case (0?, let devices?): return counted(devices, "device")
        case (let users?, let devices?): return counted(users, "user") + " and " + counted(devices, "device")
        case (let users?, nil): return counted(users, "user") + " (devices unknown)"
        case (nil, let devices?): return counted(devices, "device") + " (users unknown)"
        case (nil, nil): return "an unknown number of users and devices"
        }
    }

    /// What one change reaches, for the end of its line: ` — reaches 40 users and 12 devices`; `nil` for kept ones.
    static func change(_ change: PlannedChange, _ reach: Reach) -> String? {
        guard [.add, .remove, .update].contains(change.action), let assignment = change.after ?? change.before
        else { return nil }
        if case .collection = assignment.target {
            return "reach not counted (a Configuration Manager collection)"
        }
        var text = "reaches " + count(reach.count(assignment))
        if let filter = assignment.filter, reach.counts.filters[filter.id] == nil, filter.mode == .include {
            text += ", filter not evaluated"
        }
        return text
    }

    /// A sum: `at most 40 users and 12 devices`, and the targets not counted.
    static func side(_ side: Reach.Side) -> String {
        var parts: [String] = []
        if side.users > 0 || side.devices > 0 {
            parts.append("at most " + count(Reach.Count(users: side.users, devices: side.devices)))
        }
        if side.uncounted > 0 { parts.append(counted(side.uncounted, "target") + " not counted") }
        return parts.joined(separator: ", and ")
    }

    /// One configuration's or the plan's bounds: `newly reaches at most 40 users; stops reaching at most 5 devices`.
    static func bounds(_ bounds: Reach.Bounds) -> String {
        var parts: [String] = []
        if !bounds.newly.isEmpty { parts.append("newly reaches " + side(bounds.newly)) }
        if !bounds.stops.isEmpty { parts.append("stops reaching " + side(bounds.stops)) }
        return parts.isEmpty ? "reaches no one new and no one less" : parts.joined(separator: "; ")
    }

    /// The plan's reach line: its bounds, the limit and whether the plan is above it, and what could not be read.
    static func summary(_ reach: Reach, _ plan: Plan) -> String {
        let bounds = reach.bounds(plan)
        var line = "Reach: " + self.bounds(bounds) + "."
        if let limit = reach.limit {
            if reach.isAboveLimit(plan) {
                line +=
                    bounds.largest == nil
                    ? " The limit is \(number(limit)), and not every target is counted: apply refuses it without "
                        + "--allow-reach."
                    : " Above the limit of \(number(limit)): apply refuses it without --allow-reach."
            } else {
                line += " Within the limit of \(number(limit))."
            }
        }
        if !reach.counts.problems.isEmpty {
            line += " Reach unavailable in part: " + reach.counts.problems.joined(separator: "; ") + "."
        }
        return line
    }
}
