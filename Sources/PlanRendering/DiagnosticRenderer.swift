public import IntuneAssignCore

/// Prints diagnostics the way compilers do: `file:line:column: error: message`, the source line, and a caret
/// under the column. Colour (ANSI) only when asked; the caller decides from the terminal and `NO_COLOR`.
public struct DiagnosticRenderer: Sendable {
    /// Whether to colour the severity (only on a terminal).
    public var color: Bool

    /// A renderer that colours or not.
    public init(color: Bool) { self.color = color }

    /// Every diagnostic as `file:line:column: severity: message`, its source line and a caret, then its notes.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// One diagnostic and its notes, each ending with a line break.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        if let location = diagnostic.location {
            out += paint("\(location): ", bold)
        }
        out += paint("\(diagnostic.severity.rawValue): ", severityStyle(diagnostic.severity))
        // Messages quote names from Graph and files, and the source line is a file's: both are shown sanitised, the
        // line with one character for each so that the caret still lines up.
        out += paint(Printable.line(diagnostic.message, limit: 2_000), bold) + "\n"
        if let location = diagnostic.location, let source = diagnostic.sourceLine {
            let line = Printable.map(source) { $0 != "\t" && Printable.isHidden($0) ? "?" : nil }
            out += line + "\n"
            out += caretIndent(line, column: location.column) + paint("^", green) + "\n"
        }
        for note in diagnostic.notes { out += render(note) }
        return out
    }

    /// Spaces up to the column, keeping the source's tabs so the caret lines up in a terminal.
    private func caretIndent(_ line: String, column: Int) -> String {
        var indent = ""
        for (offset, scalar) in line.unicodeScalars.enumerated() where offset < column - 1 {
            indent.append(scalar == "\t" ? "\t" : " ")
        }
        let missing = column - 1 - line.unicodeScalars.count
        if missing > 0 { indent += String(repeating: " ", count: missing) }
        return indent
    }

    private let bold = "1"
    private let green = "1;32"

    /// The colour of a severity's label.
    private func severityStyle(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;35"
        case .note: "1;36"
        }
    }

    /// Text in a colour, when colour is on.
    private func paint(_ text: String, _ style: String) -> String {
        color ? "\u{1B}[\(style)m\(text)\u{1B}[0m" : text
    }
}
