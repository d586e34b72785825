public import GraphClient
public import IntuneAssignCore
import Synchronization

/// Runs one operation per tenant of a fleet, at most `width` tenants at once (issue 28, item 4). Each tenant brings
/// its own Graph (session, token, retry and pacing state), so a tenant that is throttled waits alone: nothing here is
/// shared between tenants but the count of tenants running. A tenant's failure is its result, and the others go on,
/// unless `failFast`: then tenants not yet started are reported as not run.
public struct FleetRunner: Sendable {
    /// One tenant's work: how to reach its Graph, and what to do there.
    public struct Job: Sendable {
        /// The tenant's name in the fleet file.
        public var tenant: String
        /// Its id or domain.
        public var identity: String
        /// Signs in to the tenant (or opens its simulator); a thrown error is the tenant's failure.
        public var connect: @Sendable () async throws -> IntuneGraph
        /// The work on the tenant's Graph.
        public var work: @Sendable (IntuneGraph) async -> FleetTenantResult.Outcome

        /// A job from its parts.
        public init(
            tenant: String, identity: String, connect: @escaping @Sendable () async throws -> IntuneGraph,
            work: @escaping @Sendable (IntuneGraph) async -> FleetTenantResult.Outcome
        ) {
            self.tenant = tenant
            self.identity = identity
            self.connect = connect
            self.work = work
        }
    }

    /// How many tenants run at once.
    public let width: Int
    /// Whether the first failed tenant stops the tenants not yet started.
    public let failFast: Bool

    /// A runner of `width` tenants at once.
    public init(width: Int, failFast: Bool = false) {
        self.width = max(1, width)
        self.failFast = failFast
    }

    /// Runs every job; `finished` is told of each tenant as it ends (from any task). Results come back in the
    /// jobs' order.
    public func run(_ jobs: [Job], finished: @escaping @Sendable (FleetTenantResult) -> Void = { _ in }) async
        -> [FleetTenantResult]
    {
        let stop = StopFlag()
        let failFast = failFast
        let results: [(Int, FleetTenantResult)] =
            (try? await boundedConcurrently(Array(jobs.indices), width: width) { index in
                let result = await Self.run(jobs[index], stop: stop, failFast: failFast)
                finished(result)
                return (index, result)
            }) ?? []
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// One tenant: sign in, work, count its requests.
    static func run(_ job: Job, stop: StopFlag, failFast: Bool) async -> FleetTenantResult {
        var result = FleetTenantResult(tenant: job.tenant, identity: job.identity, outcome: .notRun)
        guard !stop.isSet else { return result }
        let graph: IntuneGraph
        do {
            graph = try await job.connect()
        } catch {
            result.outcome = .failed("signing in failed: \(error)")
            if failFast { stop.set() }
            return result
        }
        result.outcome = await job.work(graph)
        result.requests = await graph.session.requestCount
        result.throttles = await graph.session.throttles
        if failFast, result.exitStatus(detailed: false) == 1 { stop.set() }
        return result
    }
}

/// A flag any task may set and every task may read.
final class StopFlag: Sendable {
    private let value = Atomic(false)

    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
