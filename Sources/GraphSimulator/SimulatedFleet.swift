public import GraphClient
import IntuneAssignCore
import Synchronization

/// What a simulator server serves: one tenant, or a fleet of them behind one address.
public protocol SimulatorEndpoint: AnyObject, Sendable {
    /// Answers one request.
    func handle(_ request: HTTPRequest) -> GraphSimulator.Outcome
    /// Added to every answer over loopback.
    var latency: Duration { get }
}

extension GraphSimulator: SimulatorEndpoint {
    /// The options' latency.
    public var latency: Duration { options.latency }
}

/// Many simulated tenants behind one address, as Microsoft Graph and Entra serve every tenant at one host (issue 28,
/// item 8). Each tenant is its own `GraphSimulator`, with its own limits and tokens; the fleet only chooses which:
/// - a sign-in (`/{tenant}/oauth2/v2.0/token` or `devicecode`) goes to the tenant the path names, by id or by one of
///   its `domains` (Entra takes a tenant's verified domain in that place too);
/// - any other request goes to the tenant its bearer token's `tid` claim names, as Graph serves the tenant a token
///   was issued for. Without a token, or with one for no tenant here, it is 401 `InvalidAuthenticationToken`, what
///   Graph answers a request without a valid token.
/// The simulators may share an `AppWideLimit` (Graph's cap on one app across all tenants).
public final class SimulatedFleet: SimulatorEndpoint {
    /// The tenants, in the order given.
    public let simulators: [GraphSimulator]
    private let byIdentity: [String: GraphSimulator]
    /// Counts the fleet's own answers, for their request ids.
    private let answered = Atomic<UInt64>(0)

    /// A fleet of `simulators`; ids and domains are matched without regard to case. A tenant id or domain that two
    /// simulators claim goes to the first.
    public init(_ simulators: [GraphSimulator]) {
        self.simulators = simulators
        var byIdentity: [String: GraphSimulator] = [:]
        for simulator in simulators {
            let tenant = simulator.tenant
            for key in [tenant.tenantId] + tenant.domains where byIdentity[key.lowercased()] == nil {
                byIdentity[key.lowercased()] = simulator
            }
        }
        self.byIdentity = byIdentity
    }

    /// A request id for an answer the fleet gives itself (no tenant's).
    private func nextRequestID() -> String {
        let count = answered.add(1, ordering: .relaxed).newValue
        return GUID(high: 0x5157_0000_0000_4000, low: 0x9000_0000_0000_0000 | count).description
    }

    /// The simulator of a tenant id or domain.
    public func simulator(_ identity: String) -> GraphSimulator? { byIdentity[identity.lowercased()] }

    /// The largest latency of its tenants.
    public var latency: Duration { simulators.map(\.options.latency).max() ?? .zero }

    /// Sends the request to the tenant it is for.
    public func handle(_ request: HTTPRequest) -> GraphSimulator.Outcome {
        let segments = URLParts(request.url).path.split(separator: "/").map(String.init)
        if segments.count == 4, segments[1] == "oauth2", segments[2] == "v2.0" {
            guard let simulator = simulator(segments[0].removingPercentEncoding ?? segments[0]) else {
                let body: JSONValue = [
                    "error": "invalid_request",
                    "error_description": .string("AADSTS90002: Tenant '\(segments[0])' not found."),
                    "error_codes": [90002],
                ]
                return .response(GraphSimulator.json(400, body, requestID: nextRequestID()))
            }
            return simulator.handle(request)
        }
        let bearer = request.headers["authorization"].flatMap { value -> String? in
            let parts = value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
        }
        guard let token = bearer, let tenant = TokenClaims.tenant(of: token), let simulator = simulator(tenant) else {
            return .response(
                GraphSimulator.error(
                    401, "InvalidAuthenticationToken",
                    "Access token is empty or names no tenant served here; sign in at /{tenant}/oauth2/v2.0/token first.",
                    requestID: nextRequestID()))
        }
        return simulator.handle(request)
    }
}
