public import IntuneAssignCore

/// What loading a set of manifests produced.
public struct LoadResult: Sendable {
    /// The decoded files (those that could be read at all).
    public var manifests: [Manifest]
    /// The assembled desired state; trustworthy only when `diagnostics` has no errors.
    public var state: DesiredState
    /// Every diagnostic of every stage, in file, line and column order, each with its source line.
    public var diagnostics: [Diagnostic]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
