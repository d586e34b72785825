import IntuneAssignCore

/// How broken rules are said, in every format.
enum RuleWords {
    /// One violation: `rule "Break-glass excluded": deviceCompliancePolicy "Windows" (id) lacks exclude group
    /// break-glass (manifests/compliance.yaml:7:5)`, or `…, outside the manifests` for a configuration they do not
    /// manage.
    static func violation(_ violation: RuleViolation, now: Bool = false) -> String {
        let subject = violation.subject
        var text =
            "rule \(Printable.quoted(violation.rule)): \(subject.key.kind.name) \(Printable.quoted(subject.displayName)) "
            + "(\(subject.key.id)) \(violation.problem)"
        if let place = subject.managedAt {
            text += " (\(place))"
        } else if !now {
            text += ", outside the manifests"
        }
        return text
    }

    /// The report's heading line: how many rules are broken, and whether that fails the plan.
    static func heading(_ report: RuleReport) -> String {
        let managed = report.violations.count { $0.isManaged }
        let outside = report.violations.count - managed
        guard !report.violations.isEmpty else { return "Rules: none broken." }
        var parts: [String] = []
        if managed > 0 { parts.append("\(managed) by the manifests") }
        if outside > 0 { parts.append("\(outside) outside them\(report.strict ? "" : " (warnings)")") }
        return "Rules broken: " + parts.joined(separator: ", ") + "."
            + (report.fails ? " This plan fails: change the manifests, or the rules in a reviewed pull request." : "")
    }
}
