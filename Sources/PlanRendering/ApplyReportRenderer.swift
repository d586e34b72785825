public import IntuneAssignCore

/// The end of an apply, for people and pipeline logs: one line per configuration that was to change — changed,
/// partly changed, failed (with Graph's error and what still differs) or not attempted — then one summary line.
public struct ApplyReportRenderer: Sendable {
    /// Whether to colour the states (only on a terminal).
    public var color: Bool

    /// A renderer that colours or not.
    public init(color: Bool) { self.color = color }

    /// One line per configuration with its state and calls, what still differs, and a closing summary line.
    public func render(_ report: ApplyReport) -> String {
        var out = ""
        let width = report.entries.map(\.state.rawValue.count).max() ?? 0
        for entry in report.entries {
            let label = entry.state.rawValue + String(repeating: " ", count: width - entry.state.rawValue.count)
            let style =
                entry.state == .changed
                ? "32" : (entry.state == .notAttempted || entry.state == .awaitingApproval ? "33" : "1;31")
            out += paint(label, style) + "  " + PlanWords.heading(entry.configuration)
            let indent = String(repeating: " ", count: width + 4)
            if let request = entry.approvalRequest, entry.state == .awaitingApproval {
                // A configuration whose earlier calls are done says so: it is never left half-written unsaid.
                let made =
                    entry.callsMade > 0 ? " (\(entry.callsMade) of \(entry.configuration.calls.count) calls made)" : ""
                out += " — approval request \(request)\(made)\n"
                for note in entry.notes { out += indent + "note: " + ApplyWords.note(note) + "\n" }
                continue
            }
            out += " — \(PlanWords.count(entry.callsMade, "call")) of \(entry.configuration.calls.count) made\n"
            for note in entry.notes { out += indent + "note: " + ApplyWords.note(note) + "\n" }
            if entry.state != .changed, let failure = entry.failure {
                out += indent + ApplyWords.failure(failure) + "\n"
            }
            if entry.state != .changed {
                for difference in entry.differences { out += indent + "still differs: " + difference + "\n" }
            }
        }
        if let error = report.verificationError {
            out += "\nThe configurations could not be read again to check them: \(error)\n"
        }
        let calls = report.entries.reduce(0) { $0 + $1.callsMade }
        if report.onlyAwaitingApproval {
            let waiting = report.count(.awaitingApproval)
            out +=
                "\n"
                + paint(
                    "Apply waiting for approval: \(report.count(.changed)) changed, \(waiting) awaiting approval "
                        + "(\(PlanWords.count(waiting, "request"))). A second admin approves them in the Intune admin "
                        + "center (Tenant administration > Multi Admin Approval > Received requests); then run the "
                        + "same apply again to finish.", "1;33") + "\n"
        } else if report.succeeded {
            out +=
                "\n"
                + paint(
                    "Apply complete: \(PlanWords.count(report.entries.count, "configuration")) changed with "
                        + "\(PlanWords.count(calls, "Graph call")); the tenant matches the plan.", "1") + "\n"
        } else {
            out +=
                "\n"
                + paint(
                    "Apply failed: \(report.count(.changed)) changed, \(report.count(.partlyChanged)) partly changed, "
                        + "\(report.count(.failed)) failed, \(report.count(.notAttempted)) not attempted"
                        + (report.count(.awaitingApproval) > 0
                            ? ", \(report.count(.awaitingApproval)) awaiting approval" : "")
                        + ". Plan and apply again to converge.",
                    "1;31") + "\n"
        }
        return out
    }

    /// Text in a colour, when colour is on.
    func paint(_ text: String, _ style: String) -> String {
        color ? "\u{1B}[\(style)m\(text)\u{1B}[0m" : text
    }
}

extension ApplyReportRenderer {
    /// The version of the JSON apply report (`format_version`).
    public static let jsonFormatVersion = 1

    /// The report as versioned JSON, for programs: the outcome, then per configuration its state, calls, failure
    /// (in the same words as the text), what still differs, the approval request and the notes.
    public static func json(_ report: ApplyReport?) -> String {
        let outcome =
            report.map { $0.succeeded ? "applied" : $0.onlyAwaitingApproval ? "awaiting approval" : "failed" }
            ?? "nothing to apply"
        let entries = (report?.entries ?? []).map { entry -> JSONValue in
            let configuration = entry.configuration
            return .object([
                ("kind", .string(configuration.kind.name)), ("id", .string(configuration.id.description)),
                ("display_name", .string(configuration.displayName)), ("state", .string(entry.state.rawValue)),
                ("calls_made", .int(entry.callsMade)), ("calls", .int(configuration.calls.count)),
                ("failure", entry.failure.map { .string(ApplyWords.failure($0)) } ?? .null),
                ("still_differs", .array(entry.differences.map(JSONValue.string))),
                ("approval_request", entry.approvalRequest.map(JSONValue.string) ?? .null),
                ("notes", .array(entry.notes.map { .string(ApplyWords.note($0)) })),
            ])
        }
        var pairs: [(key: String, value: JSONValue)] = [
            ("format_version", .int(jsonFormatVersion)), ("outcome", .string(outcome)),
            ("configurations", .array(entries)),
        ]
        if let error = report?.verificationError { pairs.append(("verification_error", .string(error))) }
        return JSONValue.object(pairs).serialized(pretty: true) + "\n"
    }
}
