public import IntuneAssignCore

/// The plan as a pull-request comment (GitHub-flavoured markdown): the verdict first, removals called out, a table
/// of the configurations that change, and each one's details in a collapsible section with a `diff` block.
public struct PlanMarkdownRenderer: Sendable {
    public init() {}

    public func render(_ plan: Plan) -> String {
        let summary = plan.summary
        var out = "### intune-assign plan\n\n**\(escape(plan.summaryLine))**\n\n"
        guard summary.hasChanges else {
            return out + "Tenant `\(plan.tenant)`: \(PlanWords.count(summary.configurations, "configuration")) read.\n"
        }
        let changed = plan.configurations.filter { !$0.isNoOp }

        let removals = changed.flatMap { configuration in
            configuration.changes.filter { $0.action == .remove }.map { (configuration, $0) }
        }
        if !removals.isEmpty {
            let broad = removals.filter { $0.1.identityTarget.isBroad }
            if !broad.isEmpty {
                out += "> [!CAUTION]\n> This plan removes **All users / All devices** assignments:\n"
                for (configuration, change) in broad {
                    out += "> - \(escape(PlanWords.target(change.identityTarget, plan))) from \(escape(PlanWords.heading(configuration)))\n"
                }
                out += "\n"
            }
            out += "**Removals (\(removals.count))**\n\n"
            for (configuration, change) in removals {
                out += "- `-` \(escape(PlanWords.change(change, configuration.kind, plan))) from \(escape(PlanWords.heading(configuration)))\n"
            }
            out += "\n"
        }

        out += "| Configuration | Kind | Add | Update | Remove | Calls |\n|---|---|--:|--:|--:|--:|\n"
        for configuration in changed {
            out += "| \(escape(configuration.displayName)) | \(configuration.kind.name) | "
                + "\(configuration.count(.add) + configuration.devicesToAdd.count) | \(configuration.count(.update)) | "
                + "\(configuration.count(.remove)) | \(configuration.calls.count) |\n"
        }
        out += "\n"

        let text = PlanTextRenderer(color: false)
        for configuration in changed {
            out += "<details><summary>\(escape(PlanWords.heading(configuration)))</summary>\n\n"
            var lines = text.block(configuration, plan).split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
                .map { String($0.dropFirst(4)) }
            while lines.last == "" { lines.removeLast() }
            out += fenced(lines.joined(separator: "\n"), language: "diff") + "\n</details>\n\n"
        }
        out += "Tenant `\(plan.tenant)`, \(PlanWords.count(summary.configurations, "configuration")) read, "
            + "\(summary.configurations - summary.toChange) unchanged.\n"
        return out
    }

    /// Text safe inside markdown and HTML: no tags, no table breaks, no emphasis or links by accident.
    func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "&#124;"
            case "\\", "`", "*", "_", "[", "]", "#", "~": out += "\\" + String(character)
            case "\n", "\r": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// A code block whose fence is longer than any run of backticks inside it.
    func fenced(_ text: String, language: String) -> String {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(language)\n\(text)\n\(fence)"
    }
}
