import ArgumentParser

/// `N/SECONDS`, such as `100/20`: at most N in any window of SECONDS; `0/0` means no limit. The one reading of
/// `--write-limit`, for the commands that talk to Graph and for the simulator.
struct RateLimit: ExpressibleByArgument, CustomStringConvertible {
    /// How many in one window (0: no limit).
    var count: Int
    /// The window, in seconds (0: no limit).
    var seconds: Double

    /// Reads `N/SECONDS`; both zero, or both positive.
    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), let seconds = Double(parts[1]), seconds.isFinite,
            count == 0 && seconds == 0 || count > 0 && seconds > 0
        else { return nil }
        self.count = count
        self.seconds = seconds
    }

    /// `nil` for `0/0`; otherwise the count and the window.
    var limit: (count: Int, seconds: Double)? { count == 0 ? nil : (count, seconds) }

    var description: String { "\(count)/\(seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds))" }
}
