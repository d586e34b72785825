/// One line of a plan.
public struct PlannedChange: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable {
        case add, remove, update
        /// From a policy set: shown, never posted or removed.
        case inherited
        /// Present and as wanted.
        case unchanged
    }

    public var action: Action
    public var before: PlannedAssignment?
    public var after: PlannedAssignment?
    /// Why, in a reviewer's words: "filter include f1 → exclude f1", "not in the manifest", ...
    public var reasons: [String]

    public init(action: Action, before: PlannedAssignment?, after: PlannedAssignment?, reasons: [String]) {
        self.action = action
        self.before = before
        self.after = after
        self.reasons = reasons
    }

    public var identityTarget: ResolvedTarget { (after ?? before)!.target }
}
