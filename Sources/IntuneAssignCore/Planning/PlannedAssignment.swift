/// One assignment in the planner's terms, whether wanted (from the manifests) or found (in Graph), normalised so
/// that the two compare field by field.
public struct PlannedAssignment: Hashable, Sendable {
    /// What it points at.
    public var target: ResolvedTarget
    /// Its assignment filter; `nil` for none.
    public var filter: ResolvedFilter?
    /// Its intent (`required`, `apply`, ...) for kinds that have one.
    public var intent: String?
    /// Kind-specific properties in Graph's shape (`settings`, `runRemediationScript`, `runSchedule`).
    public var fields: [String: JSONValue]
    /// Graph's assignment id (found assignments only).
    public var graphID: String?
    /// The policy set it comes from, for inherited assignments (found only): never posted or removed.
    public var policySet: String?
    /// The manifests' assignment set that brought it (wanted only): shown beside its change, never compared or sent.
    public var fromSet: String?

    /// An assignment from its parts.
    public init(
        target: ResolvedTarget, filter: ResolvedFilter? = nil, intent: String? = nil, fields: [String: JSONValue] = [:],
        graphID: String? = nil, policySet: String? = nil
    ) {
        self.target = target
        self.filter = filter
        self.intent = intent
        self.fields = fields
        self.graphID = graphID
        self.policySet = policySet
    }

    /// The identity (DESIGN §3): target type and object, and the intent where the kind makes it part of identity.
    public func identity(_ kind: Kind) -> Identity {
        Identity(target: target, intent: kind.intent?.isIdentity == true ? intent : nil)
    }

    /// What makes two assignments of one configuration the same assignment.
    public struct Identity: Hashable, Sendable, Comparable {
        /// The target type and object.
        public var target: ResolvedTarget
        /// The intent, for kinds where it is part of identity.
        public var intent: String?

        /// Ordered by target, then intent.
        public static func < (lhs: Identity, rhs: Identity) -> Bool {
            (lhs.target, lhs.intent ?? "") < (rhs.target, rhs.intent ?? "")
        }
    }
}
