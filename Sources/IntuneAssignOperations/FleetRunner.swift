public import GraphClient
public import IntuneAssignCore
import Synchronization

/// Runs one operation per tenant of a fleet, at most `width` tenants at once (issue 28, item 4). Each tenant brings
/// its own Graph (session, token, retry and pacing state), so a tenant that is throttled waits alone: nothing here is
/// shared between tenants but the count of tenants running. A tenant's failure is its result, and the others go on,
/// unless `failFast`: then tenants not yet started are reported as not run.
public struct FleetRunner: Sendable {
    /// One tenant's work: how to reach its Graph (a connection that may hold more, such as a simulator to save),
    /// and what to do there.
    public struct Job<Connection: FleetConnection>: Sendable {
        /// The tenant's name in the fleet file.
        public var tenant: String
        /// Its id or domain.
        public var identity: String
        /// Signs in to the tenant (or opens its simulator); a thrown error is the tenant's failure.
        public var connect: @Sendable () async throws -> Connection
        /// The work on the tenant's connection.
        public var work: @Sendable (Connection) async -> FleetTenantResult.Outcome

        /// A job from its parts.
        public init(
            tenant: String, identity: String, connect: @escaping @Sendable () async throws -> Connection,
            work: @escaping @Sendable (Connection) async -> FleetTenantResult.Outcome
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
    public func run<Connection>(
        _ jobs: [Job<Connection>], finished: @escaping @Sendable (FleetTenantResult) -> Void = { _ in }
    ) async -> [FleetTenantResult] {
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
    static func run<Connection>(_ job: Job<Connection>, stop: StopFlag, failFast: Bool) async -> FleetTenantResult {
        var result = FleetTenantResult(tenant: job.tenant, identity: job.identity, outcome: .notRun)
        guard !stop.isSet else { return result }
        let connection: Connection
        do {
            connection = try await job.connect()
        } catch {
            result.outcome = .failed("signing in failed: \(error)")
            if failFast { stop.set() }
            return result
        }
        result.outcome = await job.work(connection)
        result.requests = await connection.graph.session.requestCount
        result.throttles = await connection.graph.session.throttles
        if failFast, result.exitStatus(detailed: false) == 1 { stop.set() }
        return result
    }
}

/// What a fleet job connects to: a tenant's Graph, whose session counts the tenant's requests.
public protocol FleetConnection: Sendable {
    /// The tenant's Graph.
    var graph: IntuneGraph { get }
}

extension IntuneGraph: FleetConnection {
    /// Itself.
    public var graph: IntuneGraph { self }
}

/// A flag any task may set and every task may read.
final class StopFlag: Sendable {
    private let value = Atomic(false)

    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
