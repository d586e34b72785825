/// A problem with the command's own input (not with a manifest).
public struct PlanInputError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
