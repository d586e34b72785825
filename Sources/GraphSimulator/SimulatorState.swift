import IntuneAssignCore
import Synchronization

/// Intune's per-app limits as a sliding window (limits.md): the times of the requests and writes of the last
/// window, and whether one more fits. The simulator's limits, kept apart from its routes.
struct ThrottleWindow {
    /// The budgets.
    let limits: GraphSimulator.Limits
    private var requestTimes: [Double] = []
    private var writeTimes: [Double] = []

    /// A window with these budgets.
    init(_ limits: GraphSimulator.Limits) { self.limits = limits }

    /// Counts a request (a write too, with `write`) at `time`; when a budget is spent, counts nothing and returns
    /// the whole seconds until the oldest request of the window leaves it (at least 1).
    mutating func admit(write: Bool, at time: Double) -> Int? {
        requestTimes.removeAll { $0 <= time - limits.window }
        writeTimes.removeAll { $0 <= time - limits.window }
        var oldest: Double?
        if requestTimes.count >= limits.requests { oldest = requestTimes.first }
        if write, writeTimes.count >= limits.writes { oldest = min(oldest ?? .infinity, writeTimes.first!) }
        if let oldest { return max(1, Int((oldest + limits.window - time).rounded(.up))) }
        requestTimes.append(time)
        if write { writeTimes.append(time) }
        return nil
    }
}

/// What the simulated sign-in endpoint has handed out: tokens with what each may do, device codes and where
/// their sign-ins stand, refresh tokens. Kept apart from the tenant (which a file saves) and from the routes.
struct SignInLedger {
    /// Issued tokens: when each expires (simulator clock), and what it may do.
    var grants: [String: GraphSimulator.Grant] = [:]
    /// Device codes handed out, newest last.
    var deviceCodes: [GraphSimulator.DeviceCode] = []
    /// Refresh tokens handed out with delegated tokens, and the grant each renews.
    var refreshTokens: [String: (client: String, scopes: [String])] = [:]
    /// How many tokens were issued (each one's `jti`).
    var issuedTokens: UInt64 = 0

    /// Forgets every token and refresh token (as after a key rollover).
    mutating func revokeAll() {
        grants.removeAll()
        refreshTokens.removeAll()
    }
}

/// With `Options.readLag`: what reads of a configuration show until a time after a write to it (field-notes §5:
/// reads lag behind writes).
struct ReadLag {
    private var lagging: [String: (assignments: [JSONValue], until: Double)] = [:]

    /// Reads of configuration `id` show `assignments` until `until`.
    mutating func hold(_ id: String, showing assignments: [JSONValue], until: Double) {
        lagging[id] = (assignments, until)
    }

    /// What reads of configuration `id` show at `time`, while a lag holds.
    func shown(_ id: String, at time: Double) -> [JSONValue]? {
        guard let lag = lagging[id], time < lag.until else { return nil }
        return lag.assignments
    }
}

/// Where a device-code redemption stands (the ledger's decision; the token route words it as Entra does).
enum Redemption: Equatable {
    /// No such device code for this client, or redeemed already.
    case unknown
    /// Polled again before the interval passed.
    case slowDown
    /// Nobody has signed in yet.
    case pending
    /// The person declined.
    case declined
    /// The code's life ran out.
    case expired
    /// Signed in, but the tenant has not consented to these scopes.
    case consentMissing(client: String)
    /// Signed in: the client, the scopes granted, and whether a refresh token goes with the token.
    case granted(client: String, scopes: [String], offline: Bool)
}

extension SignInLedger {
    /// Redeems a device code at `time`: the state of its sign-in, moved on by the simulator's automatic decision
    /// (`decision`), the poll interval (`slowDownBelow`, when enforced) and the tenant's consent (`consented`).
    /// A code is redeemed once, whether it yields a token or a consent error.
    mutating func redeem(
        _ deviceCode: String?, client: String?, at time: Double, rules: DeviceCodeRules
    ) -> Redemption {
        guard let index = deviceCodes.firstIndex(where: { $0.deviceCode == deviceCode }),
            deviceCodes[index].clientID == client?.lowercased(), deviceCodes[index].state != "redeemed"
        else { return .unknown }
        if time >= deviceCodes[index].expires { deviceCodes[index].state = "expired" }
        if let interval = rules.slowDownBelow, let last = deviceCodes[index].lastPoll, time - last < interval {
            return .slowDown
        }
        deviceCodes[index].lastPoll = time
        if deviceCodes[index].state == "pending", let decision = rules.decision { deviceCodes[index].state = decision }
        let code = deviceCodes[index]
        switch code.state {
        case "pending": return .pending
        case "declined": return .declined
        case "expired": return .expired
        default: break
        }
        deviceCodes[index].state = "redeemed"
        if let consented = rules.consented, code.scopes.contains(where: { !consented.contains($0) }) {
            return .consentMissing(client: code.clientID)
        }
        return .granted(client: code.clientID, scopes: code.scopes, offline: code.offline)
    }
}

/// What decides a device code's redemption besides the code itself.
struct DeviceCodeRules {
    /// The state a pending code moves to at once (`approved`, `declined`, `expired`), or `nil` to wait.
    var decision: String?
    /// With slow-down enforced, the poll interval in seconds.
    var slowDownBelow: Double?
    /// The scopes the tenant consented to, when it lists them.
    var consented: [String]?

    /// Rules from their parts; by default a code waits, polls are not paced and every scope is consented.
    init(decision: String? = nil, slowDownBelow: Double? = nil, consented: [String]? = nil) {
        self.decision = decision
        self.slowDownBelow = slowDownBelow
        self.consented = consented
    }
}

/// Graph's cap on one app across all tenants (limits.md: 130,000 requests per 10 s, Microsoft Graph's
/// throttling-limits page), shared by the simulators of a fleet, one per tenant: Graph's gateway counts an app's
/// requests to every tenant together, before any service's own limits.
public final class AppWideLimit: Hashable, Sendable {
    private let window: Mutex<ThrottleWindow>

    /// Graph's documented cap.
    public static func graph() -> AppWideLimit { AppWideLimit(requests: 130_000, window: 10) }

    /// A cap of `requests` per `window` seconds.
    public init(requests: Int, window: Double) {
        self.window = Mutex(ThrottleWindow(GraphSimulator.Limits(requests: requests, writes: .max, window: window)))
    }

    /// Counts a request at `time`; when the cap is spent, counts nothing and returns the whole seconds to wait.
    func admit(at time: Double) -> Int? { window.withLock { $0.admit(write: false, at: time) } }

    /// The same cap object.
    public static func == (lhs: AppWideLimit, rhs: AppWideLimit) -> Bool { lhs === rhs }
    /// Hashes its identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
