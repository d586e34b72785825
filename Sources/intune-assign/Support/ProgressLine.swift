import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering

/// The progress line on a terminal's stderr while reading takes more than a second; nothing otherwise.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let start = Date()
    private let lock = NSLock()
    private var shown = false

    /// A progress line, shown only when `enabled` (stderr is a terminal).
    init(enabled: Bool) { self.enabled = enabled }

    /// Redraws the line with how far reading has come, after the first second.
    @Sendable func report(_ progress: ReadProgress) {
        guard enabled, Date().timeIntervalSince(start) > 1 else { return }
        lock.lock()
        defer { lock.unlock() }
        shown = true
        var line =
            "Reading the tenant: \(progress.configurationsRead) of \(progress.configurations) configurations, "
            + "\(progress.requests) requests"
        if progress.throttles > 0 { line += ", \(progress.throttles) throttling waits" }
        Terminal.err("\r\u{1B}[K" + line)
    }

    /// Clears the line, if it was shown.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { Terminal.err("\r\u{1B}[K") }
        shown = false
    }
}
