import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering
import TestSupport
import Testing

/// Applying plans of the example manifests to the example tenant, in-process and over loopback: the fewest writes,
/// convergence, the stale-plan refusal, and what happens when Graph throttles, fails one configuration, or drops a
/// connection — each run ends converged or with an exact report, and the next apply converges.
@Suite struct ApplyTests {
    static let wifi = "3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93"
    static let autopilot = "1b4c7e2a-9d3f-4a6b-8c1e-5f2d7a9b3c60"

    static let state: DesiredState = {
        let files = Repository.files(under: "examples/manifests", extensions: [".yaml"])
        let sources = files.map {
            ManifestSource(path: $0.lastPathComponent, bytes: [UInt8]((try? Data(contentsOf: $0)) ?? Data()))
        }
        return ManifestLoader.load(sources).state
    }()

    static func tenant() throws -> SimulatedTenant {
        try SimulatedTenant.load(Data(contentsOf: Repository.url("examples/tenant.json")))
    }

    /// A fresh session on the harness (retries honour the simulator's one-second Retry-After).
    func graph(_ harness: Harness) throws -> IntuneGraph {
        let cloud = try Cloud.global.overriding(graphRoot: harness.simulator.options.baseURL)
        return IntuneGraph(session: GraphSession(transport: harness.transport, cloud: cloud))
    }

    func planned(_ harness: Harness) async throws -> Plan {
        let (plan, diagnostics) = try await PlanMaker.make(
            Self.state, manifestDigest: "test", graph: try graph(harness))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        return try #require(plan)
    }

    /// Writes the simulator saw since `mark` (inner `$batch` requests included, envelopes not).
    func writes(_ harness: Harness, since mark: Int) -> [GraphSimulator.LogEntry] {
        harness.simulator.requestLog.dropFirst(mark).filter {
            $0.method != "GET" && $0.path != "/beta/$batch" && !$0.path.hasSuffix("/getByIds")
                && !$0.path.hasSuffix("/retrieveEnrollmentTimeDeviceMembershipTarget")
        }
    }

    func state(_ report: ApplyReport, _ id: String) -> ApplyReport.Entry.State? {
        report.entries.first { $0.configuration.id.description == id }?.state
    }

