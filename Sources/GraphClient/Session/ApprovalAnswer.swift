import Foundation

/// What a write's refusal says about Multi Admin Approval (shared/graph/field-notes.md §6), recognised by its header
/// and message, never by its status (400, 403 and 412 are all reported for the same answer).
public enum ApprovalAnswer: Hashable, Sendable {
    /// The write is protected and carried no justification: nothing was filed.
    case justificationRequired
    /// An approval request was filed instead of the write; its id is the approval code.
    case approvalRequired(code: String)
    /// An approval request for the object is already pending (409): nothing new was filed.
    case alreadyPending
    /// The justification was refused (too long, or not base64 of text): nothing was filed.
    case justificationRefused

    /// The answer a Graph error gives, or `nil` when it is no Multi Admin Approval answer.
    public init?(_ error: GraphError) {
        let message = error.message.lowercased()
        if let code = error.approvalCode {
            self = .approvalRequired(code: code)
        } else if message.contains("an active approval request already exists") {
            self = .alreadyPending
        } else if message.contains("x-msft-approval-justification"), message.contains("required") {
            self = .justificationRequired
        } else if message.contains("justification"), message.contains("approval") || message.contains("long") {
            self = .justificationRefused
        } else {
            return nil
        }
    }

    /// The longest justification Graph takes, in characters of the decoded text.
    public static let longestJustification = 1_024

    /// The `x-msft-approval-justification` header value: the base64 of the UTF-8 text.
    public static func justificationHeader(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
