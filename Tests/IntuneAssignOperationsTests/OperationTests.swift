import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import TestSupport
import Testing

/// Operations hold nothing global: two applies on two tenants run at once in one process, each through its own
/// session (token, throttle state, request count), and each tenant ends as its own manifests say.
@Suite struct OperationTests {
    /// A view that records what it was told and says yes.
    final class RecordingView: ApplyView, @unchecked Sendable {
        private let lock = NSLock()
        private var told: [String] = []
        var events: [String] { lock.withLock { told } }
        private func add(_ event: String) { lock.withLock { told.append(event) } }

        func reading(_ progress: ReadProgress) {}
        func readingDone() { add("read") }
        func problems(_ diagnostics: [Diagnostic]) { add("problems: \(diagnostics.map(\.message))") }
        func planned(_ plan: Plan) { add("planned \(plan.tenant)") }
        func confirm(_ plan: Plan) async -> ApplyConfirmation {
            add("confirm")
            return .yes
        }
        func resumed(done: [ConfigurationPlan], partlyDone: [(configuration: ConfigurationPlan, callsDone: Int)]) {
            add("resumed")
        }
        func nothingToApply() { add("nothing") }
        func applying(_ plan: Plan, oneByOne: Bool) { add("applying") }
        func settled(_ settled: ApplyMachine.Settled) { add("settled") }
        func rereading(_ configurations: Int, seconds: Double) {}
        func finished(_ report: ApplyReport) { add("finished") }
    }

    /// The order in which requests of several sessions reached their transports, across all of them.
    final class Arrivals: @unchecked Sendable {
        private let lock = NSLock()
        private var order: [String] = []
        /// Every arrival so far, by tenant label.
        var all: [String] { lock.withLock { order } }
        /// Records one arrival.
        func add(_ label: String) { lock.withLock { order.append(label) } }
    }

    /// One tenant: its simulator, the recorder in front of it, a session with its own token, and its manifests.
    struct Tenant {
        let simulator: GraphSimulator
        let recorder: RecordingTransport
        let session: GraphSession
        let input: ManifestInput
        let token: String

        init(
            tenantFile: String, manifests folder: String, tenantId: GUID, token: String, arrivals: Arrivals? = nil
        ) throws {
            var tenant = try SimulatedTenant.load(Data(contentsOf: Repository.url(tenantFile)))
            tenant.tenantId = tenantId.description
            let simulator = GraphSimulator(tenant: tenant, options: .init(baseURL: "https://graph.microsoft.com"))
            self.simulator = simulator
            // Each request takes a moment, as over a network, so that two runs overlap when they run at once.
            recorder = RecordingTransport(
                ClosureTransport { request in
                    arrivals?.add(token)
                    try await Task.sleep(for: .milliseconds(2))
                    return try await InProcessTransport(simulator).send(request)
                })
            // Each session paces itself: its own write limit, its own retry state.
            session = GraphSession(
                transport: recorder, cloud: Cloud.named("global")!, tokens: StaticToken(token),
                policy: RetryPolicy(writeLimit: (count: 100, window: 20), requestLimit: (count: 1000, window: 20)))
            let files = try FileManager.default.contentsOfDirectory(atPath: Repository.url(folder).path)
                .filter { $0.hasSuffix(".yaml") }.sorted()
            let sources = try files.map { file in
                ManifestSource(
                    path: "\(folder)/\(file)", bytes: [UInt8](try Data(contentsOf: Repository.url("\(folder)/\(file)")))
                )
            }
            var loaded = ManifestLoader.load(sources)
            try #require(!loaded.hasErrors)
            loaded.state.tenant = tenantId
            input = ManifestInput(state: loaded.state, digest: Digests.manifests(sources.map { ($0.path, $0.bytes) }))
            self.token = token
        }
    }

