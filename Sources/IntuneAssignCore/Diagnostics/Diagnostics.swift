/// Gathers diagnostics while a stage runs; only the caller decides whether they stop the work.
public struct Diagnostics: Sendable {
    /// Every diagnostic, in the order found.
    public private(set) var all: [Diagnostic] = []

    /// An empty collector.
    public init() {}

    /// Whether any of them is an error.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    /// How many of them are errors.
    public var errorCount: Int { all.count { $0.severity == .error } }

    /// Adds one.
    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    /// Adds several.
    public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    /// Adds an error at `location`, with notes.
    public mutating func error(_ message: String, at location: SourceLocation?, notes: [Diagnostic] = []) {
        all.append(.error(message, at: location, notes: notes))
    }

    /// Diagnostics in file, line, column order (those without a location last), stable otherwise.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { lhs, rhs in
            switch (lhs.element.location, rhs.element.location) {
            case (let l?, let r?): return l != r ? l < r : lhs.offset < rhs.offset
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return lhs.offset < rhs.offset
            }
        }.map(\.element)
    }
}
