import IntuneAssignCore
import PlanRendering
import Testing

/// The markdown plan fits a GitHub comment (65,536 characters): past it, the verdict, removals and table that fit,
/// and a note that the whole plan is in the plan file.
@Suite struct MarkdownLimitTests {
    /// A plan of `count` configurations, each adding one group and removing another.
    func bigPlan(_ count: Int) -> Plan {
        let kind = Kinds.named("deviceConfiguration")!
        let configurations = (0..<count).map { index -> ConfigurationPlan in
            let id = ConfigurationID(GUID(high: 0xC000_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0000))
            let add = PlannedAssignment(target: .group(GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01")!))
            let remove = PlannedAssignment(
                target: index == 0 ? .allDevices : .exclusionGroup(GUID("7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b")!),
                graphID: "old")
            return Planner.plan(
                ConfigurationKey(kind: kind, id: id), wanted: Planner.Wanted(mode: .authoritative, assignments: [add]),
                current: ObservedConfiguration(assignments: [remove], fingerprint: "")
            )
            .named("Configuration number \(index) with a long | display name")
        }
        return Plan(
            tenant: GUID("6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11")!, graphRoot: "https://graph.microsoft.com",
            manifestDigest: "d", configurations: configurations,
            groupNames: [
                GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01")!: "IT Pilot",
                GUID("7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b")!: "Finance",
            ])
    }

    @Test func aLargePlanBecomesASummaryThatFits() {
        let plan = bigPlan(2000)
        let markdown = PlanMarkdownRenderer().render(plan)
        #expect(markdown.utf8.count <= 65_536)
        #expect(
            markdown.hasPrefix(
                "### intune-assign plan\n\n**Plan: 2000 configurations to change (2000 to add, 0 to update, 2000 to remove), 2000 Graph calls.**\n\n"
            ))
        #expect(markdown.contains("> [!CAUTION]\n> This plan removes **All users / All devices** assignments: 1.\n"))
        #expect(markdown.contains("- … and "))
        #expect(
            markdown.contains(
                "is longer than a pull-request comment can hold; it is in the plan file saved with `plan --out`"))
        #expect(!markdown.contains("<details>"))
        // The table cuts the display name's pipe safely.
        #expect(
            markdown.contains(
                "| Configuration number 0 with a long &#124; display name | deviceConfiguration | 1 | 0 | 1 | 1 |"))
    }

    @Test func aSmallPlanIsWhole() {
        let plan = bigPlan(3)
        let markdown = PlanMarkdownRenderer().render(plan)
        #expect(markdown.contains("<details>"))
        #expect(!markdown.contains("longer than a pull-request comment"))
        #expect(PlanMarkdownRenderer(limit: 500).render(plan).utf8.count <= 500)
    }
}

extension ConfigurationPlan {
    func named(_ name: String) -> ConfigurationPlan {
        var copy = self
        copy.displayName = name
        return copy
    }
}