    @Test func twoAppliesOnTwoTenantsRunAtOnceEachWithItsOwnSession() async throws {
        let arrivals = Arrivals()
        let first = try Tenant(
            tenantFile: "examples/tenant.json", manifests: "examples/manifests",
            tenantId: GUID("11111111-2222-4333-8444-555555555555")!, token: "token-of-the-first", arrivals: arrivals)
        let second = try Tenant(
            tenantFile: "examples/windows365/tenant.json", manifests: "examples/windows365",
            tenantId: GUID("66666666-7777-4888-9999-000000000000")!, token: "token-of-the-second", arrivals: arrivals)
        let (firstView, secondView) = (RecordingView(), RecordingView())
        async let firstOutcome = ApplyOperation(graph: IntuneGraph(session: first.session)).run(
            .init(source: .manifests(first.input)), view: firstView)
        async let secondOutcome = ApplyOperation(graph: IntuneGraph(session: second.session)).run(
            .init(source: .manifests(second.input)), view: secondView)
        let outcomes = await (firstOutcome, secondOutcome)
        // They ran at once: the second tenant's requests began before the first tenant's ended.
        let order = arrivals.all
        let (firstStart, firstEnd) = try (
            #require(order.firstIndex(of: first.token)), #require(order.lastIndex(of: first.token))
        )
        let (secondStart, secondEnd) = try (
            #require(order.firstIndex(of: second.token)), #require(order.lastIndex(of: second.token))
        )
        #expect(firstStart < secondEnd && secondStart < firstEnd, "one run waited for the other: \(order)")
        for (outcome, view) in [(outcomes.0, firstView), (outcomes.1, secondView)] {
            guard case .applied(let report) = outcome else {
                Issue.record("expected an apply, got \(outcome) after \(view.events)")
                continue
            }
            #expect(report.succeeded, "\(report.entries.map { ($0.configuration.id, $0.state, $0.failure) })")
            #expect(view.events.first == "read" && view.events.last == "finished")
        }
        for tenant in [first, second] {
            // Every request of a session went to its own tenant with its own token, and its count is its own.
            let exchanges = tenant.recorder.exchanges
            #expect(!exchanges.isEmpty)
            #expect(exchanges.allSatisfy { $0.request.headers["authorization"] == "Bearer \(tenant.token)" })
            #expect(await tenant.session.requestCount == exchanges.count)
            // Planning again finds nothing to change: each tenant holds what its own manifests say.
            let again = await PlanOperation(graph: IntuneGraph(session: tenant.session)).run(
                tenant.input, view: RecordingView())
            guard case .planned(let plan) = again else {
                Issue.record("expected a plan, got \(again)")
                continue
            }
            #expect(!plan.summary.hasChanges)
            #expect(plan.tenant.description == tenant.simulator.tenant.tenantId)
        }
        // The tenants differ: what one apply wrote is not in the other.
        #expect(first.simulator.tenant.tenantId != second.simulator.tenant.tenantId)
    }

