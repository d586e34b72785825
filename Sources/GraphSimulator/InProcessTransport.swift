public import GraphClient

/// The simulator behind the transport seam, in-process: no sockets. Latency is slept; a dropped connection is a
/// `TransportError`.
public struct InProcessTransport: HTTPTransport {
    /// The simulator every request goes to.
    public let simulator: GraphSimulator

    /// A transport that hands each request to `simulator`.
    public init(_ simulator: GraphSimulator) { self.simulator = simulator }

    /// The simulator's answer; a dropped connection throws as a real transport would.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if simulator.options.latency > .zero { try await Task.sleep(for: simulator.options.latency) }
        switch simulator.handle(request) {
        case .response(let response): return response
        case .dropConnection: throw TransportError(.connectionDropped, "the simulator dropped the connection")
        }
    }
}
