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

    /// One tenant: its simulator, the recorder in front of it, a session with its own token, and its manifests.
    struct Tenant {
        let simulator: GraphSimulator
        let recorder: RecordingTransport
        let session: GraphSession
        let input: ManifestInput
        let token: String

        init(tenantFile: String, manifests folder: String, tenantId: GUID, token: String) throws {
            var tenant = try SimulatedTenant.load(Data(contentsOf: Repository.url(tenantFile)))
            tenant.tenantId = tenantId.description
            simulator = GraphSimulator(tenant: tenant, options: .init(baseURL: "https://graph.microsoft.com"))
            recorder = RecordingTransport(InProcessTransport(simulator))
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
        let first = try Tenant(
            tenantFile: "examples/tenant.json", manifests: "examples/manifests",
            tenantId: GUID("11111111-2222-4333-8444-555555555555")!, token: "token-of-the-first")
        let second = try Tenant(
            tenantFile: "examples/windows365/tenant.json", manifests: "examples/windows365",
            tenantId: GUID("66666666-7777-4888-9999-000000000000")!, token: "token-of-the-second")
        let (firstView, secondView) = (RecordingView(), RecordingView())
        async let firstOutcome = ApplyOperation(graph: IntuneGraph(session: first.session)).run(
            .init(source: .manifests(first.input)), view: firstView)
        async let secondOutcome = ApplyOperation(graph: IntuneGraph(session: second.session)).run(
            .init(source: .manifests(second.input)), view: secondView)
        let outcomes = await (firstOutcome, secondOutcome)
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
            #expect(await tenant.session.requestCount >= exchanges.count)
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
}
