public import IntuneAssignCore

/// The plan for people at a terminal, in the Terraform manner: one block per configuration that changes — kind,
/// display name, id — with one line per target (`+` add, `-` remove, `~` update, unmarked when kept, `#` inherited
/// or not managed here), the Graph calls that will be made, and one summary line at the end.
public struct PlanTextRenderer: Sendable {
    /// Whether to colour the changes (only on a terminal).
    public var color: Bool

    /// A renderer that colours or not.
    public init(color: Bool) { self.color = color }

    /// The plan for a terminal: every configuration with its changes and calls, then the summary line.
    public func render(_ plan: Plan) -> String {
        let summary = plan.summary
        var out =
            "Tenant \(plan.tenant) at \(plan.graphRoot): \(summary.configurations) "
            + "\(summary.configurations == 1 ? "configuration" : "configurations") read"
        if !plan.targets.isEmpty { out += " (limited to --target \(plan.targets.joined(separator: ", ")))" }
        out += ".\n"
        if let blame = plan.blame, let line = PlanWords.blameStatus(blame) { out += paint(line, Style.dim) + "\n" }
        for configuration in plan.configurations where !configuration.isNoOp {
            out += "\n" + block(configuration, plan)
        }
        if summary.broadRemovals > 0 {
            out +=
                "\n"
                + paint(
                    "Warning: this plan removes \(summary.broadRemovals) All users / All devices "
                        + "\(summary.broadRemovals == 1 ? "assignment" : "assignments").", Style.loud) + "\n"
        }
        if let rules = plan.rules {
            out += "\n" + paint(RuleWords.heading(rules), rules.fails ? Style.loud : Style.bold) + "\n"
            for violation in rules.violations {
                let mark = violation.isManaged || rules.strict ? "✗ " : "! "
                out +=
                    "  " + paint(mark + RuleWords.violation(violation), violation.isManaged ? Style.remove : Style.dim)
                out += "\n"
            }
            for problem in rules.problems { out += "  " + paint("? " + problem, Style.dim) + "\n" }
        }
        if let reach = plan.reach {
            out +=
                "\n" + paint(ReachWords.summary(reach, plan), reach.isAboveLimit(plan) ? Style.loud : Style.dim) + "\n"
        }
        out += "\n" + paint(plan.summaryLine, Style.bold) + "\n"
        return out
    }

    /// One configuration: its heading, its changes, its unmanaged assignments, devices and calls.
    func block(_ configuration: ConfigurationPlan, _ plan: Plan) -> String {
        var out = paint("~", Style.update) + " " + paint(PlanWords.heading(configuration), Style.bold)
        if configuration.mode == .additive { out += " (additive: assignments not in the manifest are kept)" }
        out += "\n"
        for change in configuration.changes {
            out += "    " + line(change, configuration.kind, plan)
            if let reach = plan.reach, let words = ReachWords.change(change, reach) {
                out += paint(" — " + words, Style.dim)
            }
            if let blame = plan.blame, case .read = blame.status, [.add, .remove, .update].contains(change.action) {
                out += paint(" — " + PlanWords.blame(blame.entries[configuration.key], since: blame.since), Style.dim)
            }
            out += "\n"
        }
        for assignment in configuration.unmanaged {
            let unsupported = assignment.isUnsupported(by: configuration.kind)
            out +=
                "    " + paint((unsupported ? "! " : "# ") + PlanWords.unmanaged(assignment, configuration), Style.dim)
            out += "\n"
        }
        let apple = configuration.kind.write.style == .serialNumbers
        for device in configuration.devicesToAdd {
            out +=
                "    " + paint("+", Style.add)
                + (apple ? " serial number \(device)\n" : " Autopilot device \(device)\n")
        }
        if !configuration.devicesNotListed.isEmpty {
            let count = configuration.devicesNotListed.count
            let noun = apple ? "Apple" : "Autopilot"
            out +=
                "    "
                + paint(
                    "# \(count) other \(noun) \(count == 1 ? "device carries" : "devices carry") "
                        + "this profile without being listed; left as they are", Style.dim) + "\n"
        }
        if configuration.defaultProfile {
            out +=
                "    " + marked(configuration.wasDefault ? .unchanged : .add, "the default profile of its Apple token")
            out += "\n"
        }
        if let group = configuration.deviceGroup {
            out += "    " + marked(group.action, PlanWords.deviceGroup(group, plan)) + "\n"
        }
        if let access = configuration.roleAccess {
            for line in RoleAccessWords.lines(access, plan) { out += "    " + marked(line.action, line.words) + "\n" }
            out += "    " + paint("= " + RoleAccessWords.summary(access, plan), Style.dim) + "\n"
        }
        if let members = PlanWords.members(of: configuration, plan) {
            out += "    " + paint("# " + members, Style.dim) + "\n"
        }
        if let reach = plan.reach {
            out += "    " + paint("reach: " + ReachWords.bounds(reach.bounds(configuration)), Style.dim) + "\n"
        }
        for call in configuration.calls {
            out += "    " + paint("→ " + PlanWords.call(call, configuration), Style.dim) + "\n"
        }
        return out
    }

    /// One change, marked `+`, `-`, `~` or `=`, with its reasons; a removal of All users / All devices loudly.
    func line(_ change: PlannedChange, _ kind: Kind, _ plan: Plan) -> String {
        let words = PlanWords.change(change, kind, plan)
        // Reasons quote names and ids from Graph, and a plan file's come from whoever wrote it: one visible line.
        let reasons = PlanWords.reasons(change.reasons)
        switch change.action {
        case .add:
            return paint("+ " + words, Style.add)
        case .remove:
            let text = paint("- " + words, Style.remove)
            guard change.identityTarget.isBroad else { return text }
            return text + "  "
                + paint("<-- REMOVES \(PlanWords.target(change.identityTarget, plan).uppercased())", Style.loud)
        case .update:
            return paint("~ " + words, Style.update) + ": " + reasons
        case .unchanged:
            let note = change.reasons.isEmpty ? "" : " (\(reasons))"
            return "  " + words + paint(note, Style.dim)
        case .inherited:
            return paint("# " + words + " — " + PlanWords.inheritedFrom(change, plan), Style.dim)
        }
    }

    /// A line beside the assignments (a device group, a role assignment's member, scope or tag), marked as a change
    /// of an assignment would be.
    func marked(_ action: PlannedChange.Action, _ words: String) -> String {
        switch action {
        case .add: paint("+ " + words, Style.add)
        case .remove: paint("- " + words, Style.remove)
        case .update: paint("~ " + words, Style.update)
        default: "  " + words
        }
    }

    /// ANSI styles for each action.
    enum Style {
        static let bold = "1", add = "32", remove = "31", update = "33", dim = "2", loud = "1;31"
    }

    /// Text in a style, when colour is on.
    func paint(_ text: String, _ style: String) -> String {
        color && !text.isEmpty ? "\u{1B}[\(style)m\(text)\u{1B}[0m" : text
    }
}

extension PlanTextRenderer {
    /// `kind "Display name" (id)`, as every rendering names a configuration.
    public static func heading(_ configuration: ConfigurationPlan) -> String { PlanWords.heading(configuration) }
}
