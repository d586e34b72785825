import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import Testing

/// `plan --blame` reads the audit log beside the plan, through Graph: a plan that changes nothing stops the read
/// (no page past the one in flight is sent, and nothing is retried), and a plan that changes something reads every
/// page it needs.
@Suite struct BlameReadTests {
    /// In front of the in-process simulator: counts the audit log's pages, and holds every page after the first
    /// until the reader gives up (when `hold` is set), noting that it did.
    final class AuditGate: HTTPTransport, @unchecked Sendable {
        let inner: any HTTPTransport
        let hold: Bool
        private let lock = NSLock()
        private var sent = 0
        private var answered = 0
        private var cancelled = false

        init(_ inner: any HTTPTransport, hold: Bool) {
            self.inner = inner
            self.hold = hold
        }

        var counts: (sent: Int, answered: Int, cancelled: Bool) { lock.withLock { (sent, answered, cancelled) } }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            // A page goes alone or inside a `$batch`.
            let text = request.url + String(decoding: request.body, as: UTF8.self)
            guard text.contains("/deviceManagement/auditEvents") else { return try await inner.send(request) }
            let number = lock.withLock {
                sent += 1
                return sent
            }
            if hold, number > 1 {
                do {
                    try await Task.sleep(for: .seconds(60))
                } catch {
                    lock.withLock { cancelled = true }
                    throw error
                }
            }
            let response = try await inner.send(request)
            lock.withLock { answered += 1 }
            return response
        }
    }

    /// One Wi-Fi profile assigned to `assigned` groups, and an audit log of 2,500 events (five pages of 500).
    static func tenant(assigned: [String]) -> SimulatedTenant {
        var tenant = Fixture.tenant(kinds: [Kinds.named("deviceConfiguration")!])
        let kind = Kinds.named("deviceConfiguration")!
        tenant.configurations[0].assignments = assigned.map { Fixture.assignment(kind, group: $0) }
        tenant.auditEvents = (0..<2_500).map { index in
            [
                "id": .string(String(format: "a0d10000-0000-4000-8000-%012d", index)),
                "activityDateTime": .string(
                    String(format: "2026-11-%02dT%02d:%02d:00Z", 1 + index / 1_440, index / 60 % 24, index % 60)),
                "activity": "Patch DeviceConfiguration", "activityResult": "Success",
                "actor": ["userPrincipalName": "admin1@example.invalid"],
                "resources": [["resourceId": .string(Fixture.configurationID(9_999))]],
            ]
        }
        return tenant
    }

    /// Plans the profile with no assignment (`assignments: []`), with blame since 2026-10-01.
    func plan(_ tenant: SimulatedTenant, hold: Bool) async throws -> (Plan, AuditGate) {
        let simulator = GraphSimulator(
            tenant: tenant, options: .init(baseURL: "https://graph.microsoft.com", limits: nil))
        let gate = AuditGate(InProcessTransport(simulator), hold: hold)
        let graph = IntuneGraph(
            session: GraphSession(transport: gate, cloud: Cloud.named("global")!, sleeper: SimulatedTime()))
        let yaml = """
            version: 1
            configurations:
              - kind: deviceConfiguration
                id: \(tenant.configurations[0].id)
                assignments: []
            """
        let loaded = ManifestLoader.load([ManifestSource(path: "m.yaml", bytes: Array(yaml.utf8))])
        try #require(!loaded.hasErrors)
        let outcome = await PlanOperation(graph: graph).blaming(.init(since: "2026-10-01T00:00:00Z")).run(
            ManifestInput(state: loaded.state, digest: "d"), view: OperationTests.RecordingView())
        guard case .planned(let plan) = outcome else { throw PlanFailed() }
        return (plan, gate)
    }

    struct PlanFailed: Error {}

    @Test func aPlanThatChangesNothingStopsTheAuditRead() async throws {
        let (plan, gate) = try await plan(Self.tenant(assigned: []), hold: true)
        #expect(plan.summary.hasChanges == false)
        #expect(plan.blame?.status == .read(complete: true, pages: 0, events: 0))
        // The read goes on in the background until it is stopped: wait for the held page to give up.
        let deadline = Date().addingTimeInterval(10)
        while !gate.counts.cancelled, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        let counts = gate.counts
        #expect(counts.cancelled, "the held page was never given up")
        #expect(counts.answered <= 1, "\(counts)")
        #expect(counts.sent <= 2, "no page after the held one, and no retry of it: \(counts)")
    }

    @Test func aPlanThatChangesSomethingReadsEveryPage() async throws {
        let (plan, gate) = try await plan(Self.tenant(assigned: [Fixture.pilot]), hold: false)
        #expect(plan.summary.hasChanges)
        #expect(plan.blame?.status == .read(complete: true, pages: 5, events: 2_500))
        #expect(gate.counts.answered == 5)
    }
}