    /// A view for usage that keeps the reports.
    final class UsageRecorder: UsageView, @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [UsageReport] = []
        var reports: [UsageReport] { lock.withLock { kept } }
        func reading(_ progress: ReadProgress) {}
        func readingDone() {}
        func problems(_ diagnostics: [Diagnostic]) { Issue.record("problems: \(diagnostics.map(\.message))") }
        func planned(_ plan: Plan) {}
        func reported(_ reports: [UsageReport], unknown: [(label: String, why: UnknownGroup)]) {
            lock.withLock { kept = reports }
        }
    }

    /// `usage --manifests` reads the tenant once: one snapshot feeds the usage report and the plan, so every kind's
    /// listing goes out once and no configuration is read twice.
    @Test func usageWithManifestsReadsTheTenantOnce() async throws {
        let tenant = try Tenant(
            tenantFile: "examples/tenant.json", manifests: "examples/manifests",
            tenantId: GUID("6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11")!, token: "token")
        let kinds = PlanMaker.reads(tenant.input.state).kinds
        let view = UsageRecorder()
        let outcome = await UsageOperation(graph: IntuneGraph(session: tenant.session)).run(
            .init(subjects: [.allUsers], kinds: kinds, manifests: tenant.input), view: view)
        guard case .reported(let unknown) = outcome else {
            Issue.record("expected a report, got \(outcome)")
            return
        }
        #expect(unknown == 0)
        #expect(view.reports.first?.withManifests == true)
        let log = tenant.simulator.requestLog.map(\.path)
        // Role assignments and Apple enrollment profiles are listed under their parents.
        let listed = { (kind: Kind) in "/beta" + (kind.graph.parent?.path ?? kind.collectionPath) }
        for kind in kinds {
            let listings = log.filter { $0 == listed(kind) }
            #expect(listings.count == 1, "\(kind.name): \(listings)")
        }
        // Every other GET names one configuration (its assignments, or the item with them expanded), or what is under
        // one parent (a role definition's role assignments, an Apple token's profiles and devices).
        let collections = Set(kinds.map(listed))
        let itemReads = log.filter {
            $0.hasPrefix("/beta/device") && !collections.contains($0) && !$0.hasSuffix("/roleAssignments")
                && !$0.hasSuffix("/enrollmentProfiles")
        }
        #expect(!itemReads.isEmpty)
        #expect(itemReads.count == Set(itemReads).count, "a configuration read twice: \(itemReads)")
    }

    /// Operations run on an in-memory tenant where the wire does not matter: the plan of a manifest against a
    /// tenant given as data, names resolved from it, and each side of the change named.
    @Test func aPlanRunsOnAnInMemoryTenant() async throws {
        let kind = try #require(Kinds.named("deviceConfiguration"))
        let id = GUID("0f2e4d6c-8b1a-4c3e-9d5f-7a9b1c3d5e70")!
        let (pilot, finance) = (
            GUID("a1a1a1a1-b2b2-4c3c-8d4d-e5e5e5e5e5e5")!, GUID("f6f6f6f6-0707-4818-9929-3a3a3a3a3a3a")!
        )
        var tenant = TenantSnapshot(tenant: GUID("6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11")!, graphRoot: "memory")
        let key = ConfigurationKey(kind: kind, id: ConfigurationID(id))
        tenant.configurations[kind] = [ListedConfiguration(id: key.id, displayName: "Wi-Fi")]
        tenant.assignments[key] = [
            [
                "id": .string("\(id)_\(pilot)"),
                "target": ["@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": .string("\(pilot)")],
            ]
        ]
        tenant.groupNames = [pilot: "Pilot", finance: "Finance"]
        tenant.groupsByName = ["Finance": [DirectoryObject(id: finance, displayName: "Finance")]]
        let yaml = """
            version: 1
            configurations:
              - kind: deviceConfiguration
                id: \(id)
                assignments:
                  - group: { name: Finance }
            """
        let loaded = ManifestLoader.load([ManifestSource(path: "m.yaml", bytes: Array(yaml.utf8))])
        try #require(!loaded.hasErrors, "\(loaded.diagnostics.map(\.message))")
        let view = RecordingView()
        let outcome = await PlanOperation(reader: InMemoryTenantReader(tenant)).run(
            ManifestInput(state: loaded.state, digest: "d"), view: view)
        guard case .planned(let plan) = outcome else {
            Issue.record("expected a plan, got \(outcome) after \(view.events)")
            return
        }
        let changes = try #require(plan.configurations.first?.changes)
        #expect(changes.map(\.action).sorted { $0.rawValue < $1.rawValue } == [.add, .remove])
        #expect(plan.groupNames == [pilot: "Pilot", finance: "Finance"])
        #expect(plan.configurations.first?.displayName == "Wi-Fi")
        #expect(view.events == ["read", "planned \(tenant.tenant)"])
    }
}