    @Test(arguments: Mode.allCases)
    func applyMakesExactlyThePlannedCallsAndThenThereIsNothingToDo(_ mode: Mode) async throws {
        try await Harness.with(mode, try Self.tenant(), options: .init(limits: nil)) {
            (harness: Harness) async throws in
            let plan = try await planned(harness)
            #expect(plan.summary.calls == 11)
            let mark = harness.simulator.requestLog.count
            let report = await PlanApplier(graph: try graph(harness)).apply(plan)
            #expect(
                report.succeeded,
                "\(report.entries.filter { $0.state != .changed }.map { ($0.configuration.id, $0.error ?? "", $0.differences) })"
            )
            #expect(report.entries.count == 10 && report.count(.changed) == 10)
            let written = writes(harness, since: mark)
            #expect(written.count == 11, "one write per planned call, no more")
            #expect(written.allSatisfy { (200..<300).contains($0.status) })
            #expect(written.allSatisfy { $0.batch != nil }, "writes go out inside $batch")

            let again = try await planned(harness)
            #expect(again.summaryLine == "No changes. The tenant matches the manifests.")
            // The policy set's assignment was never sent and is still there.
            #expect(again.summary.inherited == 1)
            let before = harness.simulator.requestLog.count
            let nothing = await PlanApplier(graph: try graph(harness)).apply(again)
            #expect(nothing.entries.isEmpty && nothing.succeeded)
            #expect(harness.simulator.requestLog.count == before, "a converged plan makes no request at all")
        }
    }

    @Test(arguments: Mode.allCases)
    func aStalePlanIsRefusedBeforeAnyWrite(_ mode: Mode) async throws {
        try await Harness.with(mode, try Self.tenant(), options: .init(limits: nil)) {
            (harness: Harness) async throws in
            let plan = try await planned(harness)
            // Someone changes one configuration in the portal after the plan was made.
            let changed = try await harness.send(
                "POST", "/deviceManagement/deviceCompliancePolicies/6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87/assign",
                ["assignments": []])
            #expect((200..<300).contains(changed.status))
            let mark = harness.simulator.requestLog.count
            let applier = PlanApplier(graph: try graph(harness))
            #expect(try await applier.refusal(plan) == nil)
            let stale = try await applier.standing(plan).stale
            #expect(
                stale.map(\.id.description) == ["6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87"],
                "a configuration the plan does not change is stale too")
            #expect(writes(harness, since: mark).isEmpty)
        }
    }

    @Test(arguments: Mode.allCases)
    func throttlingAndUnavailableAnswersAreRetried(_ mode: Mode) async throws {
        try await Harness.with(mode, try Self.tenant(), options: .init(limits: nil)) {
            (harness: Harness) async throws in
            let plan = try await planned(harness)
            harness.simulator.inject(.init("/assign", count: 2, .status(429)))
            harness.simulator.inject(
                .init("POST /deviceAppManagement/androidManagedAppProtections", count: 1, .status(503)))
            let report = await PlanApplier(graph: try graph(harness)).apply(plan)
            #expect(report.succeeded, "\(report.entries.map { ($0.state, $0.error ?? "") })")
            let throttled = harness.simulator.requestLog.filter { $0.status == 429 || $0.status == 503 }
            #expect(throttled.count == 3)
            #expect(try await planned(harness).summary.hasChanges == false)
        }
    }

    @Test(arguments: Mode.allCases)
    func aConfigurationFailingInsideABatchFailsAloneAndTheNextApplyConverges(_ mode: Mode) async throws {
        try await Harness.with(mode, try Self.tenant(), options: .init(limits: nil)) {
            (harness: Harness) async throws in
            let plan = try await planned(harness)
            harness.simulator.inject(
                .init("POST /deviceManagement/deviceConfigurations/\(Self.wifi)/assign", .status(400)))
            let told = Told()
            let report = await PlanApplier(graph: try graph(harness)).apply(plan) { settled in
                let failed = if case .failed(let failure) = settled.state { failure } else { ApplyFailure?.none }
                told.add(settled.configuration.id.description, settled.callsMade, failed.map(ApplyWords.failure))
            }
            #expect(!report.succeeded)
            // Each configuration was told once, as its writes were answered; the failing one with its error.
            #expect(told.all.count == 10)
            #expect(Set(told.all.map(\.id)).count == 10)
            #expect(told.all.filter { $0.error != nil }.map(\.id) == [Self.wifi])
            #expect(report.count(.changed) == 9)
            let failed = try #require(report.entries.first { $0.state != .changed })
            #expect(failed.configuration.id.description == Self.wifi)
            #expect(failed.state == .failed, "nothing of it took effect")
            #expect(failed.error?.contains("400 InjectedFault") == true)
            #expect(failed.error?.contains("request-id") == true)
            #expect(failed.differences == ["group 3e9f91c3-246b-5ec7-bd24-4f71fcfcf4f2: intent apply → remove"])

            let next = try await planned(harness)
            #expect(
                next.configurations.filter { !$0.isNoOp }.map(\.id.description) == [Self.wifi], "no collateral change")
            #expect(await PlanApplier(graph: try graph(harness)).apply(next).succeeded)
            #expect(try await planned(harness).summary.hasChanges == false)
        }
    }

    @Test(arguments: Mode.allCases)
    func aLaterCallFailingLeavesAConfigurationPartlyChanged(_ mode: Mode) async throws {
        try await Harness.with(mode, try Self.tenant(), options: .init(limits: nil)) {
            (harness: Harness) async throws in
            let plan = try await planned(harness)
            // The Autopilot profile: a create (wave 1), then the device ids (wave 2), which fails.
            harness.simulator.inject(
                .init(
                    "POST /deviceManagement/windowsAutopilotDeploymentProfiles/\(Self.autopilot)/assign$", .status(400))
            )
            let report = await PlanApplier(graph: try graph(harness)).apply(plan)
            let entry = try #require(report.entries.first { $0.configuration.id.description == Self.autopilot })
            #expect(entry.state == .partlyChanged)
            #expect(entry.callsMade == 1)
            #expect(
                entry.differences == ["Autopilot device 4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b16 does not have the profile"]
            )
            #expect(report.count(.changed) == 9)
            let next = try await planned(harness)
            let remaining = try #require(next.configurations.first { !$0.isNoOp })
            #expect(remaining.calls == [.assignDevices([DeviceID(GUID("4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b16")!)])])
            #expect(await PlanApplier(graph: try graph(harness)).apply(next).succeeded)
        }
    }

    @Test func aDroppedBatchIsReportedExactlyAndTheNextApplyConverges() async throws {
        // In-process only: over loopback, URLSession on Linux waits for its timeout to notice a dropped connection.
        try await Harness.with(.inProcess, try Self.tenant(), options: .init(limits: nil)) {
            (harness: Harness) async throws in
            let plan = try await planned(harness)
            harness.simulator.inject(.init("POST /$batch", .dropConnection))
            let report = await PlanApplier(graph: try graph(harness)).apply(plan)
            #expect(!report.succeeded)
            // The writes of the first wave went out in one $batch that got no answer: nothing took effect.
            #expect(report.entries.allSatisfy { $0.state == .failed })
            #expect(
                report.entries.allSatisfy {
                    if case .noAnswer? = $0.failure { true } else { false }
                })
            #expect(report.entries.allSatisfy { $0.callsMade == 0 })
            let next = try await planned(harness)
            #expect(next.summary.toChange == 10)
            #expect(await PlanApplier(graph: try graph(harness)).apply(next).succeeded)
            #expect(try await planned(harness).summary.hasChanges == false)
        }
    }
}

