public import IntuneAssignCore

/// The plan as a pull-request comment (GitHub-flavoured markdown): the verdict first, removals called out, a table
/// of the configurations that change, and each one's details in a collapsible section with a `diff` block.
public struct PlanMarkdownRenderer: Sendable {
    /// The most a rendering may hold, in UTF-8 bytes (GitHub's comment limit is 65,536 characters; bytes are never
    /// fewer). Past it, a shorter summary points to the plan file.
    public var limit: Int

    /// A renderer whose output stays within `limit` bytes (a pull-request comment holds 65,536).
    public init(limit: Int = 65_536) { self.limit = limit }

    /// The plan as markdown: in full when it fits, otherwise a summary that points at the plan file.
    public func render(_ plan: Plan) -> String {
        let full = renderFull(plan)
        guard full.utf8.count > limit else { return full }
        return renderShort(plan, fullSize: full.utf8.count)
    }

    /// The verdict, removals and the table, each cut to what fits, and a note that the details are in the plan file.
    func renderShort(_ plan: Plan, fullSize: Int) -> String {
        let note =
            "\n> [!NOTE]\n> The whole plan (\(fullSize) bytes) is longer than a pull-request comment can hold; "
            + "it is in the plan file saved with `plan --out` (the pipeline's plan artifact), and `intune-assign show "
            + "PLANFILE` prints it.\n"
        var out = "### intune-assign plan\n\n" + reachLead(plan) + "**\(escape(plan.summaryLine))**\n\n"
        let budget = limit - note.utf8.count
        // Removals may take half of what is left, so that the table always shows too.
        var ceiling = budget - 40
        /// Appends a line if it still fits under the ceiling; says whether it did.
        func add(_ line: String) -> Bool {
            guard out.utf8.count + line.utf8.count <= ceiling else { return false }
            out += line
            return true
        }
        let changed = plan.configurations.filter { !$0.isNoOp }
        let removals = plan.removals
        let broad = plan.broadRemovals
        if !broad.isEmpty {
            _ = add("> [!CAUTION]\n> This plan removes **All users / All devices** assignments: \(broad.count).\n\n")
        }
        ceiling = out.utf8.count + (budget - 40 - out.utf8.count) / 2
        if !removals.isEmpty, add("**Removals (\(removals.count))**\n\n") {
            var shown = 0
            for (configuration, change) in removals {
                let line =
                    "- `-` \(escape(PlanWords.change(change, configuration.kind, plan))) from "
                    + "\(escape(PlanWords.heading(configuration)))\n"
                guard add(line) else { break }
                shown += 1
            }
            if shown < removals.count { out += "- … and \(removals.count - shown) more\n" }
            out += "\n"
        }
        ceiling = budget - 40
        if add("| Configuration | Kind | Add | Update | Remove | Calls |\n|---|---|--:|--:|--:|--:|\n") {
            var shown = 0
            for configuration in changed {
                guard add(row(configuration)) else { break }
                shown += 1
            }
            if shown < changed.count { out += "| … and \(changed.count - shown) more | | | | | |\n" }
        }
        return out + note
    }

    /// Broken rules and a plan above its reach limit lead, before anything else a reviewer reads.
    func reachLead(_ plan: Plan) -> String {
        var out = ""
        if let rules = plan.rules, !rules.violations.isEmpty {
            out += "> [!\(rules.fails ? "CAUTION" : "WARNING")]\n> **\(escape(RuleWords.heading(rules)))**\n"
            for violation in rules.violations.prefix(50) { out += "> - \(escape(RuleWords.violation(violation)))\n" }
            if rules.violations.count > 50 { out += "> - … and \(rules.violations.count - 50) more\n" }
            out += "\n"
        }
        guard let reach = plan.reach, reach.isAboveLimit(plan) else { return out }
        return out + "> [!WARNING]\n> **Above the reach limit.** \(escape(ReachWords.summary(reach, plan)))\n\n"
    }

    /// One table row: a changed configuration and its counts.
    func row(_ configuration: ConfigurationPlan) -> String {
        let lines = configuration.lineCounts
        return "| \(escape(configuration.displayName)) | \(configuration.kind.name) | \(lines.add) | \(lines.update) | "
            + "\(lines.remove) | \(configuration.calls.count) |\n"
    }

