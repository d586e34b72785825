import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering
import Testing

/// Targets as Intune stores them (field-notes §5), from manifest to body to read to plan: All users on app
/// protection as the virtual All-users group, virtual ids read as All users / All devices, include-only enrollment
/// configurations, and verification that waits out read lag.
@Suite struct TargetStorageTests {
    static let mamKinds = Kinds.all.filter { $0.targets.allUsersForm == .virtualGroup }

    /// Manifests: the first configuration of each of `kinds` with these assignment lines.
    static func state(_ tenant: SimulatedTenant, _ lines: String) -> DesiredState {
        var text = "version: 1\nconfigurations:\n"
        for configuration in tenant.configurations {
            text += "  - kind: \(configuration.kind)\n    id: \(configuration.id)\n    assignments:\n\(lines)"
        }
        let loaded = ManifestLoader.load([ManifestSource(path: "t.yaml", bytes: Array(text.utf8))])
        #expect(!loaded.hasErrors, "\(loaded.diagnostics.map(\.message))")
        return loaded.state
    }

    func graph(_ harness: Harness, clock: ManualClock? = nil) throws -> IntuneGraph {
        let cloud = try Cloud.global.overriding(graphRoot: harness.simulator.options.baseURL)
        let sleeper: any Sleeper = clock.map { ManualSleeper($0) } ?? SimulatedTime()
        return IntuneGraph(session: GraphSession(transport: harness.transport, cloud: cloud, sleeper: sleeper))
    }

