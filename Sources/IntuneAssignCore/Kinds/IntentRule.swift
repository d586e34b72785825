/// How the intent of an assignment works for a kind.
public struct IntentRule: Hashable, Sendable {
    /// The property name in Graph (`intent`, or `installIntent` for eBooks).
    public let graphField: String
    /// The intents Graph accepts.
    public let values: [String]
    /// Whether every assignment must state it (true where the intent is part of the assignment's identity).
    public let required: Bool
    /// Whether two assignments to one target with different intents are different assignments.
    public let isIdentity: Bool
    /// What Graph assumes when the intent is left out.
    public let defaultValue: String?
}