/// What `apply` told of each configuration as its writes were answered.
final class Told: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(id: String, made: Int, error: String?)] = []

    /// Everything told, in order.
    var all: [(id: String, made: Int, error: String?)] { lock.withLock { entries } }
    /// Records one configuration.
    func add(_ id: String, _ made: Int, _ error: String?) { lock.withLock { entries.append((id, made, error)) } }
}

/// Writes as real tenants route them (field-notes §8): a single create that is not routed is sent again as `assign`
/// after the configuration is read again, and app configurations' `assign` is sent again with its cast segment;
/// both show in the report, and a tenant that routes the plain write never sees the second one.
extension ApplyTests {
    static let appConfiguration = Kinds.named("mobileAppConfiguration")!
    static let profiles = Kinds.named("deviceConfiguration")!

    /// Plans manifests that give every configuration of `tenant` these groups.
    func plan(_ tenant: SimulatedTenant, _ groups: [String], _ harness: Harness) async throws -> Plan {
        var text = "version: 1\nconfigurations:\n"
        for configuration in tenant.configurations {
            text += "  - kind: \(configuration.kind)\n    id: \(configuration.id)\n    assignments:\n"
            for group in groups { text += "      - group: \(group)\n" }
        }
        let state = ManifestLoader.load([ManifestSource(path: "m.yaml", bytes: Array(text.utf8))]).state
        let (plan, diagnostics) = try await PlanMaker.make(state, manifestDigest: "t", graph: try graph(harness))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        return try #require(plan)
    }

