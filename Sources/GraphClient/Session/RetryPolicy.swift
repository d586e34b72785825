/// How hard to try: attempts per request, retries per run, backoff, and the write pace.
public struct RetryPolicy: Hashable, Sendable {
    /// Tries of one request, the first included.
    public var maxAttempts: Int
    /// Retries allowed in one run, across all requests; past it the error surfaces.
    public var budget: Int
    /// The first backoff (seconds) when Graph gives no `Retry-After`; doubled each attempt, up to `maxDelay`.
    public var baseDelay: Double
    /// The longest backoff, in seconds.
    public var maxDelay: Double
    /// Backoff is spread by ± this fraction, so that tasks do not retry in step.
    public var jitter: Double
    /// Writes per window (limits.md: 100 per 20 s per app for device configuration); `nil` for no pacing.
    public var writeLimit: (count: Int, window: Double)?
    /// Requests of any kind per window, each request inside a `$batch` counted (limits.md: 1000 per 20 s per app);
    /// `nil` for no pacing.
    public var requestLimit: (count: Int, window: Double)?

    /// A policy; the defaults suit Intune: 100 writes and 1,000 requests per 20 s.
    public init(
        maxAttempts: Int = 6, budget: Int = 200, baseDelay: Double = 1, maxDelay: Double = 60, jitter: Double = 0.25,
        writeLimit: (count: Int, window: Double)? = (100, 20), requestLimit: (count: Int, window: Double)? = (1000, 20)
    ) {
        self.requestLimit = requestLimit
        self.maxAttempts = maxAttempts
        self.budget = budget
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.writeLimit = writeLimit
    }

    /// Intune's pacing for `writes` per `seconds` (limits.md: 100 writes and 1,000 requests per 20 s per app and
    /// tenant): requests are paced at ten times the writes. The margin is in time, not in count: Graph counts a
    /// request when it arrives, not when it is sent, so a slot is taken to leave the window a little after Graph
    /// lets it go (half a second; less for short windows). `nil`: no pacing.
    public static func intune(writes limit: (count: Int, seconds: Double)?) -> RetryPolicy {
        let paced = limit.map { (count: $0.count, window: $0.seconds + min(0.5, $0.seconds * 0.05)) }
        return RetryPolicy(writeLimit: paced, requestLimit: paced.map { ($0.count * 10, $0.window) })
    }

    /// Entra ID's pacing for directory reads (Graph's throttling-limits page, "Identity and access service limits":
    /// 3,500 resource units per 10 s for an app in a small tenant, more in larger ones; a request whose cost the page
    /// does not list costs 1): the smallest tenant's, with the same half-second margin as Intune's. No writes.
    public static let entra = RetryPolicy(writeLimit: nil, requestLimit: (3_500, 10.5))

    /// Equal when every setting is.
    public static func == (lhs: RetryPolicy, rhs: RetryPolicy) -> Bool {
        lhs.maxAttempts == rhs.maxAttempts && lhs.budget == rhs.budget && lhs.baseDelay == rhs.baseDelay
            && lhs.maxDelay == rhs.maxDelay && lhs.jitter == rhs.jitter
            && lhs.writeLimit?.count == rhs.writeLimit?.count && lhs.writeLimit?.window == rhs.writeLimit?.window
            && lhs.requestLimit?.count == rhs.requestLimit?.count
            && lhs.requestLimit?.window == rhs.requestLimit?.window
    }

    /// Hashes every setting.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(maxAttempts)
        hasher.combine(budget)
        hasher.combine(writeLimit?.count)
    }
}
