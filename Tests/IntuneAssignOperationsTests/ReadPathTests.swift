import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering
import Testing

/// Every kind read, planned and applied against the simulator's field behaviours (field-notes §1–3: names under
/// `name`/`profileName`, list expand, item expand for shell scripts, empty expands, pages of 25), in-process and over
/// loopback; and what the reads do when the service leaves assignments out, pages them, or fails a page.
@Suite struct ReadPathTests {
    /// A tenant with one configuration of every kind (ids in each kind's form), two groups and no assignments.
    static func tenant() -> SimulatedTenant {
        var tenant = Fixture.tenant()
        for index in tenant.configurations.indices where tenant.configurations[index].kind == "roleScopeTag" {
            tenant.configurations[index].id = "7"
        }
        return tenant
    }

    /// Manifests naming every kind's configuration by its name, assigned to `groups`.
    static func manifests(_ tenant: SimulatedTenant, groups: [String]) -> DesiredState {
        var text = "version: 1\ntenant: \(Fixture.tenantID)\nconfigurations:\n"
        for configuration in tenant.configurations {
            let kind = Kinds.named(configuration.kind)!
            text += "  - kind: \(kind.name)\n    name: \"\(configuration.displayName)\"\n"
            // A role assignment: the groups hold the role over All users.
            if kind.isRoleAccess {
                text += "    roleDefinition: Fixture Role\n    members: [\(groups.joined(separator: ", "))]\n"
                text += "    scope: allUsers\n"
                continue
            }
            // An Apple enrollment profile: as many serial numbers as groups.
            if kind.write.style == .serialNumbers {
                text += "    devices: [\(Fixture.serials.prefix(groups.count).joined(separator: ", "))]\n"
                continue
            }
            text += "    assignments:\n"
            for group in groups {
                text += "      - group: \(group)\n"
                if let rule = kind.intent, rule.required { text += "        intent: \(rule.values[1])\n" }
            }
        }
        let loaded = ManifestLoader.load([ManifestSource(path: "all.yaml", bytes: Array(text.utf8))])
        #expect(!loaded.hasErrors, "\(loaded.diagnostics.map(\.message))")
        return loaded.state
    }

    func graph(_ harness: Harness) throws -> IntuneGraph {
        let cloud = try Cloud.global.overriding(graphRoot: harness.simulator.options.baseURL)
        // Simulated time: retries of failing pages back off without waiting.
        return IntuneGraph(session: GraphSession(transport: harness.transport, cloud: cloud, sleeper: SimulatedTime()))
    }

