/// The one retry and throttle state of a Graph client, shared by all its tasks. Pure: time and randomness come in
/// as numbers, so it is tested without clocks or sockets.
///
/// - 429 and 503 are throttling: retried after `Retry-After` when given, else exponential backoff with jitter, and
///   the wait applies to every task (a throttle seen by one slows all).
/// - 504 and dropped connections are transient: retried with backoff for that request only, and only when sending
///   it twice is harmless (a create that timed out may have been made: it is never sent again).
/// - Writes are paced under the write limit, so that apply does not run into 429s to begin with.
/// - Each request has `maxAttempts`; the whole run has `budget` retries of failures (throttling with `Retry-After`
///   is not counted); past either the error surfaces.
public struct RetryMachine: Sendable {
    /// What to do with an answer.
    public enum Decision: Hashable, Sendable {
        /// Hand the response (success or error) to the caller.
        case accept
        /// Send the request again, not before this time.
        case retry(at: Double)
        /// Retryable, but no tries are left: surface the error.
        case giveUp(Exhausted)
    }

    /// Which allowance ran out: the request's attempts or the run's budget.
    public enum Exhausted: Hashable, Sendable {
        case attempts, budget
        /// Graph asked for a wait (`Retry-After`, in seconds) longer than `longestRetryAfter`, or an endless one.
        case waitTooLong(Double)
    }

    /// The longest `Retry-After` honoured, in seconds. Graph asks for seconds to a few minutes; a larger or
    /// infinite value is a broken or hostile answer, and waiting it out would hang a pipeline for years.
    public static let longestRetryAfter: Double = 300

    /// What came back.
    public enum Outcome: Hashable, Sendable {
        case status(Int, retryAfter: Double?)
        /// No response: the connection dropped or could not be made.
        case noResponse
    }

    /// The limits it works within.
    public let policy: RetryPolicy
    /// No request starts before this time (set by throttling answers).
    public private(set) var pausedUntil: Double = 0
    /// Retries of any kind so far.
    public private(set) var retriesUsed = 0
    /// Retries counted against the run's budget.
    public private(set) var budgetUsed = 0
    /// Throttling answers seen (429 and 503), for reports.
    public private(set) var throttles = 0
    /// Start times handed to writes and to requests of any kind, for pacing.
    private var writeStarts: [Double] = []
    private var requestStarts: [Double] = []

    /// A machine with nothing seen yet.
    public init(policy: RetryPolicy = RetryPolicy()) { self.policy = policy }

    /// When a request may start (never before `now`): after the shared pause, and for a write, when the write
    /// window has room. The slot is taken, so call it once per send.
    public mutating func startTime(isWrite: Bool, now: Double) -> Double {
        startTime(writes: isWrite ? 1 : 0, now: now)
    }

    /// When a request carrying `writes` writes and `requests` requests may start (a `$batch` carries one of each per
    /// inner request; its envelope counts for nothing): every one of them takes a slot under its limit, and the
    /// request starts when the last slot opens.
    public mutating func startTime(writes: Int, requests: Int = 1, now: Double) -> Double {
        var start = max(now, pausedUntil)
        if let limit = policy.writeLimit { writeStarts.removeAll { $0 + limit.window <= now } }
        if let limit = policy.requestLimit { requestStarts.removeAll { $0 + limit.window <= now } }
        // A later start only frees slots, so the later of the two earliest starts satisfies both limits.
        start = max(
            Self.earliest(writeStarts, adding: writes, limit: policy.writeLimit, from: start),
            Self.earliest(requestStarts, adding: requests, limit: policy.requestLimit, from: start))
        if policy.writeLimit != nil { writeStarts += Array(repeating: start, count: max(0, writes)) }
        if policy.requestLimit != nil { requestStarts += Array(repeating: start, count: max(0, requests)) }
        return start
    }

    /// Takes again the slots a request reserved at `start`, now that it is about to be sent at `now`: slots of
    /// requests answered in the meantime have moved on to their answer times (`answered`), and the reserved start may
    /// no longer fit. Returns the start that fits now, never before `now`; the request is sent when that is `now`.
    public mutating func confirm(writes: Int, requests: Int = 1, reservedAt start: Double, now: Double) -> Double {
        Self.remove(&writeStarts, count: writes, at: start)
        Self.remove(&requestStarts, count: requests, at: start)
        return startTime(writes: writes, requests: requests, now: now)
    }

