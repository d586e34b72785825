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

        /// Whether both are known.
        public var isKnown: Bool { users != nil && devices != nil }
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

    /// A sum of what targets reach: the users and devices of those counted, and how many could not be counted.
    public struct Side: Hashable, Sendable {
        /// Users of the counted targets.
        public var users = 0
        /// Devices of the counted targets.
        public var devices = 0
        /// Targets whose users or devices are not known (not read, or not countable: a Configuration Manager
        /// collection); what they know is in the sums.
        public var uncounted = 0

        /// A side from its parts.
        public init(users: Int = 0, devices: Int = 0, uncounted: Int = 0) {
            self.users = users
            self.devices = devices
            self.uncounted = uncounted
        }

        /// One target's count.
        init(_ count: Count) {
            self.init(users: count.users ?? 0, devices: count.devices ?? 0, uncounted: count.isKnown ? 0 : 1)
        }

        /// Whether it reaches no one and counts every target.
        public var isEmpty: Bool { users == 0 && devices == 0 && uncounted == 0 }
        /// The larger of users and devices; `nil` when a target is not counted.
        public var largest: Int? { uncounted > 0 ? nil : max(users, devices) }

        /// Both sums added.
        public static func + (lhs: Side, rhs: Side) -> Side {
            Side(
                users: lhs.users + rhs.users, devices: lhs.devices + rhs.devices,
                uncounted: lhs.uncounted + rhs.uncounted)
        }
    }

    /// What newly reaches and what stops reaching, for one configuration or the whole plan.
    public struct Bounds: Hashable, Sendable {
        /// Newly reached, at most.
        public var newly: Side
        /// No longer reached, at most.
        public var stops: Side

        /// Bounds from their parts.
        public init(newly: Side = Side(), stops: Side = Side()) {
            self.newly = newly
            self.stops = stops
        }

        /// The larger of users and devices, newly or no longer reached; `nil` when a target is not counted.
        public var largest: Int? {
            guard let newly = newly.largest, let stops = stops.largest else { return nil }
            return max(newly, stops)
        }

        /// Both bounds added up.
        public static func + (lhs: Bounds, rhs: Bounds) -> Bounds {
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
        let count = Side(self.count(assignment))
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
        total.newly.devices += configuration.devicesToAdd.count
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
