public import IntuneAssignCore

/// A fleet's plan or apply as one report (issue 28, item 6): a summary table first, tenants whose changes are the same
/// grouped ("the same 3 changes on 47 tenants"), then each tenant's details. The markdown fits one pull-request
/// comment however many tenants there are: details that do not fit are left to the plan files, and the table says so.
public struct FleetReportRenderer: Sendable {
    /// The report's title ("plan" or "apply").
    public var action: String
    /// Whether text output may be coloured.
    public var color: Bool
    /// The most the markdown may hold, in UTF-8 bytes.
    public var limit: Int

    /// A renderer of a fleet `action` ("plan" or "apply").
    public init(action: String = "plan", color: Bool = false, limit: Int = 65_536) {
        self.action = action
        self.color = color
        self.limit = limit
    }

    /// `+6 ~4 −3` for a plan that changes something, else empty.
    static func counts(_ result: FleetTenantResult) -> (add: Int, update: Int, remove: Int, calls: Int)? {
        guard case .planned(let plan) = result.outcome else { return nil }
        let summary = plan.summary
        return (summary.add, summary.update, summary.remove, summary.calls)
    }

    /// The words of a tenant's plan that do not depend on the tenant: each changed configuration's kind and name,
    /// and each change by display name, ids left out (each tenant has its own). Tenants with equal words have the
    /// same changes.
    static func changeWords(_ plan: Plan) -> [String] {
        plan.configurations.filter { !$0.isNoOp }.flatMap { configuration in
            let heading = "\(configuration.kind.name) \(PlanWords.quoted(configuration.displayName))"
            return configuration.changes.filter { $0.action != .unchanged && $0.action != .inherited }.map {
                "\(heading): \($0.action.rawValue) \(withoutIDs(PlanWords.change($0, configuration.kind, plan)))"
            }
                + (configuration.devicesToAdd.isEmpty
                    ? [] : ["\(heading): add \(configuration.devicesToAdd.count) devices"])
        }
    }

