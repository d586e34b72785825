import IntuneAssignCore

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