    @Test(arguments: [false, true])
    func aSingleCreateThatIsNotRoutedIsSentAsAssign(_ routed: Bool) async throws {
        let tenant = Fixture.tenant(kinds: [Self.profiles])
        var options = GraphSimulator.Options(limits: nil)
        if !routed { options.unroutedSingleCreates.insert("deviceConfiguration") }
        try await Harness.with(.inProcess, tenant, options: options) { (harness: Harness) async throws in
            let plan = try await plan(tenant, [Fixture.pilot], harness)
            guard case .create = try #require(plan.configurations.first?.calls.first) else {
                Issue.record("one addition on deviceConfiguration is planned as a single create")
                return
            }
            let mark = harness.simulator.requestLog.count
            let report = await PlanApplier(graph: try graph(harness)).apply(plan)
            #expect(report.succeeded, "\(report.entries.map { ($0.state, $0.error ?? "") })")
            let entry = try #require(report.entries.first)
            let sent = writes(harness, since: mark).map { "\($0.method) \($0.status) \($0.path)" }
            if routed {
                #expect(entry.notes.isEmpty)
                #expect(sent.count == 1 && sent[0].hasPrefix("POST 201 "))
            } else {
                #expect(entry.noteWords.first?.contains("sent as `assign` with the full set") == true)
                #expect(sent.count == 2, "\(sent)")
                #expect(sent.first?.hasPrefix("POST 400 ") == true && sent.last?.hasSuffix("/assign") == true)
                guard case .assign = try #require(entry.configuration.calls.first) else {
                    Issue.record("the report names the call that was made")
                    return
                }
            }
            let again = try await self.plan(tenant, [Fixture.pilot], harness)
            #expect(again.summaryLine == "No changes. The tenant matches the manifests.")
        }
    }

    /// Two app configurations: the first `assign` meets "No OData route" and is sent with the cast segment; the
    /// second goes with it at once. A tenant that routes the plain `assign` sees no cast at all.
    @Test(arguments: [true, false])
    func appConfigurationsAssignWithTheCastSegmentWhenThePlainRouteIsNotServed(_ needsCast: Bool) async throws {
        let tenant = Fixture.tenant(kinds: [Self.appConfiguration], perKind: 2)
        var options = GraphSimulator.Options(limits: nil)
        options.appConfigurationAssignNeedsCast = needsCast
        try await Harness.with(.inProcess, tenant, options: options) { (harness: Harness) async throws in
            let plan = try await plan(tenant, [Fixture.pilot], harness)
            let mark = harness.simulator.requestLog.count
            let report = await PlanApplier(graph: try graph(harness), justification: "one by one").apply(plan)
            #expect(report.succeeded, "\(report.entries.map { ($0.state, $0.error ?? "") })")
            let sent = writes(harness, since: mark).map { "\($0.status) \($0.path)" }
            if needsCast {
                #expect(sent.count == 3, "one 400, then both with the cast: \(sent)")
                #expect(sent.filter { $0.hasPrefix("400 ") }.count == 1)
                #expect(
                    sent.filter { $0.hasSuffix("/microsoft.graph.managedDeviceMobileAppConfiguration/assign") }.count
                        == 2)
                #expect(report.entries.contains { $0.noteWords.first?.contains("cast segment") == true })
            } else {
                #expect(sent.count == 2 && sent.allSatisfy { $0.hasPrefix("204 ") && !$0.contains("microsoft.graph.") })
                #expect(report.entries.allSatisfy { $0.notes.isEmpty })
            }
        }
    }
}

extension ApplyTests {
    /// Some Intune 429s carry no `Retry-After` (field-notes §8): the write is retried after an exponential backoff
    /// with jitter, every task waits with it, and the apply converges.
    @Test func throttlingWithoutRetryAfterBacksOffAndConverges() async throws {
        var options = GraphSimulator.Options(limits: nil)
        options.throttleWithoutRetryAfter = true
        try await Harness.with(.inProcess, try Self.tenant(), options: options) { (harness: Harness) async throws in
            let plan = try await planned(harness)
            harness.simulator.inject(.init("/assign", count: 3, .status(429)))
            let clock = SimulatedTime()
            let cloud = try Cloud.global.overriding(graphRoot: harness.simulator.options.baseURL)
            // A first backoff of 10 s, far from the 1 s the simulator names when it sends `Retry-After`: the wait
            // tells which one was used.
            let policy = RetryPolicy(baseDelay: 10, writeLimit: nil, requestLimit: nil)
            let graph = IntuneGraph(
                session: GraphSession(transport: harness.transport, cloud: cloud, policy: policy, sleeper: clock))
            let report = await PlanApplier(graph: graph).apply(plan)
            #expect(report.succeeded, "\(report.entries.map { ($0.state, $0.error ?? "") })")
            let throttled = harness.simulator.requestLog.filter { $0.status == 429 }
            #expect(throttled.count == 3)
            // Three writes of one `$batch` throttled at once: each retried after the policy's first backoff, 10 s
            // ± 25 %, since Graph named no wait; the shared pause makes them wait together, not one after another.
            #expect(clock.now() >= 7.5 && clock.now() < 30, "waited \(clock.now()) s")
            #expect(try await planned(harness).summary.hasChanges == false)
        }
    }
}