    /// Text with every ` (GUID)` taken out.
    static func withoutIDs(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "(") {
            let after = rest[rest.index(after: open)...]
            if after.count >= 37, GUID(String(after.prefix(36))) != nil, after.dropFirst(36).first == ")" {
                result += rest[..<open].dropLast(rest[..<open].hasSuffix(" ") ? 1 : 0)
                rest = after.dropFirst(37)
            } else {
                result += rest[...open]
                rest = after
            }
        }
        return result + rest
    }

    /// Tenants with changes, grouped by the same change words, largest group first (ties in the fleet's order).
    static func groups(_ results: [FleetTenantResult]) -> [(words: [String], tenants: [FleetTenantResult])] {
        var order: [[String]] = []
        var members: [[String]: [FleetTenantResult]] = [:]
        for result in results {
            guard case .planned(let plan) = result.outcome, plan.summary.hasChanges else { continue }
            let words = changeWords(plan)
            if members[words] == nil { order.append(words) }
            members[words, default: []].append(result)
        }
        // `sorted` is stable: groups of one size keep the order their first tenant has in the fleet.
        return order.map { ($0, members[$0]!) }.sorted { $0.1.count > $1.1.count }
    }

    /// A tenant's details as text: its plan when it changes something, its problems at their places (diagnostics
    /// carry their source lines), why it failed, or its apply's report.
    func details(_ result: FleetTenantResult) -> String? {
        switch result.outcome {
        case .planned(let plan): plan.summary.hasChanges ? PlanTextRenderer(color: color).render(plan) : nil
        case .problems(let diagnostics): DiagnosticRenderer(color: color).render(diagnostics)
        case .failed(let reason): reason + "\n"
        case .recorded(_, _, let text): text.hasSuffix("\n") ? text : text + "\n"
        case .applied(_, let report): report
        case .notRun: nil
        }
    }

    /// Why a tenant has no plan, as the index records it: its problems or its failure, without colour.
    public static func error(_ result: FleetTenantResult) -> String? {
        switch result.outcome {
        case .problems(let diagnostics): DiagnosticRenderer(color: false).render(diagnostics)
        case .failed(let reason), .recorded(_, _, let reason): reason
        case .planned, .applied, .notRun: nil
        }
    }

    /// The last line: how many tenants came to what, and the worst exit status with the tenant that gave it.
    public func summaryLine(_ results: [FleetTenantResult], detailed: Bool) -> String {
        var verdicts: [(String, Int)] = []
        for result in results {
            if let index = verdicts.firstIndex(where: { $0.0 == result.verdict }) {
                verdicts[index].1 += 1
            } else {
                verdicts.append((result.verdict, 1))
            }
        }
        let worst = FleetExit.worst(results, detailed: detailed)
        var line =
            "Fleet \(action): \(PlanWords.count(results.count, "tenant")): "
            + verdicts.map { "\($0.1) \($0.0)" }.joined(separator: ", ") + "."
        if let tenant = worst.tenant { line += " Exit status \(worst.status), from tenant \(tenant)." }
        return line + reachLine(results)
    }

    /// The fleet's reach, when its plans say it: the bounds of every tenant's plan added up, and the tenants above
    /// their limit.
    func reachLine(_ results: [FleetTenantResult]) -> String {
        var total = Reach.Bounds()
        var above: [String] = []
        var any = false
        for result in results {
            guard case .planned(let plan) = result.outcome, let reach = plan.reach else { continue }
            any = true
            total = total + reach.bounds(plan)
            if reach.isAboveLimit(plan) { above.append(result.tenant) }
        }
        guard any else { return "" }
        var line = " Reach across the fleet: " + ReachWords.bounds(total) + "."
        if !above.isEmpty { line += " Above the limit: " + above.joined(separator: ", ") + "." }
        return line
    }

    /// The report as text: a table, then each tenant's plan, problems or failure.
    public func text(_ results: [FleetTenantResult], detailed: Bool = false) -> String {
        let width = max(6, results.map(\.tenant.count).max() ?? 0)
        var out = ""
        for result in results {
            var line = "  " + result.tenant.padded(to: width) + "  " + result.verdict.padded(to: 17)
            if let counts = Self.counts(result), counts.add + counts.update + counts.remove > 0 {
                line += "+\(counts.add) ~\(counts.update) -\(counts.remove)  \(PlanWords.count(counts.calls, "call"))"
            }
            if result.throttles > 0 { line += "  (throttled \(result.throttles)×)" }
            out += line.trimmingTrailingSpaces() + "\n"
        }
        // Tenants with the same changes are said once, as in the markdown; each one's plan is in its plan file.
        var grouped = Set<String>()
        for group in Self.groups(results) where group.tenants.count > 1 {
            grouped.formUnion(group.tenants.map(\.tenant))
            out +=
                "\n== The same \(PlanWords.count(group.words.count, "change")) on \(group.tenants.count) tenants: "
                + group.tenants.map(\.tenant).joined(separator: ", ") + " ==\n"
                + group.words.map { "    " + $0 + "\n" }.joined()
        }
        for result in results where !grouped.contains(result.tenant) {
            guard let detail = details(result), !detail.isEmpty else { continue }
            out += "\n== \(result.tenant) (\(result.identity)) ==\n" + detail
            if !detail.hasSuffix("\n") { out += "\n" }
        }
        return out + "\n" + summaryLine(results, detailed: detailed) + "\n"
    }

    /// The report as a pull-request comment: the summary table, groups of tenants with the same changes (listed
    /// once, not once per tenant), and each other tenant's details collapsed, as many as fit. Names from Graph and
    /// the fleet are escaped as in a plan's comment, and text from outside goes in fences it cannot close.
    public func markdown(_ results: [FleetTenantResult], detailed: Bool = false) -> String {
        let plans = PlanMarkdownRenderer(limit: 16_384)
        let escape = plans.escape
        var out = "### intune-assign fleet \(action)\n\n**\(escape(summaryLine(results, detailed: detailed)))**\n\n"
        out += "| Tenant | Verdict | Add | Update | Remove | Calls | Requests |\n|---|---|--:|--:|--:|--:|--:|\n"
        var table = ""
        for result in results {
            let counts = Self.counts(result)
            table +=
                "| \(escape(result.tenant)) | \(result.verdict) | \(counts.map { "\($0.add)" } ?? "") | "
                + "\(counts.map { "\($0.update)" } ?? "") | \(counts.map { "\($0.remove)" } ?? "") | "
                + "\(counts.map { "\($0.calls)" } ?? "") | \(result.requests) |\n"
        }
        let note = "\n> [!NOTE]\n> Details that do not fit here are in the plan files (`intune-assign show DIR`).\n"
        if out.utf8.count + table.utf8.count + note.utf8.count > limit {
            // Hundreds of tenants with long names: the rows that fit, and the count of the rest.
            for line in table.split(separator: "\n", omittingEmptySubsequences: true) {
                guard out.utf8.count + line.utf8.count + note.utf8.count + 60 < limit else { break }
                out += line + "\n"
            }
            return out + "| … | | | | | | |\n" + note
        }
        out += table + "\n"
        var sections: [String] = []
        var grouped = Set<String>()
        for group in Self.groups(results) where group.tenants.count > 1 {
            grouped.formUnion(group.tenants.map(\.tenant))
            let names = group.tenants.map { escape($0.tenant) }.joined(separator: ", ")
            sections.append(
                "<details><summary>The same \(PlanWords.count(group.words.count, "change")) on "
                    + "\(group.tenants.count) tenants: \(names)</summary>\n\n"
                    + group.words.map { "- \(escape($0))\n" }.joined() + "</details>\n")
        }
        for result in results where !grouped.contains(result.tenant) {
            let detail: String
            if case .planned(let plan) = result.outcome {
                guard plan.summary.hasChanges else { continue }
                detail = plans.render(plan)
            } else {
                guard let text = FleetReportRenderer(action: action, color: false).details(result) else { continue }
                detail = plans.fenced(text, language: "")
            }
            sections.append(
                "<details><summary>\(escape(result.tenant)): \(result.verdict)</summary>\n\n\(detail)\n</details>\n")
        }
        var left = 0
        for section in sections {
            if out.utf8.count + section.utf8.count + note.utf8.count <= limit {
                out += section
            } else {
                left += 1
            }
        }
        return left > 0 ? out + note : out
    }
}

extension String {
    /// The text with spaces after it up to `width` characters.
    func padded(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }

    /// The text without spaces at its end.
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
