import Foundation
public import GraphClient

/// A hand-driven clock for throttling windows.
public final class ManualClock: @unchecked Sendable {
    /// A clock at an arbitrary start.
    public init() {}

    private let lock = NSLock()
    private var seconds: Double = 1000

    /// Seconds since an arbitrary start.
    public var now: Double { lock.withLock { seconds } }
    /// Moves the clock on.
    public func advance(_ delta: Double) { lock.withLock { seconds += delta } }
}

/// A session sleeper on a `ManualClock`: sleeping moves the clock on at once, so the simulator (which reads the same
/// clock) sees the time pass.
public struct ManualSleeper: Sleeper {
    /// The clock it moves.
    public let clock: ManualClock

    /// A sleeper on `clock`.
    public init(_ clock: ManualClock) { self.clock = clock }

    /// The clock's time.
    public func now() -> Double { clock.now }
    /// Moves the clock on to `deadline`.
    public func sleep(until deadline: Double) async throws { clock.advance(max(0, deadline - clock.now)) }
}
