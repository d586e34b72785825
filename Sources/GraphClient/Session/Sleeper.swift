import IntuneAssignCore

/// Where the session's time comes from: real time in the product, a hand-driven clock in tests (whose `sleep`
/// just moves the clock on), so that retries and pacing run without waiting.
public protocol Sleeper: Sendable {
    /// Seconds on a monotonic clock.
    func now() -> Double
    /// Returns at `deadline` (a time from `now()`), or throws when cancelled.
    func sleep(until deadline: Double) async throws
}

/// Real time.
public struct SystemSleeper: Sleeper {
    private let origin = ContinuousClock.now

    /// Real time, measured from now.
    public init() {}

    /// Seconds since this sleeper was made.
    public func now() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The longest single sleep: a year. A wait a server asks for past that (or an infinite one) sleeps a year
    /// instead of trapping in `Duration`, which cannot hold more than about 292 years of nanoseconds.
    public static let longestSleep = 365 * 86_400.0

    /// Sleeps until `deadline`, or returns at once if it has passed (or is not a number).
    public func sleep(until deadline: Double) async throws {
        let wait = deadline - now()
        if wait > 0 { try await Task.sleep(for: .seconds(min(wait, Self.longestSleep))) }
    }
}
