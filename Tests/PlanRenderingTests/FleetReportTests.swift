import IntuneAssignCore
import PlanRendering
import Testing

/// The fleet report (issue 28, item 6): tenants with the same changes are one group, said once; names from the
/// fleet and from Graph cannot break out of the comment; 200 tenants fit one comment.
@Suite struct FleetReportTests {
    /// A tenant's plan adding `group` (named `name` in that tenant) to one configuration; ids differ per tenant.
    static func plan(tenant: UInt64, configuration: String = "Firewall", group name: String = "Pilot") -> Plan {
        let kind = Kinds.named("deviceConfiguration")!
        let group = GUID(high: 0xA000_0000_0000_4000 | tenant, low: 0x8000_0000_0000_0000)
        let id = ConfigurationID(GUID(high: 0xC000_0000_0000_4000 | tenant, low: 0x8000_0000_0000_0000))
        let configurationPlan = Planner.plan(
            ConfigurationKey(kind: kind, id: id),
            wanted: Planner.Wanted(mode: .authoritative, assignments: [PlannedAssignment(target: .group(group))]),
            current: ObservedConfiguration(assignments: [], fingerprint: "")
        ).named(configuration)
        return Plan(
            tenant: GUID(high: 0xE000_0000_0000_4000 | tenant, low: 0x8000_0000_0000_0000),
            graphRoot: "https://graph.microsoft.com", manifestDigest: "d", configurations: [configurationPlan],
            groupNames: [group: name])
    }

    static func planned(_ name: String, _ plan: Plan) -> FleetTenantResult {
        FleetTenantResult(tenant: name, identity: name, outcome: .planned(plan))
    }

    @Test func tenantsWithTheSameChangesAreOneGroupSaidOnce() {
        let results = [
            Self.planned("alpha", Self.plan(tenant: 1)), Self.planned("beta", Self.plan(tenant: 2)),
            Self.planned("gamma", Self.plan(tenant: 3, group: "Other")),
            FleetTenantResult(tenant: "delta", identity: "d", outcome: .failed("consent missing ```\n@team")),
        ]
        let markdown = FleetReportRenderer().markdown(results)
        #expect(
            markdown.contains(
                "<details><summary>The same 1 change on 2 tenants: alpha, beta</summary>\n\n"
                    + "- deviceConfiguration \"Firewall\": add group \"Pilot\"\n</details>"), "\(markdown)")
        // Each grouped tenant's plan is in its plan file, not repeated here; the tenant that differs has its own.
        #expect(!markdown.contains("<summary>alpha: changes</summary>"))
        #expect(markdown.contains("<summary>gamma: changes</summary>"))
        // A failure's text goes in a fence it cannot close.
        #expect(markdown.contains("<summary>delta: failed</summary>\n\n````\nconsent missing ```\n@team\n\n````"))
        #expect(
            markdown.hasPrefix(
                "### intune-assign fleet plan\n\n**Fleet plan: 4 tenants: 3 changes, 1 failed. Exit status 1, from "
                    + "tenant delta.**\n"))
        // The text report groups them the same way: the shared change once, the others' plans in full.
        let text = FleetReportRenderer().text(results)
        #expect(
            text.contains(
                "\n== The same 1 change on 2 tenants: alpha, beta ==\n"
                    + "    deviceConfiguration \"Firewall\": add group \"Pilot\"\n"), "\(text)")
        #expect(!text.contains("== alpha ("))
        #expect(text.contains("== gamma (gamma) ==\n"))
        #expect(text.contains("== delta (d) ==\nconsent missing"))
    }

    @Test func namesFromTheFleetAndGraphAreEscaped() {
        let results = [
            Self.planned("a|b @team", Self.plan(tenant: 1, configuration: "<img src=x> https://x.example")),
            Self.planned("c", Self.plan(tenant: 2, configuration: "<img src=x> https://x.example")),
        ]
        let markdown = FleetReportRenderer().markdown(results)
        #expect(markdown.contains("| a&#124;b &#64;team | changes |"))
        #expect(!markdown.contains("<img"))
        #expect(!markdown.contains("https://"))
        #expect(!markdown.contains("@team"))
    }

    @Test func twoHundredTenantsFitOneComment() {
        let results = (0..<200).map { index in
            Self.planned(
                "tenant-with-a-long-name-\(index)",
                Self.plan(tenant: UInt64(index), configuration: "Policy \(index)", group: "Group \(index)"))
        }
        let markdown = FleetReportRenderer().markdown(results)
        #expect(markdown.utf8.count <= 65_536)
        #expect(markdown.contains("| tenant-with-a-long-name-199 | changes | 1 | 0 | 0 | 1 | 0 |"))
        #expect(markdown.contains("Details that do not fit here are in the plan files"))
    }
}
