import Foundation
public import GraphClient
public import GraphSimulator
import GraphSimulatorServer
public import IntuneAssignCore
import Testing

/// Where a test's simulator runs: behind the transport seam in this process, or as the HTTP server on loopback.
/// Every test that takes a `Mode` runs the same body both ways.
public enum Mode: String, CaseIterable, CustomStringConvertible, Sendable {
    case inProcess, loopback
    /// The mode's name, for test arguments.
    public var description: String { rawValue }
}

/// Talks to a simulator through the transport seam, the way the Graph client will.
public struct Harness {
    /// The simulator the test talks to.
    public let simulator: GraphSimulator
    /// The way requests reach it.
    public let transport: any HTTPTransport
    /// The beta root of the simulator.
    public var root: String { simulator.options.baseURL + "/beta" }

    /// An in-process simulator of `tenant`.
    public init(
        _ tenant: SimulatedTenant, options: GraphSimulator.Options = .init(), clock: ManualClock = ManualClock()
    ) {
        simulator = GraphSimulator(tenant: tenant, options: options, clock: { clock.now })
        transport = InProcessTransport(simulator)
    }

    private init(simulator: GraphSimulator, transport: any HTTPTransport) {
        self.simulator = simulator
        self.transport = transport
    }

    /// Runs `body` against a simulator of `tenant` in the given mode, stopping the server afterwards.
    public static func with(
        _ mode: Mode, _ tenant: SimulatedTenant, options: GraphSimulator.Options = .init(),
        clock: ManualClock = ManualClock(),
        _ body: (Harness) async throws -> Void
    ) async throws {
        switch mode {
        case .inProcess:
            try await body(Harness(tenant, options: options, clock: clock))
        case .loopback:
            let server = try await SimulatorServer.start { url in
                var options = options
                options.baseURL = url
                return GraphSimulator(tenant: tenant, options: options, clock: { clock.now })
            }
            do {
                try await body(Harness(simulator: server.simulator, transport: LoopbackTransport()))
            } catch {
                try? await server.stop()
                throw error
            }
            try await server.stop()
        }
    }

    /// An answer, its body parsed.
    public struct Reply {
        /// The HTTP status.
        public let status: Int
        /// The headers, names in lower case.
        public let headers: [String: String]
        /// The JSON body, if any.
        public let body: JSONValue?
    }

    /// Sends one request to the simulator (a path under the beta root, or an absolute URL).
    public func send(_ method: String, _ path: String, _ body: JSONValue? = nil, headers: [String: String] = [:])
        async throws -> Reply
    {
        let url = path.hasPrefix("http") ? path : root + path
        var all = headers
        if body != nil { all["content-type"] = "application/json" }
        let response = try await transport.send(
            HTTPRequest(
                method: method, url: url, headers: all,
                body: body.map { Array($0.serialized().utf8) } ?? []))
        let json = response.body.isEmpty ? nil : try JSONDecoder().decode(JSONValue.self, from: Data(response.body))
        return Reply(status: response.status, headers: response.headers, body: json)
    }
}
