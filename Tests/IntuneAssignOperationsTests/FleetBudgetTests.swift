import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import TestSupport
import Testing

/// Graph caps an app across all tenants (limits.md: 130,000 requests per 10 s). A fleet's sessions take their
/// requests from one shared budget, so tenants side by side stay under the cap the simulators share, where each
/// tenant's own pacing alone runs into it.
@Suite struct FleetBudgetTests {
    /// Plans of nothing on three tenants whose simulators share an app cap of 4 requests per second, with or without
    /// a shared budget on the client side; the results, and the throttles the simulators answered.
    static func run(budget: RequestBudget?, time: SimulatedTime, cap: AppWideLimit) async throws
        -> [FleetTenantResult]
    {
        let jobs = try ["contoso", "fabrikam", "tailspin"].map { name in
            let file = try SimulatedTenant.load(
                Data(contentsOf: Repository.url("examples/fleet/tenants/\(name).json")))
            var options = GraphSimulator.Options(baseURL: "https://graph.microsoft.com")
            options.appLimit = cap
            let simulator = GraphSimulator(tenant: file, options: options, clock: time.now)
            let session = GraphSession(
                transport: InProcessTransport(simulator), cloud: Cloud.named("global")!,
                policy: RetryPolicy(jitter: 0), budget: budget, sleeper: time)
            let input = ManifestInput(state: DesiredState(), digest: "d")
            return FleetRunner.Job<IntuneGraph>(
                tenant: name, identity: name, connect: { IntuneGraph(session: session) },
                work: { graph in
                    switch await PlanOperation(graph: graph).run(input, view: FleetRunnerTests.QuietView()) {
                    case .planned(let plan): .planned(plan)
                    case .problems: .problems([])
                    case .readFailed(let error): .failed(error)
                    }
                })
        }
        return await FleetRunner(width: 3).run(jobs)
    }

    @Test func aSharedBudgetKeepsTheFleetUnderTheAppsCap() async throws {
        // Without the budget, the three tenants' first requests together pass the cap: Graph answers 429.
        let unpaced = try await Self.run(
            budget: nil, time: SimulatedTime(), cap: AppWideLimit(requests: 4, window: 1))
        #expect(unpaced.map(\.throttles).reduce(0, +) > 0)
        // With it (the cap and a margin), no tenant is throttled, and each plans with the requests it needs alone.
        let time = SimulatedTime()
        let paced = try await Self.run(
            budget: RequestBudget(count: 4, window: 1.1, clock: time.now), time: time,
            cap: AppWideLimit(requests: 4, window: 1))
        #expect(paced.map(\.throttles) == [0, 0, 0])
        #expect(paced.map(\.verdict) == ["no changes", "no changes", "no changes"])
        let requests = paced.map(\.requests).reduce(0, +)
        #expect(requests > 4, "the fleet needs more requests than one window holds")
        // Pacing took simulated time: at least one window per 4 requests after the first 4.
        #expect(time.now() >= 1.1 * Double((requests - 1) / 4))
    }

    @Test func theBudgetHandsOutSlotsInOrderAndNeverMoreThanItsCountPerWindow() async throws {
        let time = SimulatedTime()
        let budget = RequestBudget(count: 3, window: 2, clock: time.now)
        // Three fit now; the fourth waits for the first to leave the window, a batch of two for the next two.
        #expect([budget.reserve(1), budget.reserve(1), budget.reserve(1)] == [0, 0, 0])
        #expect(budget.reserve(1) == 2)
        #expect(budget.reserve(2) == 2)
        #expect(budget.reserve(1) == 4)
        // Waits are from the budget's clock's now.
        try await time.sleep(until: 3)
        #expect(budget.reserve(1) == 1)
    }
}
