import IntuneAssignCore
import Testing

/// Rules: selection by kind, name pattern and set; required and forbidden targets with their intent and filter
/// conditions; and what fails a plan.
@Suite struct RulesTests {
    static let glass = GUID("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")!
    static let filter = GUID("53b3ae67-93fe-54ab-a64b-32c80e5bfb5c")!
    static let compliance = Kinds.named("deviceCompliancePolicy")!
    static let apps = Kinds.named("mobileApp")!

    static func subject(
        _ kind: Kind, _ name: String, _ assignments: [PlannedAssignment], managed: Bool = true, sets: [String] = []
    ) -> RuleSubject {
        RuleSubject(
            key: ConfigurationKey(kind: kind, id: ConfigurationID(GUID(high: UInt64(name.count), low: 1))),
            displayName: name, assignments: assignments,
            managedAt: managed ? SourceLocation(file: "m.yaml", line: 3, column: 5) : nil, sets: sets)
    }

    static let rules = RuleSet(rules: [
        Rule(
            name: "break-glass", kinds: [compliance], names: ["Windows *"],
            require: [TargetMatch(target: .exclusionGroup(ObjectReference(.alias("break-glass"))))]),
        Rule(
            name: "no required to everyone", kinds: [apps],
            forbid: [
                TargetMatch(target: .allUsers, intent: "required"),
                TargetMatch(target: .allDevices, filter: TargetMatch.FilterCondition.none),
            ]),
        Rule(
            name: "standard set", sets: ["standard"],
            require: [TargetMatch(target: .allDevices, filter: .any)]),
    ])

    static func group(_ reference: ObjectReference) -> GUID? {
        reference.alias == "break-glass" ? glass : nil
    }

    @Test func requiredAndForbiddenTargetsOfTheSelectedConfigurations() {
        let subjects = [
            Self.subject(
                Self.compliance, "Windows - BitLocker", [PlannedAssignment(target: .exclusionGroup(Self.glass))]),
            Self.subject(Self.compliance, "windows - secure boot", [PlannedAssignment(target: .allUsers)]),
            Self.subject(Self.compliance, "iOS - Baseline", []),
            Self.subject(Self.apps, "Portal", [PlannedAssignment(target: .allUsers, intent: "available")]),
            Self.subject(
                Self.apps, "Outlook", [PlannedAssignment(target: .allUsers, intent: "required")], managed: false),
            Self.subject(
                Self.apps, "Teams",
                [PlannedAssignment(target: .allDevices, filter: ResolvedFilter(mode: .include, id: Self.filter))],
                sets: ["standard"]),
        ]
        let found = Self.rules.violations(subjects, group: Self.group)
        #expect(
            found.map { "\($0.rule): \($0.subject.displayName) \($0.problem)" } == [
                "break-glass: windows - secure boot lacks exclude group break-glass",
                "no required to everyone: Outlook holds All users with intent required",
            ])
        let report = RuleReport(violations: found)
        #expect(report.fails, "a managed configuration breaks a rule")
        #expect(report.violations.first?.isManaged == true)
        let outside = RuleReport(violations: found.filter { !$0.isManaged })
        #expect(!outside.fails, "outside the manifests: a warning")
        #expect(RuleReport(violations: outside.violations, strict: true).fails)
    }

    @Test func namePatternsMatchWithoutRegardToCase() {
        let rule = Rule(name: "r", names: ["win*-?? *"], require: [TargetMatch(target: .allDevices)])
        #expect(rule.selects(kind: Self.apps, name: "Windows-10 Baseline", sets: []))
        #expect(!rule.selects(kind: Self.apps, name: "Windows-100 Baseline", sets: []))
        #expect(Rule(name: "r", names: ["*"], forbid: []).selects(kind: Self.apps, name: "", sets: []))
    }

    @Test func referencesTheManifestsDoNotDefineAreErrorsAtTheirPlace() {
        let place = SourceLocation(file: "rules.yaml", line: 9, column: 18)
        let rules = RuleSet(rules: [
            Rule(
                name: "r", sets: ["missing-set"],
                require: [TargetMatch(target: .exclusionGroup(ObjectReference(.alias("nobody"), at: place)))],
                at: SourceLocation(file: "rules.yaml", line: 5, column: 5))
        ])
        let problems = rules.problems(against: DesiredState())
        #expect(problems.map(\.location) == [place, SourceLocation(file: "rules.yaml", line: 5, column: 5)])
        #expect(problems.first?.message.hasPrefix("unknown group alias 'nobody' in rule 'r'") == true)
    }
}
