/// One line of a plan.
public struct PlannedChange: Hashable, Sendable {
    /// What happens to an assignment.
    public enum Action: String, Hashable, Sendable {
        case add, remove, update
        /// From a policy set: shown, never posted or removed.
        case inherited
        /// Present and as wanted.
        case unchanged
    }

    /// What happens.
    public var action: Action
    /// The assignment as found (`nil` for an addition).
    public var before: PlannedAssignment?
    /// The assignment as it will be (`nil` for a removal).
    public var after: PlannedAssignment?
    /// Why, in a reviewer's words: "filter include f1 → exclude f1", "not in the manifest", ...
    public var reasons: [String]

    /// A change from its parts.
    public init(action: Action, before: PlannedAssignment?, after: PlannedAssignment?, reasons: [String]) {
        self.action = action
        self.before = before
        self.after = after
        self.reasons = reasons
    }

    /// The target the change is about.
    public var identityTarget: ResolvedTarget { (after ?? before)!.target }
}
