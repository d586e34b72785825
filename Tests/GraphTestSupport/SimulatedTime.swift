import Foundation
public import GraphClient

/// Simulated time shared by the simulator (its throttling windows) and the session (its waits): sleeping moves
/// the clock on at once, so retries and pacing run without waiting.
public final class SimulatedTime: Sleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double = 0

    /// Time starting at zero.
    public init() {}

    /// The simulated time, in seconds.
    public func now() -> Double { lock.withLock { seconds } }
    /// Moves the clock on to `deadline` at once.
    public func sleep(until deadline: Double) async throws { lock.withLock { seconds = max(seconds, deadline) } }
}
