/// A problem with the command's own input (not with a manifest).
public struct PlanInputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in one line.
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
