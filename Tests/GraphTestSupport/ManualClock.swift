import Foundation

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
