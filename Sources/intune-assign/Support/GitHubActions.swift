import Foundation
import GraphClient
import IntuneAssignCore

/// What intune-assign does for GitHub Actions (`GITHUB_ACTIONS=true`): errors as workflow annotations, which GitHub
/// shows on the pull request's changed lines, and the markdown plan in the job summary (`GITHUB_STEP_SUMMARY`).
enum GitHubActions {
    /// Whether the command runs in GitHub Actions.
    static func isActive(_ environment: [String: String]) -> Bool { environment["GITHUB_ACTIONS"] == "true" }

    /// `::error file=…,line=…,col=…::message` (workflow command syntax: properties and message escaped).
    static func annotation(_ diagnostic: Diagnostic) -> String {
        let level = diagnostic.severity == .warning ? "warning" : (diagnostic.severity == .note ? "notice" : "error")
        var properties: [String] = []
        if let location = diagnostic.location {
            properties = [
                "file=\(escapeProperty(Printable.line(location.file, limit: 500)))", "line=\(location.line)",
                "col=\(location.column)",
            ]
        }
        // Each line sanitised: a line break in a name would start a workflow command of its own.
        var message = Printable.line(diagnostic.message, limit: 2_000)
        for note in diagnostic.notes {
            message += "\n" + Printable.line((note.location.map { "\($0): " } ?? "") + note.message, limit: 2_000)
        }
        return "::\(level)" + (properties.isEmpty ? "" : " " + properties.joined(separator: ",")) + "::"
            + escapeData(message)
    }

    /// A workflow command's message, escaped as GitHub reads it.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A workflow command's property value, escaped as GitHub reads it.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// Prints an annotation on stdout for every error and warning, when running in GitHub Actions.
    static func annotate(_ diagnostics: [Diagnostic], environment: [String: String]) {
        guard isActive(environment) else { return }
        let lines = diagnostics.filter { $0.severity != .note }.map(annotation)
        if !lines.isEmpty { Terminal.out(lines.joined(separator: "\n") + "\n") }
    }

    /// Has GitHub mask every credential the process registers for redaction (tokens obtained at run time
    /// included) with `::add-mask::`, before any of them could reach the log. The command goes to stderr, which the
    /// runner reads for workflow commands as it reads stdout, so that a plan printed on stdout stays clean.
    static func maskSecrets(environment: [String: String]) {
        guard isActive(environment) else { return }
        Redaction.shared.observe { secret in Terminal.err("::add-mask::\(escapeData(secret))\n") }
    }

    /// Appends markdown to the job summary file, when GitHub gives one.
    static func appendSummary(_ markdown: String, environment: [String: String]) throws {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure("cannot write the job summary to \(path)")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((markdown.hasSuffix("\n") ? markdown : markdown + "\n").utf8))
    }
}
