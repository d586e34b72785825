import Foundation
import GraphHTTP
import GraphSimulator
import GraphSimulatorServer
import GraphTestSupport
import IntuneAssignCore
import Testing

@testable import GraphClient

/// The real transport (AsyncHTTPClient) against the simulator on loopback: sign-in, paging, batches and
/// failures over real sockets.
@Suite struct HTTPSTransportTests {
    static let secret = "not-a-secret-loopback-test"

    func withServer(_ options: GraphSimulator.Options = .init(), _ body: (SimulatorServer) async throws -> Void)
        async throws
    {
        let kind = Kinds.named("configurationPolicy")!
        let tenant = SimulatedTenant(
            tenantId: SessionFixture.tenantID,
            application: .init(clientId: SessionFixture.clientID, clientSecret: Self.secret),
            groups: [.init(id: "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01", displayName: "IT Pilot")],
            configurations: (0..<130).map { index in
                .init(
                    kind: kind.name,
                    id: GUID(high: 0xC0F1_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0000).description,
                    displayName: "policy \(index)")
            })
        let server = try await SimulatorServer.start { url in
            var configured = options
            configured.baseURL = url
            return GraphSimulator(tenant: tenant, options: configured)
        }
        do {
            try await body(server)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test func signsInPagesAndBatchesOverLoopback() async throws {
        try await withServer(.init(requireToken: true)) { server in
            let transport = HTTPSTransport()
            let cloud = try Cloud.global.overriding(graphRoot: server.url, authorityHost: server.url)
            let credential = ClientCredential(
                transport: transport, cloud: cloud, tenantID: SessionFixture.tenantID,
                clientID: SessionFixture.clientID, proof: .secret(Self.secret))
            let session = GraphSession(transport: transport, cloud: cloud, tokens: credential)
            let kind = Kinds.named("configurationPolicy")!
            let items = try await IntuneGraph(session: session).collection(kind.collectionPath)
            #expect(items.count == 130)
            let graph = IntuneGraph(session: session)
            let ids = items.compactMap { $0["id"]?.stringValue.flatMap { ConfigurationID($0, form: .guid) } }
            let assignments = try await graph.assignments(of: ids.map { ConfigurationKey(kind: kind, id: $0) })
            #expect(assignments.count == 130)
            #expect(await session.requestCount == 6 + 7, "six pages of 25 (configurationPolicies), seven batches")
            #expect(await credential.fetches == 1)
        }
    }

    @Test func aDroppedConnectionIsReportedAtOnce() async throws {
        try await withServer { server in
            server.simulator.inject(.init("GET /groups", count: 1, .dropConnection))
            // "At once" means well before the request timeout, which is what a transport that missed the drop would
            // wait for; the margin is wide because shared CI machines are slow (a 3-second bound failed at 9 s there).
            let transport = HTTPSTransport(timeout: .seconds(120))
            let clock = ContinuousClock()
            let started = clock.now
            await #expect(throws: TransportError.self) {
                _ = try await transport.send(HTTPRequest(method: "GET", url: server.url + "/beta/groups"))
            }
            #expect(clock.now - started < .seconds(60))
            let response = try await transport.send(HTTPRequest(method: "GET", url: server.url + "/beta/groups"))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
        }
    }

    @Test func aFailedTLSHandshakeIsFinalAndSaysSo() async throws {
        try await withServer { server in
            // TLS to a server that speaks plain HTTP: the handshake fails, as it would with an untrusted certificate.
            let root = server.url.replacingOccurrences(of: "http://", with: "https://")
            let cloud = try Cloud.global.overriding(graphRoot: root)
            let session = GraphSession(transport: HTTPSTransport(), cloud: cloud, policy: RetryPolicy(baseDelay: 0.01))
            do {
                _ = try await session.send("GET", "/groups")
                Issue.record("no error")
            } catch {
                #expect("\(error)".contains("TLS with \(root) failed, so nothing was sent"), "\(error)")
            }
            #expect(await session.requestCount == 1, "not retried: a failed handshake fails again")
        }
    }

    @Test func errorsAndStatusesComeThroughAsTheyAre() async throws {
        try await withServer(.init(forbidden: ["/deviceManagement/configurationPolicies"])) { server in
            let transport = HTTPSTransport()
            let forbidden = try await transport.send(
                HTTPRequest(
                    method: "GET", url: server.url + "/beta/deviceManagement/configurationPolicies"))
            #expect(forbidden.status == 403)
            let error = GraphError.response(
                forbidden, method: "GET", url: server.url + "/beta/deviceManagement/configurationPolicies",
                kind: Kinds.named("configurationPolicy"))
            #expect(error.graphCode == "Forbidden")
            #expect(error.requestID != nil)
            let created = try await transport.send(
                HTTPRequest(
                    method: "POST", url: server.url + "/beta/directoryObjects/getByIds",
                    headers: ["content-type": "application/json"],
                    body: Array(#"{"ids":["3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"]}"#.utf8)))
            #expect(created.status == 200)
            #expect(String(decoding: created.body, as: UTF8.self).contains("IT Pilot"))
        }
    }
}
