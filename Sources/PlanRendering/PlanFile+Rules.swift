import IntuneAssignCore

extension PlanFile {
    /// `rules`: whether the plan fails them, and each violation with its rule, configuration and place. A report;
    /// not read back (apply checks the rules again when given them).
    static func encode(_ report: RuleReport) -> JSONValue {
        .object([
            ("fails", .bool(report.fails)), ("strict", .bool(report.strict)),
            ("problems", .array(report.problems.map(JSONValue.string))),
            (
                "violations",
                .array(
                    report.violations.map { violation in
                        .object([
                            ("rule", .string(violation.rule)), ("kind", .string(violation.subject.key.kind.name)),
                            ("id", .string(violation.subject.key.id.description)),
                            ("display_name", .string(violation.subject.displayName)),
                            ("managed", .bool(violation.isManaged)),
                            ("place", violation.subject.managedAt.map { .string($0.description) } ?? .null),
                            ("problem", .string(violation.problem)),
                        ])
                    })
            ),
        ])
    }
}
