import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// The session against the in-process simulator.
struct SessionFixture {
    static let root = "https://graph.simulator.invalid"
    static let tenantID = "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11"
    static let clientID = "11111111-2222-4333-8444-555555555555"
    static let secret = "not-a-secret-session-test"

    let time = SimulatedTime()
    let simulator: GraphSimulator
    let session: GraphSession

    init(
        kind: Kind, count: Int, options: GraphSimulator.Options = .init(), policy: RetryPolicy = RetryPolicy(),
        signIn: Bool = false
    ) throws {
        let configurations = (0..<count).map { index in
            SimulatedTenant.Configuration(
                kind: kind.name,
                id: GUID(high: 0xC0F1_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0000).description,
                displayName: "\(kind.name) \(index)")
        }
        let tenant = SimulatedTenant(
            tenantId: Self.tenantID, application: .init(clientId: Self.clientID, clientSecret: Self.secret),
            groups: [.init(id: "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01", displayName: "IT Pilot")],
            configurations: configurations)
        var options = options
        options.baseURL = Self.root
        let time = self.time
        simulator = GraphSimulator(tenant: tenant, options: options, clock: { time.now() })
        let transport = InProcessTransport(simulator)
        let cloud = try Cloud.global.overriding(graphRoot: Self.root, authorityHost: Self.root)
        let tokens: (any TokenProvider)? =
            signIn
            ? ClientCredential(
                transport: transport, cloud: cloud, tenantID: Self.tenantID, clientID: Self.clientID,
                proof: .secret(Self.secret), sleeper: time)
            : nil
        session = GraphSession(transport: transport, cloud: cloud, tokens: tokens, policy: policy, sleeper: time)
    }

    func path(_ kind: Kind, _ index: Int) -> String {
        "\(kind.collectionPath)/\(GUID(high: 0xC0F1_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0000))"
    }
}

@Suite struct GraphSessionTests {
    let policyKind = Kinds.named("configurationPolicy")!

    @Test func listFollowsNextLinksVerbatim() async throws {
        let fixture = try SessionFixture(kind: policyKind, count: 250)
        let items = try await IntuneGraph(session: fixture.session).collection(policyKind.collectionPath)
        #expect(items.count == 250)
        #expect(Set(items.compactMap { $0["id"]?.stringValue }).count == 250)
        #expect(await fixture.session.requestCount == 10, "pages of 25, the default of configurationPolicies")
    }

    @Test(arguments: [(20, 1), (21, 2), (1000, 50)])
    func batchesAreSplitAtTwenty(_ count: Int, _ batches: Int) async throws {
        let fixture = try SessionFixture(kind: policyKind, count: count)
        let requests = (0..<count).map {
            BatchRequest(id: "r\($0)", url: fixture.path(policyKind, $0) + "/assignments")
        }
        let answers = try await fixture.session.batch(requests)
        #expect(answers.count == count)
        #expect(answers.values.allSatisfy { $0.status == 200 && $0.body?["value"] == .array([]) })
        #expect(answers["r\(count - 1)"]?.id == "r\(count - 1)")
        #expect(await fixture.session.requestCount == batches)
        #expect(fixture.simulator.requestLog.filter { $0.path == "/beta/$batch" }.count == batches)
    }

    @Test func throttledInnerRequestsAreRetriedAlone() async throws {
        let fixture = try SessionFixture(
            kind: policyKind, count: 40,
            options: .init(limits: .init(requests: 30, writes: 10, window: 20)))
        let requests = (0..<40).map { BatchRequest(id: "r\($0)", url: fixture.path(policyKind, $0) + "/assignments") }
        let answers = try await fixture.session.batch(requests, concurrency: 1)
        #expect(answers.count == 40)
        #expect(answers.values.allSatisfy { $0.status == 200 })
        // The 10 throttled requests were sent again — and only they.
        let inner = fixture.simulator.requestLog.filter { $0.batch != nil }
        #expect(inner.filter { $0.status == 429 }.count == 10)
        #expect(inner.count == 50)
        #expect(Set(inner.filter { $0.status == 200 }.map(\.path)).count == 40)
        #expect(await fixture.session.requestCount == 3)
        #expect(fixture.time.now() >= 20, "the retry waited for the window")
    }

    @Test func writesInsideBatchesArePacedUnderTheWriteLimit() async throws {
        let fixture = try SessionFixture(
            kind: policyKind, count: 25,
            options: .init(limits: .init(requests: 1000, writes: 10, window: 20)),
            policy: RetryPolicy(writeLimit: (10, 20)))
        let requests = (0..<25).map { index in
            BatchRequest(
                id: "w\(index)", method: "POST", url: fixture.path(policyKind, index) + "/assign",
                body: ["assignments": [["target": ["@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"]]]])
        }
        // One batch at a time: on simulated time a sleeping task moves the clock for every task at once, which real
        // time does not.
        let answers = try await fixture.session.batch(requests, concurrency: 1)
        #expect(answers.values.allSatisfy { $0.status == 200 })
        #expect(fixture.simulator.requestLog.allSatisfy { $0.status != 429 }, "paced: Graph never had to throttle")
        #expect(fixture.simulator.requestLog.filter { $0.path == "/beta/$batch" }.count == 3, "batches of ten writes")
        #expect(await fixture.session.throttles == 0)
        #expect(fixture.time.now() >= 40, "25 writes at 10 per 20 s")
    }

