import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// The simulator answers reads as real tenants do (shared/graph/field-notes.md §1–3), in-process and over loopback.
@Suite struct SimulatorFieldTests {
    /// The first item of a collection answer.
    func first(_ reply: Harness.Reply) -> JSONValue? {
        if case .array(let values)? = reply.body?["value"] { return values.first }
        return nil
    }

    /// How many items a collection answer holds.
    func count(_ reply: Harness.Reply) -> Int {
        if case .array(let values)? = reply.body?["value"] { return values.count }
        return -1
    }

    /// The fixture tenant: `perKind` configurations of each of these kinds, each with one assignment.
    static func tenant(_ names: [String], perKind: Int = 3) -> SimulatedTenant {
        let kinds = names.map { Kinds.named($0)! }
        var tenant = Fixture.tenant(kinds: kinds, perKind: perKind)
        for index in tenant.configurations.indices {
            tenant.configurations[index].assignments = [
                Fixture.assignment(Kinds.named(tenant.configurations[index].kind)!)
            ]
        }
        return tenant
    }

    @Test(arguments: Mode.allCases)
    func namesAreUnderTheTypesOwnPropertyAndOthersAreRefused(_ mode: Mode) async throws {
        let tenant = Self.tenant(["configurationPolicy", "intuneBrandingProfile", "deviceConfiguration"])
        try await Harness.with(mode, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let refused = try await harness.send(
                "GET", "/deviceManagement/configurationPolicies?$select=id,displayName")
            #expect(refused.status == 400)
            #expect(refused.body?["error"]?["message"]?.stringValue?.contains("'displayName'") == true)
            let policies = try await harness.send("GET", "/deviceManagement/configurationPolicies?$select=id,name")
            #expect(policies.status == 200)
            #expect(first(policies)?["name"]?.stringValue == "configurationPolicy 0")
            let branding = try await harness.send("GET", "/deviceManagement/intuneBrandingProfiles")
            #expect(first(branding)?["profileName"]?.stringValue == "intuneBrandingProfile 0")
            #expect(first(branding)?["displayName"]?.stringValue != "intuneBrandingProfile 0")
            let classic = try await harness.send("GET", "/deviceManagement/deviceConfigurations?$select=id,name")
            #expect(classic.status == 400)
        }
    }

    @Test(arguments: Mode.allCases)
    func expandsAndRoutesAnswerAsTheServiceDoes(_ mode: Mode) async throws {
        let tenant = Self.tenant(["configurationPolicy", "deviceShellScript", "deviceManagementIntent"])
        let ids = Dictionary(grouping: tenant.configurations, by: \.kind).mapValues { $0[0].id }
        try await Harness.with(mode, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            func assignments(_ path: String, _ field: String = "assignments") async throws -> Int? {
                let reply = try await harness.send("GET", path)
                if case .array(let values)? = reply.body?[field] { return values.count }
                if case .array(let items)? = reply.body?["value"], case .array(let values)? = items.first?[field] {
                    return values.count
                }
                return nil
            }
            let policies = "/deviceManagement/configurationPolicies"
            #expect(try await assignments("\(policies)?$expand=assignments") == 1, "list expand works")
            #expect(try await assignments("\(policies)/\(ids["configurationPolicy"]!)?$expand=assignments") == 0)
            #expect(try await assignments("\(policies)/\(ids["configurationPolicy"]!)/assignments", "value") == 1)

            let scripts = "/deviceManagement/deviceShellScripts"
            let route = try await harness.send("GET", "\(scripts)/\(ids["deviceShellScript"]!)/assignments")
            #expect(route.status == 400)
            #expect(route.body?["error"]?["message"]?.stringValue?.contains("No OData route exists") == true)
            #expect(try await assignments("\(scripts)?$expand=assignments") == 1)
            #expect(try await assignments("\(scripts)/\(ids["deviceShellScript"]!)?$expand=assignments") == 1)

            let intents = "/deviceManagement/intents"
            #expect(try await assignments("\(intents)?$expand=assignments") == 0)
            #expect(try await assignments("\(intents)/\(ids["deviceManagementIntent"]!)?$expand=assignments") == 0)
            #expect(try await assignments("\(intents)/\(ids["deviceManagementIntent"]!)/assignments", "value") == 1)
        }
    }

    @Test func settingsCatalogPagesAtTwentyFiveAndAtMostAHundred() async throws {
        let tenant = Self.tenant(["configurationPolicy"], perKind: 150)
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let page = try await harness.send("GET", "/deviceManagement/configurationPolicies")
            #expect(count(page) == 25)
            #expect(page.body?["@odata.nextLink"] != nil)
            let big = try await harness.send("GET", "/deviceManagement/configurationPolicies?$top=500")
            #expect(count(big) == 100)
            #expect(big.body?["@odata.nextLink"] != nil)
        }
    }
}