    func plan(_ state: DesiredState, _ harness: Harness) async throws -> Plan {
        let (plan, diagnostics) = try await PlanMaker.make(state, manifestDigest: "test", graph: try graph(harness))
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.map(\.message))")
        return try #require(plan)
    }

    /// The configurations a plan changes.
    func changed(_ plan: Plan) -> [ConfigurationPlan] {
        plan.configurations.filter {
            $0.changes.contains { $0.action != .unchanged } || $0.roleAccess?.changes == true
                || !$0.devicesToAdd.isEmpty
        }
    }

    @Test(arguments: Mode.allCases)
    func everyKindIsReadPlannedAndAppliedUntilNothingIsLeft(_ mode: Mode) async throws {
        let tenant = Self.tenant()
        #expect(tenant.configurations.count == Kinds.all.count)
        try await Harness.with(mode, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            for groups in [[Fixture.pilot], [Fixture.pilot, Fixture.finance]] {
                let state = Self.manifests(tenant, groups: groups)
                let changes = try await plan(state, harness)
                #expect(changed(changes).count == Kinds.all.count, "every kind changes")
                let report = await PlanApplier(graph: try graph(harness)).apply(changes)
                #expect(
                    report.succeeded,
                    "\(report.entries.filter { $0.state != .changed }.map { ($0.configuration.kind.name, $0.error ?? "") })"
                )
                let again = try await plan(state, harness)
                #expect(
                    again.summaryLine == "No changes. The tenant matches the manifests.",
                    "\(again.configurations.map { "\($0.kind.name): \($0.changes)" })")
            }
            // Shell scripts were never read at the route the service does not serve, and the only 400s are app
            // configurations' `assign` without its cast segment, sent again with it (field-notes §8).
            #expect(
                !harness.simulator.requestLog.contains {
                    ($0.status == 400
                        && !($0.path.contains("/mobileAppConfigurations/") && $0.path.hasSuffix("/assign")))
                        || ($0.path.contains("ShellScripts/") && $0.path.hasSuffix("/assignments"))
                            && $0.method == "GET"
                })
        }
    }

    @Test func aPlanReadsSettingsCatalogByListPagesNotOneRequestEach() async throws {
        let kind = try #require(Kinds.named("configurationPolicy"))
        var tenant = Fixture.tenant(kinds: [kind], perKind: 250)
        for index in tenant.configurations.indices {
            tenant.configurations[index].assignments = [Fixture.assignment(kind)]
        }
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let state = Self.manifests(tenant, groups: [Fixture.pilot])
            let plan = try await plan(state, harness)
            #expect(changed(plan).isEmpty)
            let reads = harness.simulator.requestLog.filter { $0.method == "GET" }
            // Three pages of 100 carry all 250 policies with their assignments; the filter list; nothing per item.
            #expect(reads.filter { $0.path == "/beta/deviceManagement/configurationPolicies" }.count == 3)
            #expect(!reads.contains { $0.path.hasSuffix("/assignments") })
        }
    }

    @Test func applyReadsAKindByItsListPagesWhenThePlanHoldsManyOfIt() async throws {
        let kind = try #require(Kinds.named("deviceConfiguration"))
        var tenant = Fixture.tenant(kinds: [kind], perKind: IntuneGraph.listingPays + 20)
        for index in tenant.configurations.indices {
            tenant.configurations[index].assignments = [Fixture.assignment(kind)]
        }
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let state = Self.manifests(tenant, groups: [Fixture.pilot, Fixture.finance])
            let changes = try await plan(state, harness)
            #expect(changed(changes).count == IntuneGraph.listingPays + 20)
            let mark = harness.simulator.requestLog.count
            let applier = PlanApplier(graph: try graph(harness))
            #expect(try await applier.standing(changes).pending.count == changes.configurations.count)
            let report = await applier.apply(changes)
            #expect(report.succeeded)
            let reads = harness.simulator.requestLog.dropFirst(mark).filter { $0.method == "GET" }
            // The stale check and the read after writing: two pages of 100 each, nothing one by one.
            #expect(reads.map(\.path) == Array(repeating: "/beta\(kind.collectionPath)", count: 4))
            #expect(try await plan(state, harness).summaryLine == "No changes. The tenant matches the manifests.")
        }
    }

    /// The first configuration of `kind` in the fixture tenant, with two assignments.
    static func twoAssignments(_ kind: Kind) -> SimulatedTenant {
        var tenant = Fixture.tenant(kinds: [kind], perKind: 3)
        for index in tenant.configurations.indices {
            tenant.configurations[index].assignments = [
                Fixture.assignment(kind), Fixture.assignment(kind, group: Fixture.finance),
            ]
        }
        return tenant
    }

    @Test func anObjectListedWithoutItsAssignmentsIsReadOnItsOwn() async throws {
        let kind = try #require(Kinds.named("deviceConfiguration"))
        let tenant = Self.twoAssignments(kind)
        let omitted = tenant.configurations[1].id
        var options = GraphSimulator.Options(limits: nil)
        options.expandOmits = [omitted]
        try await Harness.with(.inProcess, tenant, options: options) { (harness: Harness) async throws in
            let plan = try await plan(Self.manifests(tenant, groups: [Fixture.pilot, Fixture.finance]), harness)
            #expect(changed(plan).isEmpty, "the omitted object is not read as having no assignments")
            let perItem = harness.simulator.requestLog.filter { $0.path.hasSuffix("/assignments") }
            #expect(perItem.map(\.path) == ["/beta\(kind.collectionPath)/\(omitted)/assignments"])
        }
    }

    @Test func assignmentsPagedInsideAnExpandedListAreFollowed() async throws {
        let kind = try #require(Kinds.named("deviceCompliancePolicy"))
        let tenant = Self.twoAssignments(kind)
        var options = GraphSimulator.Options(limits: nil)
        options.expandPageSize = 1
        try await Harness.with(.loopback, tenant, options: options) { (harness: Harness) async throws in
            let plan = try await plan(Self.manifests(tenant, groups: [Fixture.pilot, Fixture.finance]), harness)
            #expect(changed(plan).isEmpty, "the second assignment, on the next page, was read")
            let links = harness.simulator.requestLog.filter { $0.path.hasSuffix("/assignments") && $0.method == "GET" }
            #expect(links.count == 3, "one further page for each of the three policies")
        }
    }

    @Test func expandedPagesThatKeepFailingAreListedAgainPlainlyAndReadPerItem() async throws {
        let kind = try #require(Kinds.named("deviceConfiguration"))
        let tenant = Self.twoAssignments(kind)
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            harness.simulator.inject(.init("$expand=assignments", count: 100, .status(500)))
            let plan = try await plan(Self.manifests(tenant, groups: [Fixture.pilot]), harness)
            // Read right: the finance assignment is on every policy, and the manifests drop it.
            #expect(changed(plan).count == 3)
            #expect(changed(plan).allSatisfy { $0.changes.filter { $0.action == .remove }.count == 1 })
            let perItem = harness.simulator.requestLog.filter { $0.path.hasSuffix("/assignments") && $0.status == 200 }
            #expect(perItem.count == 3)
        }
    }

    @Test func aRouteTheServiceDoesNotServeIsAnErrorNamingTheKind() async throws {
        let kind = try #require(Kinds.named("deviceShellScript"))
        let tenant = Self.twoAssignments(kind)
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let key = ConfigurationKey(kind: kind, id: ConfigurationID(tenant.configurations[0].id, form: .guid)!)
            let graph = try graph(harness)
            do throws(GraphError) {
                _ = try await graph.collections([.init(key.path + "/assignments", kind: kind)])
                Issue.record("a route that is not served read as a list")
            } catch {
                #expect(error.status == 400)
                #expect(error.description.contains("Graph does not serve this read for deviceShellScript"))
            }
        }
    }

    @Test func theFingerprintDoesNotDependOnTheReadPath() async throws {
        let kind = try #require(Kinds.named("deviceConfiguration"))
        let tenant = Self.twoAssignments(kind)
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let graph = try graph(harness)
            let listing = try await GraphTenantReader(graph: graph).snapshot(TenantScope(kinds: [kind]))
            let keys = listing.configurations[kind]!.map { ConfigurationKey(kind: kind, id: $0.id) }
            #expect(keys.allSatisfy { listing.assignments[$0]?.count == 2 })
            // Listed assignments without their `@odata.type` (as list expand may answer) and per-item reads agree.
            let bare = listing.assignments.mapValues { values in
                values.map { value -> JSONValue in
                    guard case .object(let pairs) = value else { return value }
                    return .object(pairs.filter { $0.key != "@odata.type" })
                }
            }
            var listed = TenantSnapshot(tenant: GUID(tenant.tenantId)!, graphRoot: "https://graph.microsoft.com")
            listed.assignments = bare
            var read = listed
            read.assignments = [:]
            try await GraphTenantReader(graph: graph).observe(
                ObservationScope(configurations: keys.map { ($0, []) }), into: &read)
            let viaList = keys.map { listed.observation($0)?.fingerprint }
            let viaItem = keys.map { read.observation($0)?.fingerprint }
            #expect(viaList.allSatisfy { $0 != nil })
            #expect(viaList == viaItem)
        }
    }
}