    @Test func aThrottleSeenByOneTaskSlowsEveryTask() async throws {
        let fixture = try SessionFixture(kind: policyKind, count: 0)
        fixture.simulator.inject(.init("GET /groups", count: 1, .status(429)))
        let session = fixture.session
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { _ = try await session.send("GET", "/groups") }
            }
            try await group.waitForAll()
        }
        // One 429 with Retry-After 1: the retry and every request that started after it waited for the pause.
        #expect(await session.throttles == 1)
        #expect(await session.retriesUsed == 1)
        #expect(fixture.time.now() >= 1)
        #expect(fixture.simulator.requestLog.filter { $0.status == 200 }.count == 4)
    }

    @Test func retriesRunOutPerRequestAndPerRun() async throws {
        let fixture = try SessionFixture(kind: policyKind, count: 0, policy: RetryPolicy(maxAttempts: 3, budget: 4))
        // 504s: transient failures, which (unlike throttling with Retry-After) count against the run's budget.
        fixture.simulator.inject(.init("GET /groups", count: 100, .status(504)))
        do {
            _ = try await fixture.session.send("GET", "/groups")
            Issue.record("no error")
        } catch {
            #expect(error.isRetriesExhausted)
            #expect(error.status == 504)
        }
        #expect(await fixture.session.requestCount == 3)
        do {
            _ = try await fixture.session.send("GET", "/groups")
            Issue.record("no error")
        } catch {
            #expect(error.isRetriesExhausted)
        }
        // Two retries left in the run's budget of four: three tries, then the budget is spent.
        #expect(await fixture.session.requestCount == 6)
        #expect(await fixture.session.retriesUsed == 4)
    }

    @Test func errorsThatAreNotRetriedSurfaceWithGraphsDetails() async throws {
        let kind = try #require(Kinds.named("mobileApp"))
        let fixture = try SessionFixture(kind: kind, count: 1, options: .init(forbidden: ["/deviceAppManagement"]))
        do {
            _ = try await fixture.session.send("GET", fixture.path(kind, 0) + "/assignments", kind: kind)
            Issue.record("no error")
        } catch {
            #expect(error.status == 403)
            #expect(error.graphCode == "Forbidden")
            #expect(error.requestID != nil)
            #expect(error.description.contains("DeviceManagementConfiguration.Read.All"))
        }
        #expect(await fixture.session.requestCount == 1)
    }

    @Test func droppedConnectionsAreRetriedWhenRepeatable() async throws {
        let fixture = try SessionFixture(kind: policyKind, count: 0)
        fixture.simulator.inject(.init("GET /groups", count: 2, .dropConnection))
        let response = try await fixture.session.send("GET", "/groups")
        #expect(response.status == 200)
        #expect(await fixture.session.requestCount == 3)
        fixture.simulator.inject(.init("POST /directoryObjects", count: 1, .dropConnection))
        do {
            _ = try await fixture.session.send(
                "POST", "/directoryObjects/getByIds", body: ["ids": []], weight: .init(repeatable: false))
            Issue.record("no error")
        } catch {
            #expect(error.status == nil)
            #expect(error.path == "/beta/directoryObjects/getByIds")
        }
    }

    @Test func clientSecretTokensAreCachedRefreshedBeforeExpiryAndOnce401() async throws {
        let fixture = try SessionFixture(
            kind: policyKind, count: 0, options: .init(requireToken: true, tokenLifetime: 3600),
            signIn: true)
        #expect(try await fixture.session.send("GET", "/groups").status == 200)
        #expect(try await fixture.session.send("GET", "/groups").status == 200)
        let tokenRequests = { fixture.simulator.requestLog.filter { $0.path.hasSuffix("/oauth2/v2.0/token") }.count }
        #expect(tokenRequests() == 1, "cached")
        try await fixture.time.sleep(until: 3600 - 299)
        #expect(try await fixture.session.send("GET", "/groups").status == 200)
        #expect(tokenRequests() == 2, "refreshed five minutes before expiry")
        fixture.simulator.revokeTokens()
        #expect(try await fixture.session.send("GET", "/groups").status == 200)
        #expect(tokenRequests() == 3, "refreshed once after a 401")
        #expect(fixture.simulator.requestLog.filter { $0.status == 401 }.count == 1)
    }

    @Test func aRefusedSignInSaysWhyWithoutTheSecret() async throws {
        let fixture = try SessionFixture(kind: policyKind, count: 0, options: .init(requireToken: true))
        let cloud = try Cloud.global.overriding(graphRoot: SessionFixture.root, authorityHost: SessionFixture.root)
        let wrong = "wrong-secret-value-that-must-not-leak"
        let credential = ClientCredential(
            transport: InProcessTransport(fixture.simulator), cloud: cloud, tenantID: SessionFixture.tenantID,
            clientID: SessionFixture.clientID, proof: .secret(wrong), sleeper: fixture.time)
        do {
            _ = try await credential.token(forceRefresh: false)
            Issue.record("no error")
        } catch {
            #expect(error.status == 401)
            #expect(error.graphCode == "invalid_client")
            #expect(error.description.contains("AADSTS7000215"))
            #expect(!error.description.contains(wrong))
            #expect(!String(reflecting: error).contains(wrong))
        }
    }
}