    /// Moves the slots a request took at `start` to `now`, when its answer (or failure) came: Graph counted it at
    /// some moment in between, so from its answer on, the slot is sure to leave Graph's window one window later.
    /// Pacing from send times alone runs into 429s when Graph takes a while to count a batch.
    public mutating func answered(writes: Int, requests: Int = 1, startedAt start: Double, now: Double) {
        guard now > start else { return }
        let moved = Self.remove(&writeStarts, count: writes, at: start)
        writeStarts += Array(repeating: now, count: moved)
        let movedRequests = Self.remove(&requestStarts, count: requests, at: start)
        requestStarts += Array(repeating: now, count: movedRequests)
    }

    /// Removes up to `count` slots taken at `time`; returns how many it removed (slots already out of the window
    /// are gone).
    @discardableResult
    static func remove(_ slots: inout [Double], count: Int, at time: Double) -> Int {
        var removed = 0
        slots.removeAll { slot in
            guard removed < count, slot == time else { return false }
            removed += 1
            return true
        }
        return removed
    }

    /// The earliest time from `start` at which `count` more slots fit in a sliding window that already holds `taken`.
    static func earliest(_ taken: [Double], adding count: Int, limit: (count: Int, window: Double)?, from start: Double)
        -> Double
    {
        guard count > 0, let limit, limit.count > 0 else { return start }
        var start = start
        var slots = taken.sorted()
        for _ in 0..<count {
            while true {
                // A slot taken at s is in the window at t while s + window > t: the same sum decides when it leaves,
                // so rounding cannot keep a slot in forever.
                let window = slots.filter { $0 + limit.window > start }
                if window.count < limit.count { break }
                // Wait until the oldest start in the window leaves it.
                start = max(start, window[window.count - limit.count] + limit.window)
            }
            slots.insert(start, at: slots.firstIndex { $0 > start } ?? slots.count)
        }
        return start
    }

    /// Whether a status asks the client to slow down (429, 503).
    public static func isThrottling(_ status: Int) -> Bool { status == 429 || status == 503 }
    /// Whether a status is worth trying again at once (504).
    public static func isTransient(_ status: Int) -> Bool { status == 504 }

    /// What to do after attempt number `attempt` (1-based) ended with `outcome` at `now`. `random` is in 0..<1;
    /// `repeatable` says whether sending the request twice is harmless when it may have been carried out (no answer,
    /// or a 504).
    public mutating func decide(
        _ outcome: Outcome, attempt: Int, now: Double, random: Double, repeatable: Bool = true
    ) -> Decision {
        let wait: Double
        switch outcome {
        case .status(let status, let retryAfter):
            if Self.isThrottling(status) {
                throttles += 1
                if let retryAfter, retryAfter > Self.longestRetryAfter { return .giveUp(.waitTooLong(retryAfter)) }
                // A negative or unreadable (NaN) wait says nothing: back off as if none was given.
                let usable = retryAfter.flatMap { $0 >= 0 ? $0 : nil }
                wait = usable ?? backoff(attempt: attempt, random: random)
            } else if Self.isTransient(status) {
                // A gateway timeout may come after the request was carried out: only a repeatable one goes again.
                guard repeatable else { return .accept }
                wait = backoff(attempt: attempt, random: random)
            } else {
                return .accept
            }
        case .noResponse:
            guard repeatable else { return .accept }
            wait = backoff(attempt: attempt, random: random)
        }
        guard attempt < policy.maxAttempts else { return .giveUp(.attempts) }
        // Throttling that says when to come back is Graph pacing us, not failing: it does not use up the run's
        // budget (a long apply meets hundreds of 429s); each request still has only `maxAttempts`.
        var paced = false
        if case .status(let status, let retryAfter?) = outcome, Self.isThrottling(status), retryAfter >= 0 {
            paced = true
        }
        guard paced || budgetUsed < policy.budget else { return .giveUp(.budget) }
        if !paced { budgetUsed += 1 }
        retriesUsed += 1
        let at = now + wait
        if case .status(let status, _) = outcome, Self.isThrottling(status) { pausedUntil = max(pausedUntil, at) }
        return .retry(at: at)
    }

    /// `baseDelay · 2^(attempt-1)`, at most `maxDelay`, spread by ± `jitter`.
    func backoff(attempt: Int, random: Double) -> Double {
        let exponential = min(policy.maxDelay, policy.baseDelay * Double(1 << min(max(attempt - 1, 0), 20)))
        return exponential * (1 + policy.jitter * (2 * random - 1))
    }
}
