import Synchronization

/// A request budget shared by every session of one process: Graph's cap on an app across all tenants (limits.md:
/// "130,000 requests per 10 seconds" per app, from Microsoft Graph's throttling-limits page). Each tenant's session
/// paces itself under Intune's per-tenant limits; a fleet run's sessions also take a slot here, so hundreds of
/// tenants side by side stay under the app's cap. A request inside a `$batch` takes a slot of its own (Graph counts
/// batched requests one by one).
///
/// Slots are handed out in order, each at the later of now and one window after the slot `count` places before it,
/// so the times only grow and the window is a queue: taking a slot costs the same with 10 or 130,000 in the window.
public final class RequestBudget: Sendable {
    /// Requests allowed in any window.
    public let count: Int
    /// The window, in seconds.
    public let window: Double
    private let starts = Mutex(SlotQueue())
    /// The budget's own clock, one for all sessions (each session's clock may start elsewhere).
    private let now: @Sendable () -> Double

    /// Graph's per-app cap, with the half-second margin the per-tenant pacing keeps (Graph counts a request when it
    /// arrives, not when it is sent).
    public static func graphPerApp() -> RequestBudget { RequestBudget(count: 130_000, window: 10.5) }

    /// A budget of `count` requests per `window` seconds, on `clock` (seconds on a monotonic clock; tests pass the
    /// clock their sessions sleep on).
    public init(count: Int, window: Double, clock: @escaping @Sendable () -> Double = SystemSleeper().now) {
        self.count = max(1, count)
        self.window = window
        self.now = clock
    }

    /// Takes `requests` slots (at least one) for a request about to be sent; returns how many seconds from now the
    /// last of them opens (zero when it is open now). The caller waits that long, then sends.
    public func reserve(_ requests: Int) -> Double {
        starts.withLock { queue in
            let now = now()
            var start = now
            for _ in 0..<max(1, requests) {
                // The slot `count` places back must have left the window; older ones are dropped.
                queue.dropBefore(start - window)
                if queue.count >= count { start = max(start, queue.element(queue.count - count) + window) }
                queue.append(start)
            }
            return start - now
        }
    }
}

/// Slot times in the order taken (never decreasing), with the head dropped as it leaves the window.
struct SlotQueue: Sendable {
    private var times: [Double] = []
    private var head = 0

    var count: Int { times.count - head }
    func element(_ index: Int) -> Double { times[head + index] }

    mutating func append(_ time: Double) { times.append(time) }

    /// Drops the slots at or before `time`: they are out of the window.
    mutating func dropBefore(_ time: Double) {
        while head < times.count, times[head] <= time { head += 1 }
        // Compact now and then, so that a long run does not keep every slot it ever took.
        if head > 4096, head * 2 > times.count {
            times.removeFirst(head)
            head = 0
        }
    }
}