    func plan(_ state: DesiredState, _ graph: IntuneGraph) async throws -> Plan {
        let (plan, diagnostics) = try await PlanMaker.make(state, manifestDigest: "t", graph: graph)
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics.map(\.message))")
        return try #require(plan)
    }

    /// Writes the simulator saw since `mark` (inner requests, not envelopes).
    func writes(_ harness: Harness, since mark: Int) -> Int {
        harness.simulator.requestLog.dropFirst(mark).count {
            $0.method != "GET" && $0.path != "/beta/$batch" && !$0.path.hasSuffix("/getByIds")
        }
    }

    @Test(arguments: Mode.allCases)
    func allUsersOnAppProtectionIsTheVirtualGroupAndConverges(_ mode: Mode) async throws {
        #expect(Self.mamKinds.count == 6)
        let tenant = Fixture.tenant(kinds: Self.mamKinds)
        try await Harness.with(mode, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let graph = try graph(harness)
            let state = Self.state(tenant, "      - allUsers: {}\n      - exclude: \(Fixture.finance)\n")
            let first = try await plan(state, graph)
            #expect(first.configurations.filter { !$0.isNoOp }.count == 6)
            let report = await PlanApplier(graph: graph).apply(first)
            #expect(report.succeeded, "\(report.entries.compactMap(\.error))")
            // Stored as the group target it was written as, with the virtual id.
            for configuration in harness.simulator.tenant.configurations {
                let targets = configuration.assignments.map { $0["target"]?["groupId"]?.stringValue }
                #expect(targets.contains(VirtualGroup.allUsers.id.description), "\(configuration.kind)")
            }
            let again = try await plan(state, graph)
            #expect(again.summaryLine == "No changes. The tenant matches the manifests.")
        }
    }

    @Test func aTenantHoldingTheVirtualGroupsMatchesAllUsersAndAllDevicesWithNoWrite() async throws {
        let mam = try #require(Kinds.named("iosManagedAppProtection"))
        let script = try #require(Kinds.named("deviceShellScript"))
        var tenant = Fixture.tenant(kinds: [mam, script])
        let virtual = [mam: VirtualGroup.allUsers, script: .allDevices]
        for index in tenant.configurations.indices {
            let kind = Kinds.named(tenant.configurations[index].kind)!
            tenant.configurations[index].assignments = [
                [
                    "id": .string("\(tenant.configurations[index].id)_\(virtual[kind]!.id)"),
                    "target": [
                        "@odata.type": "#microsoft.graph.groupAssignmentTarget",
                        "groupId": .string(virtual[kind]!.id.description),
                    ],
                ]
            ]
        }
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            var text = "version: 1\nconfigurations:\n"
            text += "  - kind: iosManagedAppProtection\n    id: \(tenant.configurations[0].id)\n"
            text += "    assignments: [ { allUsers: {} } ]\n"
            text += "  - kind: deviceShellScript\n    id: \(tenant.configurations[1].id)\n"
            text += "    assignments: [ { allDevices: {} } ]\n"
            let state = ManifestLoader.load([ManifestSource(path: "t.yaml", bytes: Array(text.utf8))]).state
            let plan = try await plan(state, try graph(harness))
            #expect(plan.summaryLine == "No changes. The tenant matches the manifests.")
            // The virtual ids were never looked up in the directory.
            #expect(!harness.simulator.requestLog.contains { $0.path.hasSuffix("/getByIds") })
            #expect(writes(harness, since: 0) == 0)
        }
    }

    @Test func aVirtualIdInAManifestIsRefusedWhereItIsWritten() {
        let text = """
            version: 1
            configurations:
              - kind: deviceConfiguration
                id: \(Fixture.configurationID(1))
                assignments:
                  - group: acacacac-9df4-4c7d-9d50-4ef0226f57a9
                  - exclude: adadadad-808e-44e2-905a-0b7873a8a531

            """
        let loaded = ManifestLoader.load([ManifestSource(path: "v.yaml", bytes: Array(text.utf8))])
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 2)
        #expect(errors.first?.message.contains("write `allUsers: {}` instead") == true)
        #expect(errors.first?.location?.line == 6)
        #expect(errors.last?.message.contains("an exclusion of All devices cannot be assigned") == true)
        #expect(errors.last?.location?.line == 7)
    }

    @Test func anExclusionHeldOnAnEnrollmentConfigurationIsShownWarnedAndNeverSentBack() async throws {
        let kind = try #require(Kinds.named("deviceEnrollmentConfiguration"))
        var tenant = Fixture.tenant(kinds: [kind])
        let exclusion: JSONValue = [
            "id": "held_exclusion",
            "target": [
                "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": .string(Fixture.finance),
            ],
        ]
        tenant.configurations[0].assignments = [exclusion]
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let graph = try graph(harness)
            let state = Self.state(tenant, "      - group: \(Fixture.pilot)\n      - allUsers: {}\n")
            let (made, diagnostics) = try await PlanMaker.make(state, manifestDigest: "t", graph: graph)
            let plan = try #require(made)
            let warning = try #require(diagnostics.first { $0.severity == .warning })
            #expect(warning.message.contains("takes includes only: its effect is unknown"))
            let configuration = try #require(plan.configurations.first)
            #expect(configuration.unmanaged.map { $0.graph["target"] } == [exclusion["target"]])
            guard case .assign(let body)? = configuration.calls.first else {
                Issue.record("two additions are one assign: \(configuration.calls)")
                return
            }
            #expect(body.count == 2, "the two includes, and not the exclusion")
            #expect(!body.contains { $0["target"]?["groupId"]?.stringValue == Fixture.finance })
            let report = await PlanApplier(graph: graph).apply(plan)
            #expect(report.succeeded, "\(report.entries.compactMap(\.error))")
            #expect(harness.simulator.tenant.configurations[0].assignments.count == 2)
        }
    }

    @Test func applyWaitsOutAReadLagShorterThanItsLimitAndNamesTheWaitPastIt() async throws {
        let kind = try #require(Kinds.named("androidManagedAppProtection"))
        for (lag, succeeds) in [(5.0, true), (100.0, false)] {
            let tenant = Fixture.tenant(kinds: [kind])
            let clock = ManualClock()
            var options = GraphSimulator.Options(limits: nil)
            options.readLag = lag
            try await Harness.with(.inProcess, tenant, options: options, clock: clock) {
                (harness: Harness) async throws in
                let graph = try graph(harness, clock: clock)
                let plan = try await plan(Self.state(tenant, "      - group: \(Fixture.pilot)\n"), graph)
                let report = await PlanApplier(graph: graph).apply(plan)
                let entry = try #require(report.entries.first)
                if succeeds {
                    #expect(report.succeeded && entry.state == .changed, "\(entry)")
                } else {
                    #expect(entry.state == .partlyChanged)
                    #expect(entry.error?.contains("after waiting 60 s reads still do not match") == true)
                }
                // Exactly one write, however long the reads lagged.
                #expect(writes(harness, since: 0) == 1)
            }
        }
    }
}
