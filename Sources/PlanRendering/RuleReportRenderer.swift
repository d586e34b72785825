public import IntuneAssignCore

/// `intune-assign rules`: every rule broken in the tenant now, as text, markdown or JSON.
public struct RuleReportRenderer: Sendable {
    /// text, markdown or json.
    public enum Style: Sendable {
        case text, markdown, json
    }

    /// How to render.
    public var style: Style

    /// A renderer in `style`.
    public init(style: Style) { self.style = style }

    /// The report on `tenant`, for `rules` rules.
    public func render(_ report: RuleReport, tenant: GUID, rules: Int) -> String {
        let verdict =
            report.violations.isEmpty
            ? "No rule is broken: \(PlanWords.count(rules, "rule")) checked in tenant \(tenant)."
            : "\(PlanWords.count(report.violations.count, "violation")) of \(PlanWords.count(rules, "rule")) in tenant "
                + "\(tenant)."
        switch style {
        case .json:
            return JSONValue.object([
                ("tenant", .string(tenant.description)), ("rules", .int(rules)),
                ("report", PlanFile.encode(report)),
            ]).serialized(pretty: true) + "\n"
        case .markdown:
            let markdown = PlanMarkdownRenderer()
            var out = "### intune-assign rules\n\n**\(markdown.escape(verdict))**\n\n"
            for violation in report.violations {
                out += "- \(markdown.escape(RuleWords.violation(violation, now: true)))\n"
            }
            for problem in report.problems { out += "- _\(markdown.escape(problem))_\n" }
            return out
        case .text:
            var out = ""
            for violation in report.violations { out += "✗ " + RuleWords.violation(violation, now: true) + "\n" }
            for problem in report.problems { out += "? " + problem + "\n" }
            return out + (out.isEmpty ? "" : "\n") + verdict + "\n"
        }
    }
}
