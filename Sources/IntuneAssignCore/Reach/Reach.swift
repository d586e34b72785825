/// How many users and devices the changes of a plan reach (`plan --reach`, `--max-reach`): the counts read from the
/// directory and Intune, and the upper bounds worked out from them. Pure.
///
/// A group reaches its transitive members, users and devices counted apart; All users the tenant's users; All
/// devices the devices enrolled in Intune. An include filter narrows the devices to those it matches, when Intune
/// evaluated it; an exclude filter, or one not evaluated, narrows nothing. The bounds add targets up without looking
/// at overlaps, so they are upper bounds ("at most"). An addition of an include target, or a removal of an exclusion,
/// newly reaches; the reverse stops reaching; an update (filter, intent, settings) may do both, up to the target's
/// count. A count that could not be read makes the bound unknown, never zero.
public struct Reach: Hashable, Sendable {
    /// Users and devices; `nil` when not known.
    public struct Count: Hashable, Sendable {
        /// Users reached.
        public var users: Int?
        /// Devices reached.
        public var devices: Int?

        /// A count from its parts.
        public init(users: Int?, devices: Int?) {
            self.users = users
            self.devices = devices
        }

        /// Nothing.
        public static let zero = Count(users: 0, devices: 0)

        /// The sum, unknown where either side is.
        public static func + (lhs: Count, rhs: Count) -> Count {
            Count(
                users: lhs.users.flatMap { a in rhs.users.map { a + $0 } },
                devices: lhs.devices.flatMap { a in rhs.devices.map { a + $0 } })
        }

        /// Whether both are known.
        public var isKnown: Bool { users != nil && devices != nil }
        /// The larger of the two; `nil` when either is unknown.
        public var largest: Int? { users.flatMap { u in devices.map { max(u, $0) } } }
    }

    /// What was read: the counts by group, the tenant's, and the devices each filter matches.
    public struct Counts: Hashable, Sendable {
        /// Transitive members of each group; a group absent, or a side `nil`, was not read.
        public var groups: [GUID: Count] = [:]
        /// The tenant's users (All users).
        public var allUsers: Int?
        /// The devices enrolled in Intune (All devices).
        public var allDevices: Int?
        /// Devices each filter matches, where Intune evaluated it.
        public var filters: [GUID: Int] = [:]
        /// Why some counts are missing, once each ("needs the permission GroupMember.Read.All (Graph answered 403)").
        public var problems: [String] = []

        /// Counts from their parts.
        public init(
            groups: [GUID: Count] = [:], allUsers: Int? = nil, allDevices: Int? = nil, filters: [GUID: Int] = [:],
            problems: [String] = []
        ) {
            self.groups = groups
            self.allUsers = allUsers
            self.allDevices = allDevices
            self.filters = filters
            self.problems = problems
        }
    }

    /// What newly reaches and what stops reaching, for one configuration or the whole plan.
    public struct Bounds: Hashable, Sendable {
        /// Newly reached, at most.
        public var newly: Count
        /// No longer reached, at most.
        public var stops: Count

        /// Bounds from their parts.
        public init(newly: Count = .zero, stops: Count = .zero) {
            self.newly = newly
            self.stops = stops
        }

        /// The larger of users and devices, newly or no longer reached; `nil` when a count is unknown.
        public var largest: Int? {
            guard let newly = newly.largest, let stops = stops.largest else { return nil }
            return max(newly, stops)
        }

        /// Both bounds added up.
        static func + (lhs: Bounds, rhs: Bounds) -> Bounds {
            Bounds(newly: lhs.newly + rhs.newly, stops: lhs.stops + rhs.stops)
        }
    }

    /// What was read.
    public var counts: Counts
    /// The limit given with `--max-reach`, if any.
    public var limit: Int?

    /// Reach from the counts read, against `limit`.
    public init(counts: Counts, limit: Int? = nil) {
        self.counts = counts
        self.limit = limit
    }

    /// What one assignment reaches, at most: its target's count, its devices narrowed by an evaluated include filter.
    public func count(_ assignment: PlannedAssignment) -> Count {
        var count: Count
        switch assignment.target {
        case .group(let id), .exclusionGroup(let id):
            count = counts.groups[id] ?? Count(users: nil, devices: nil)
        case .allUsers: count = Count(users: counts.allUsers, devices: nil)
        case .allDevices: count = Count(users: 0, devices: counts.allDevices)
        case .collection: count = Count(users: nil, devices: nil)
        }
        if let filter = assignment.filter, filter.mode == .include, let matches = counts.filters[filter.id] {
            count.devices = count.devices.map { min($0, matches) } ?? matches
        }
        // All users reaches its users' devices: as many as Intune holds, at most.
        if case .allUsers = assignment.target { count.devices = count.devices ?? counts.allDevices }
        return count
    }

    /// The bounds of one change: an include target added (an exclusion removed) newly reaches, the reverse stops
    /// reaching, an update may do both; kept and inherited assignments reach nothing new.
    public func bounds(_ change: PlannedChange) -> Bounds {
        guard let assignment = change.after ?? change.before else { return Bounds() }
        let count = self.count(assignment)
        let excludes = assignment.target.type == .exclusionGroup
        switch change.action {
        case .add: return excludes ? Bounds(stops: count) : Bounds(newly: count)
        case .remove: return excludes ? Bounds(newly: count) : Bounds(stops: count)
        case .update: return Bounds(newly: count, stops: count)
        case .unchanged, .inherited: return Bounds()
        }
    }

    /// The bounds of one configuration's changes (Autopilot devices added count as devices newly reached).
    public func bounds(_ configuration: ConfigurationPlan) -> Bounds {
        var total = configuration.changes.reduce(Bounds()) { $0 + bounds($1) }
        total.newly.devices = total.newly.devices.map { $0 + configuration.devicesToAdd.count }
        return total
    }

    /// The bounds of every configuration the plan changes.
    public func bounds(_ plan: Plan) -> Bounds {
        plan.configurations.filter { !$0.isNoOp }.reduce(Bounds()) { $0 + bounds($1) }
    }

    /// Whether the plan goes above the limit: its largest bound is over it, or unknown (a limit that cannot be
    /// checked is not met).
    public func isAboveLimit(_ plan: Plan) -> Bool {
        guard let limit else { return false }
        guard let largest = bounds(plan).largest else { return true }
        return largest > limit
    }
}