    /// Every change of every configuration, for plans that fit in one comment.
    func renderFull(_ plan: Plan) -> String {
        let summary = plan.summary
        var out = "### intune-assign plan\n\n" + reachLead(plan) + "**\(escape(plan.summaryLine))**\n\n"
        if let reach = plan.reach, !reach.isAboveLimit(plan) {
            out += "_\(escape(ReachWords.summary(reach, plan)))_\n\n"
        }
        guard summary.hasChanges else {
            return out + "Tenant `\(plan.tenant)`: \(PlanWords.count(summary.configurations, "configuration")) read.\n"
        }
        let changed = plan.configurations.filter { !$0.isNoOp }
        if let blame = plan.blame, let line = PlanWords.blameStatus(blame) { out += "_\(escape(line))_\n\n" }

        let removals = plan.removals
        if !removals.isEmpty {
            let broad = plan.broadRemovals
            if !broad.isEmpty {
                out += "> [!CAUTION]\n> This plan removes **All users / All devices** assignments:\n"
                for (configuration, change) in broad {
                    out +=
                        "> - \(escape(PlanWords.target(change.identityTarget, plan))) from \(escape(PlanWords.heading(configuration)))\n"
                }
                out += "\n"
            }
            out += "**Removals (\(removals.count))**\n\n"
            for (configuration, change) in removals {
                out +=
                    "- `-` \(escape(PlanWords.change(change, configuration.kind, plan))) from \(escape(PlanWords.heading(configuration)))\n"
            }
            out += "\n"
        }

        out += "| Configuration | Kind | Add | Update | Remove | Calls |\n|---|---|--:|--:|--:|--:|\n"
        for configuration in changed { out += row(configuration) }
        out += "\n"

        let text = PlanTextRenderer(color: false)
        // Configurations that change the same way (one set edited, used by 300 policies) share one block.
        let keys = changed.map { sameWay($0, plan, text) }
        var groups: [[String]: [ConfigurationPlan]] = [:]
        for (configuration, key) in zip(changed, keys) { groups[key, default: []].append(configuration) }
        var shown = Set<[String]>()
        for (configuration, key) in zip(changed, keys) {
            guard let group = groups[key], group.count > 1 else {
                out += details(configuration, plan, text)
                continue
            }
            guard shown.insert(key).inserted else { continue }
            out += "<details><summary>\(group.count) configurations change the same way</summary>\n\n"
            for member in group { out += "- \(escape(PlanWords.heading(member)))\n" }
            out += "\n" + fenced(key.joined(separator: "\n"), language: "diff") + "\n</details>\n\n"
        }
        out +=
            "Tenant `\(plan.tenant)`, \(PlanWords.count(summary.configurations, "configuration")) read, "
            + "\(summary.configurations - summary.toChange) unchanged.\n"
        return out
    }

    /// How a configuration changes, in the plan's own lines, without what stays and without its calls (which name
    /// the configuration): equal for configurations that change the same way. Empty when only devices change.
    func sameWay(_ configuration: ConfigurationPlan, _ plan: Plan, _ text: PlanTextRenderer) -> [String] {
        guard configuration.devicesToAdd.isEmpty, !configuration.defaultProfile else {
            return [configuration.id.description]
        }
        let group = configuration.deviceGroup.flatMap {
            $0.changes ? text.marked($0.action, PlanWords.deviceGroup($0, plan)) : nil
        }
        let access = configuration.roleAccess.map { change in
            RoleAccessWords.lines(change, plan).filter { $0.action != .unchanged }.map {
                text.marked($0.action, $0.words)
            }
        }
        return configuration.changes.filter { [.add, .remove, .update].contains($0.action) }
            .map { text.line($0, configuration.kind, plan) } + (group.map { [$0] } ?? []) + (access ?? [])
    }

    /// One configuration's block: its heading, and its changes and calls as a diff.
    func details(_ configuration: ConfigurationPlan, _ plan: Plan, _ text: PlanTextRenderer) -> String {
        var lines = text.block(configuration, plan).split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst()
            .map { String($0.dropFirst(4)) }
        while lines.last == "" { lines.removeLast() }
        return "<details><summary>\(escape(PlanWords.heading(configuration)))</summary>\n\n"
            + fenced(lines.joined(separator: "\n"), language: "diff") + "\n</details>\n\n"
    }

    /// Text safe inside markdown and HTML: no tags, no table breaks, no emphasis or links by accident.
    func escape(_ text: String) -> String {
        var out = ""
        // Hidden characters shown first; then markdown's own, and mentions and bare links defused, so that a name
        // from Graph can neither notify people nor become a link in the pull request.
        let visible = Printable.line(text, limit: 1_000)
            .replacing("://", with: ":&#47;&#47;").replacing("www.", with: "www&#46;")
        for character in visible {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "&#124;"
            case "\\", "`", "*", "_", "[", "]", "#", "~": out += "\\" + String(character)
            case "@": out += "&#64;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A code block whose fence is longer than any run of backticks inside it.
    func fenced(_ text: String, language: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(language)\n\(text)\n\(fence)"
    }
}
