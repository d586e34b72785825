import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import Synchronization
import TestSupport
import Testing

/// A fleet's tenants run side by side, each through its own session: a throttled tenant waits alone, a failed one
/// is its own result, and `--fail-fast` stops the tenants not yet started.
@Suite struct FleetRunnerTests {
    /// A Graph over one of the example fleet's simulated tenants, throttled `throttles` times before it answers.
    static func graph(_ tenant: String, throttles: Int = 0) throws -> IntuneGraph {
        let file = try SimulatedTenant.load(Data(contentsOf: Repository.url("examples/fleet/tenants/\(tenant).json")))
        let simulator = GraphSimulator(tenant: file, options: .init(baseURL: "https://graph.microsoft.com"))
        if throttles > 0 { simulator.inject(.init("GET /", count: throttles, .status(429))) }
        // Retries wait 0.2 s and more: long beside an unthrottled tenant's whole plan.
        let session = GraphSession(
            transport: InProcessTransport(simulator), cloud: Cloud.named("global")!,
            policy: RetryPolicy(baseDelay: 0.2, jitter: 0))
        return IntuneGraph(session: session)
    }

    /// A plan of nothing: it still reads the tenant's organization and configurations.
    static func planJob(_ tenant: String, throttles: Int = 0) -> FleetRunner.Job<IntuneGraph> {
        let input = ManifestInput(state: DesiredState(), digest: "d")
        return FleetRunner.Job(
            tenant: tenant, identity: tenant, connect: { try graph(tenant, throttles: throttles) },
            work: { graph in
                switch await PlanOperation(graph: graph).run(input, view: QuietView()) {
                case .planned(let plan): .planned(plan)
                case .problems: .problems([])
                case .readFailed(let error): .failed(error)
                }
            })
    }

    struct QuietView: PlanView {
        func reading(_ progress: ReadProgress) {}
        func readingDone() {}
        func problems(_ diagnostics: [Diagnostic]) {}
        func planned(_ plan: Plan) {}
    }

    @Test func aThrottledTenantWaitsAloneAndTheOthersFinishFirst() async throws {
        let finished = Mutex<[String]>([])
        let results = await FleetRunner(width: 2).run(
            [Self.planJob("contoso", throttles: 3), Self.planJob("fabrikam")],
            finished: { result in finished.withLock { $0.append(result.tenant) } })
        #expect(finished.withLock { $0 } == ["fabrikam", "contoso"])
        #expect(results.map(\.tenant) == ["contoso", "fabrikam"], "results come back in the jobs' order")
        #expect(results.map(\.throttles) == [3, 0])
        for result in results {
            guard case .planned = result.outcome else {
                Issue.record("\(result.tenant): \(result.outcome)")
                continue
            }
            #expect(result.requests > 0)
        }
    }

    @Test func aFailedTenantIsItsOwnResultAndFailFastStopsTheRest() async throws {
        let failing = FleetRunner.Job<IntuneGraph>(
            tenant: "broken", identity: "broken", connect: { throw GraphError.configuration("no route to the tenant") },
            work: { _ in .notRun })
        let jobs = [failing, Self.planJob("contoso"), Self.planJob("fabrikam")]
        let goOn = await FleetRunner(width: 1).run(jobs)
        #expect(goOn.map(\.verdict) == ["failed", "no changes", "no changes"])
        guard case .failed(let reason) = goOn[0].outcome else { return }
        #expect(reason.hasPrefix("signing in failed: "))
        #expect(FleetExit.worst(goOn, detailed: false) == (1, "broken"))
        let stopped = await FleetRunner(width: 1, failFast: true).run(jobs)
        #expect(stopped.map(\.verdict) == ["failed", "not run", "not run"])
    }
}
