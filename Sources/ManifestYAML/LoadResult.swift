public import IntuneAssignCore

/// What loading a set of manifests produced.
public struct LoadResult: Sendable {
    /// The decoded files (those that could be read at all).
    public var manifests: [Manifest]
    /// The assembled desired state; trustworthy only when `diagnostics` has no errors.
    public var state: DesiredState
    /// Every diagnostic of every stage, in file, line and column order, each with its source line.
    public var diagnostics: [Diagnostic]
    /// The text of every file that could be read, by path: diagnostics found later (while planning) point into it.
    public var texts: [String: SourceText] = [:]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Diagnostics found after loading (while planning, against the tenant), each with the source line it points
    /// into, in file, line and column order: the files' texts are the ones loaded, not read again.
    public func withSourceLines(_ later: [Diagnostic]) -> [Diagnostic] {
        var sorted = Diagnostics()
        sorted.append(contentsOf: attachingSourceLines(later, texts))
        return sorted.sorted
    }
}
