import Foundation
import GraphClient
import GraphSimulator
import GraphSimulatorServer
import GraphTestSupport
import IntuneAssignCore
import Testing

/// The loopback server keeps a client from filling its memory: bodies are capped.
@Suite struct SimulatorServerLimitsTests {
    @Test func aBodyOverTheCapIs413() async throws {
        let server = try await SimulatorServer.start { url in
            GraphSimulator(tenant: Fixture.tenant(perKind: 0), options: .init(baseURL: url, limits: nil))
        }
        defer { Task { try? await server.stop() } }
        let big = [UInt8](repeating: UInt8(ascii: " "), count: SimulatorServer.maximumBody + 1)
        let response = try await LoopbackTransport().send(
            HTTPRequest(
                method: "POST", url: server.url + "/beta/$batch", headers: ["content-type": "application/json"],
                body: big))
        #expect(response.status == 413)
        // A body within the cap is read and answered as usual.
        let small = try await LoopbackTransport().send(
            HTTPRequest(
                method: "POST", url: server.url + "/beta/$batch", headers: ["content-type": "application/json"],
                body: Array(#"{"requests":[]}"#.utf8)))
        #expect(small.status == 200)
    }
}