extension ApplyTests {
    /// "Scope Tags validation failed : Filters …" (field-notes §8): the failure names the filter and what to do.
    @Test func aFilterOutsideTheScopeTagsIsNamedWithWhatToDo() async throws {
        var options = GraphSimulator.Options(limits: nil)
        options.filtersOutOfScope = [Fixture.filter]
        let tenant = Fixture.tenant(kinds: [Self.profiles])
        try await Harness.with(.inProcess, tenant, options: options) { (harness: Harness) async throws in
            let made = try await plan(
                Self.profiles, tenant.configurations[0].id, harness,
                "- group: \(Fixture.pilot)\n  filter: { include: \(Fixture.filter) }\n- group: \(Fixture.finance)")
            let report = await PlanApplier(graph: try graph(harness)).apply(made)
            let entry = try #require(report.entries.first)
            #expect(entry.state == .failed)
            #expect(
                entry.error?.contains(
                    "the assignment filter \"Corporate Windows\" (\(Fixture.filter)) of this write is outside the scope "
                        + "tags of the identity that signs in") == true, "\(entry.error ?? "")")
        }
    }
}

extension ApplyTests {
    /// `runRemediationScript` reads back false whatever was written (field-notes §8): it is sent, never compared, and
    /// the plan after the apply has no changes, its line noting the field.
    @Test func runRemediationScriptIsWrittenButNotCompared() async throws {
        let kind = try #require(Kinds.named("deviceHealthScript"))
        let tenant = Fixture.tenant(kinds: [kind])
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let entries = "- group: \(Fixture.pilot)\n  runRemediationScript: true"
            let plan = try await self.plan(kind, tenant.configurations[0].id, harness, entries)
            guard case .assign(let bodies) = try #require(plan.configurations.first?.calls.first) else {
                Issue.record("an assign")
                return
            }
            #expect(bodies.first?["runRemediationScript"] == .bool(true), "sent as the manifest says")
            let report = await PlanApplier(graph: try graph(harness)).apply(plan)
            #expect(report.succeeded, "\(report.entries.map { ($0.state, $0.error ?? "", $0.differences) })")
            let stored = harness.simulator.tenant.configurations[0].assignments.first
            #expect(stored?["runRemediationScript"] == .bool(false), "the simulator reads it back false")
            let after = try await self.plan(kind, tenant.configurations[0].id, harness, entries)
            #expect(after.summaryLine == "No changes. The tenant matches the manifests.")
            #expect(
                after.configurations.first?.changes.first?.reasons
                    == ["runRemediationScript is written but not compared: Graph reads it back false (field-notes §8)"])
        }
    }
}

extension ApplyTests {
    /// The plan of a one-configuration manifest whose `assignments:` are `entries` (YAML list lines, unindented).
    func plan(_ kind: Kind, _ id: String, _ harness: Harness, _ entries: String) async throws -> Plan {
        let indented = entries.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
        let text = "version: 1\nconfigurations:\n  - kind: \(kind.name)\n    id: \(id)\n    assignments:\n\(indented)\n"
        let state = ManifestLoader.load([ManifestSource(path: "m.yaml", bytes: Array(text.utf8))]).state
        let (plan, diagnostics) = try await PlanMaker.make(state, manifestDigest: "t", graph: try graph(harness))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        return try #require(plan)
    }
}

extension ApplyReport.Entry {
    /// The failure as the report words it.
    var error: String? { failure.map(ApplyWords.failure) }
    /// The notes as the report words them.
    var noteWords: [String] { notes.map(ApplyWords.note) }
}
