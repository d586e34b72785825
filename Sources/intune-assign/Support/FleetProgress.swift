import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import Synchronization

/// How a fleet run shows itself moving on stderr: one line per tenant as it ends (what a CI log keeps) and, on a
/// terminal, one live line under them: tenants done of all, requests made so far, and which tenants wait on their
/// limits now.
final class FleetProgress: Sendable {
    private struct State {
        var running: [(tenant: String, session: GraphSession)] = []
        var done = 0
        var requestsDone = 0
        var line = ""
    }

    private let total: Int
    private let live: Bool
    private let state = Mutex(State())

    /// Progress of `total` tenants; the live line only when `live` (stderr is a terminal).
    init(total: Int, live: Bool) {
        self.total = total
        self.live = live
    }

    /// Runs the jobs through `runner`, watching each tenant's session from its sign-in to its end.
    func run<Connection>(_ jobs: [FleetRunner.Job<Connection>], runner: FleetRunner) async -> [FleetTenantResult] {
        let watched = jobs.map { job in
            var watched = job
            let connect = job.connect
            watched.connect = { [self] in
                let connection = try await connect()
                state.withLock { $0.running.append((job.tenant, connection.graph.session)) }
                return connection
            }
            return watched
        }
        let ticker = live ? Task { [self] in await tick() } : nil
        let results = await runner.run(watched) { [self] result in finished(result) }
        ticker?.cancel()
        state.withLock { state in
            if !state.line.isEmpty { Terminal.err("\r\u{1B}[K") }
            state.line = ""
        }
        return results
    }

    /// A tenant ended: its line goes above the live line, which is drawn again.
    func finished(_ result: FleetTenantResult) {
        state.withLock { state in
            state.running.removeAll { $0.tenant == result.tenant }
            state.done += 1
            state.requestsDone += result.requests
            let clear = state.line.isEmpty ? "" : "\r\u{1B}[K"
            Terminal.err(clear + FleetOutput.finishedLine(result) + "\n" + state.line)
        }
    }

    /// Redraws the live line twice a second, from the sessions' own counts.
    private func tick() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            let (running, done, requestsDone) = state.withLock { ($0.running, $0.done, $0.requestsDone) }
            var requests = requestsDone
            var waiting: [String] = []
            for (tenant, session) in running {
                requests += await session.requestCount
                if await session.isWaiting { waiting.append(tenant) }
            }
            let line = Self.line(done: done, total: total, requests: requests, waiting: waiting)
            guard !Task.isCancelled else { return }
            state.withLock { state in
                state.line = line
                Terminal.err("\r\u{1B}[K" + line)
            }
        }
    }

    /// `Fleet: 12 of 200 tenants done, 3,400 requests; waiting on their limits: contoso, fabrikam and 3 more`.
    static func line(done: Int, total: Int, requests: Int, waiting: [String]) -> String {
        var line = "Fleet: \(done) of \(total) tenants done, \(requests) requests"
        if !waiting.isEmpty {
            let shown = waiting.sorted().prefix(3)
            line += "; waiting on their limits: " + shown.joined(separator: ", ")
            if waiting.count > shown.count { line += " and \(waiting.count - shown.count) more" }
        }
        return line
    }
}
