import Foundation
import GraphClient
import GraphSimulator
import GraphSimulatorServer
import IntuneAssignCore
import Testing

/// A hand-driven clock for throttling windows.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double = 1000

    var now: Double { lock.withLock { seconds } }
    func advance(_ delta: Double) { lock.withLock { seconds += delta } }
}

/// Where a test's simulator runs: behind the transport seam in this process, or as the HTTP server on loopback.
/// Every test that takes a `Mode` runs the same body both ways.
enum Mode: String, CaseIterable, CustomStringConvertible, Sendable {
    case inProcess, loopback
    var description: String { rawValue }
}

/// Talks to a simulator through the transport seam, the way the Graph client will.
struct Harness {
    let simulator: GraphSimulator
    let transport: any HTTPTransport
    var root: String { simulator.options.baseURL + "/beta" }

    init(_ tenant: SimulatedTenant, options: GraphSimulator.Options = .init(), clock: ManualClock = ManualClock()) {
        simulator = GraphSimulator(tenant: tenant, options: options, clock: { clock.now })
        transport = InProcessTransport(simulator)
    }

    private init(simulator: GraphSimulator, transport: any HTTPTransport) {
        self.simulator = simulator
        self.transport = transport
    }

    /// Runs `body` against a simulator of `tenant` in the given mode, stopping the server afterwards.
    static func with(
        _ mode: Mode, _ tenant: SimulatedTenant, options: GraphSimulator.Options = .init(), clock: ManualClock = ManualClock(),
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

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: JSONValue?
    }

    func send(_ method: String, _ path: String, _ body: JSONValue? = nil, headers: [String: String] = [:]) async throws -> Reply {
        let url = path.hasPrefix("http") ? path : root + path
        var all = headers
        if body != nil { all["content-type"] = "application/json" }
        let response = try await transport.send(HTTPRequest(method: method, url: url, headers: all,
                                                            body: body.map { Array($0.serialized().utf8) } ?? []))
        let json = response.body.isEmpty ? nil : try JSONDecoder().decode(JSONValue.self, from: Data(response.body))
        return Reply(status: response.status, headers: response.headers, body: json)
    }
}

/// Small tenants for the tests.
enum Fixture {
    static let pilot = "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"
    static let finance = "7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b"
    static let filter = "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9"
    static let tenantID = "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11"
    static let device = "9a3e5c71-2b8d-4f6a-9c1e-7d3b5a9f1c28"

    static func configurationID(_ index: Int) -> String {
        GUID(high: 0xC0F1_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0000 | UInt64(index)).description
    }

    static func tenant(kinds: [Kind] = Kinds.all, perKind: Int = 1) -> SimulatedTenant {
        var configurations: [SimulatedTenant.Configuration] = []
        for (k, kind) in kinds.enumerated() {
            for n in 0..<perKind {
                configurations.append(.init(kind: kind.name, id: configurationID(k * 1000 + n), displayName: "\(kind.name) \(n)",
                                            priority: kind.defaultConfigurationsUnassignable ? 1 : nil))
            }
        }
        return SimulatedTenant(
            tenantId: tenantID, application: .init(clientId: "11111111-2222-4333-8444-555555555555", clientSecret: "test-only"),
            groups: [.init(id: pilot, displayName: "IT Pilot"), .init(id: finance, displayName: "Finance's Team")],
            assignmentFilters: [.init(id: filter, displayName: "Corporate Windows", platform: "windows10AndLater")],
            configurations: configurations,
            autopilotDevices: [.init(id: device, serialNumber: "5CG1234XYZ")])
    }

    /// A valid assignment of `kind` to a group, in Graph's shape.
    static func assignment(_ kind: Kind, group: String = pilot, intent: String? = nil) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("@odata.type", .string(kind.assignmentODataType)),
            ("target", ["@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": .string(group)]),
        ]
        if let rule = kind.intent, rule.required || intent != nil {
            pairs.append((rule.graphField, .string(intent ?? rule.values[0])))
        }
        return .object(pairs)
    }
}
