import Foundation
import GraphClient
import GraphSimulator
import GraphSimulatorServer
import GraphTestSupport
import IntuneAssignCore
import Testing

/// The loopback server keeps a client from filling its memory (bodies are capped) and answers only requests
/// addressed to its own loopback name; its test aids obey `requireToken`, and its codes cannot be guessed.
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

    /// DNS rebinding: a page on another name that resolves to 127.0.0.1 sends its own name as `Host`, and gets 421
    /// with nothing handled; `127.0.0.1:PORT` and `localhost:PORT` are served.
    @Test func onlyRequestsAddressedToTheServersOwnNameAreServed() async throws {
        let server = try await SimulatorServer.start { url in
            GraphSimulator(tenant: Fixture.tenant(perKind: 0), options: .init(baseURL: url, limits: nil))
        }
        defer { Task { try? await server.stop() } }
        let port = try #require(server.url.split(separator: ":").last)
        let answers = try await [
            "rebound.example:\(port)", "127.0.0.1:\(port)", "localhost:\(port)", "127.0.0.1:1",
        ].asyncMap { host in
            try await LoopbackTransport().send(
                HTTPRequest(
                    method: "GET", url: server.url + "/beta/deviceManagement/deviceConfigurations",
                    headers: ["host": host])
            ).status
        }
        #expect(answers == [421, 200, 200, 421])
        #expect(server.simulator.requestLog.count == 2, "refused requests are not handled")
    }

    /// With `requireToken`, the test aids under `/simulator/` need a token the simulator issued, like Graph does.
    @Test(arguments: [false, true])
    func testAidsObeyRequireToken(_ requireToken: Bool) async throws {
        let simulator = GraphSimulator(
            tenant: Fixture.tenant(perKind: 0), options: .init(limits: nil, requireToken: requireToken))
        for path in ["/simulator/approvalRequests/x/approve", "/simulator/deviceCodes/ABCDEFGH/approve"] {
            guard
                case .response(let answer) = simulator.handle(
                    HTTPRequest(method: "POST", url: simulator.options.baseURL + path))
            else {
                Issue.record("dropped")
                continue
            }
            #expect(answer.status == (requireToken ? 401 : 404), "\(path)")
        }
    }

    /// User and device codes come from the system's CSPRNG: two simulators started alike hand out different codes.
    @Test func deviceCodesCannotBeGuessed() throws {
        var seen: [String] = []
        for _ in 0..<2 {
            let simulator = GraphSimulator(tenant: Fixture.tenant(perKind: 0), options: .init(limits: nil))
            let body = Array("client_id=\(DeviceCodeCredential.graphCommandLineTools)&scope=offline_access".utf8)
            guard
                case .response(let answer) = simulator.handle(
                    HTTPRequest(
                        method: "POST", url: simulator.options.baseURL + "/organizations/oauth2/v2.0/devicecode",
                        body: body))
            else {
                Issue.record("the simulator dropped the request")
                return
            }
            let json = try JSONValue.parse(answer.body)
            seen += [json["user_code"]?.stringValue ?? "", json["device_code"]?.stringValue ?? ""]
        }
        #expect(seen[0] != seen[2] && seen[1] != seen[3], "\(seen)")
        #expect(seen[1].count > 40, "a device code long enough not to guess: \(seen[1])")
    }
}

extension Array {
    /// The elements mapped one after another by an async function.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
