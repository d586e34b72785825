/// One problem found in the input, as a value: severity, message, where, and the source line for the caret.
public struct Diagnostic: Hashable, Sendable {
    /// How bad it is: only errors stop a run.
    public enum Severity: String, Hashable, Sendable {
        case error, warning, note
    }

    /// Error or note.
    public var severity: Severity
    /// What is wrong and what to do, in one sentence.
    public var message: String
    /// Where, if the problem has a place.
    public var location: SourceLocation?
    /// The text of the line `location` points into, without its line break; filled in by whoever has the bytes.
    public var sourceLine: String?
    /// Follow-up notes, such as where a duplicate was first defined.
    public var notes: [Diagnostic]

    /// A diagnostic from its parts.
    public init(
        _ severity: Severity, _ message: String, at location: SourceLocation?, sourceLine: String? = nil,
        notes: [Diagnostic] = []
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
        self.notes = notes
    }

    /// An error at `location`, with notes.
    public static func error(_ message: String, at location: SourceLocation?, notes: [Diagnostic] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    /// A note at `location`, to attach to an error.
    public static func note(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.note, message, at: location)
    }
}
