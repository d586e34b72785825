/// A whole plan: what was read, what will change and the exact calls, for every configuration the manifests name.
/// Data only — `PlanRendering` shows it and stores it (the plan file), `apply` carries it out.
public struct Plan: Hashable, Sendable {
    /// The version of the plan file format (`format_version`); bumped on any change a reader must know about.
    public static let formatVersion = 1

    /// The tenant the plan was made for (the signed-in tenant, which the manifests' `tenant:` agreed with).
    public var tenant: GUID
    /// The Graph root it was read from, such as `https://graph.microsoft.com`.
    public var graphRoot: String
    /// A digest of the manifest files the plan was made from (paths and bytes).
    public var manifestDigest: String
    /// Every configuration in manifest order, changed or not.
    public var configurations: [ConfigurationPlan]
    /// Display names of the groups and filters the plan mentions, by lower-case id.
    public var groupNames: [String: String]
    public var filterNames: [String: String]
    /// The `--target KIND/ID` selections the plan was limited to (empty: all of the manifests).
    public var targets: [String]

    public init(
        tenant: GUID, graphRoot: String, manifestDigest: String, configurations: [ConfigurationPlan],
        groupNames: [String: String] = [:], filterNames: [String: String] = [:], targets: [String] = []
    ) {
        self.tenant = tenant
        self.graphRoot = graphRoot
        self.manifestDigest = manifestDigest
        self.configurations = configurations
        self.groupNames = groupNames
        self.filterNames = filterNames
        self.targets = targets
    }

    /// The counts of the summary line.
    public struct Summary: Hashable, Sendable {
        public var configurations = 0
        public var toChange = 0
        /// Assignments to add, Autopilot devices included.
        public var add = 0
        public var update = 0
        public var remove = 0
        public var calls = 0
        /// Removals of All users / All devices targets, which a reviewer must not miss.
        public var broadRemovals = 0
        public var inherited = 0

        public var hasChanges: Bool { toChange > 0 }
    }

    public var summary: Summary {
        var summary = Summary()
        for configuration in configurations {
            summary.configurations += 1
            summary.inherited += configuration.count(.inherited)
            guard !configuration.isNoOp else { continue }
            summary.toChange += 1
            summary.add += configuration.count(.add) + configuration.devicesToAdd.count
            summary.update += configuration.count(.update)
            summary.remove += configuration.count(.remove)
            summary.calls += configuration.calls.count
            summary.broadRemovals += configuration.changes.count { $0.action == .remove && $0.identityTarget.isBroad }
        }
        return summary
    }

    /// The last line of every rendering: `Plan: …` or `No changes. …`.
    public var summaryLine: String {
        let summary = summary
        guard summary.hasChanges else { return "No changes. The tenant matches the manifests." }
        let noun = summary.toChange == 1 ? "configuration" : "configurations"
        let calls = summary.calls == 1 ? "call" : "calls"
        return "Plan: \(summary.toChange) \(noun) to change (\(summary.add) to add, \(summary.update) to update, "
            + "\(summary.remove) to remove), \(summary.calls) Graph \(calls)."
    }

    /// A group's or filter's display name, if the plan knows it.
    public func name(of target: ResolvedTarget) -> String? {
        guard let object = target.object, target.type == .group || target.type == .exclusionGroup else { return nil }
        return groupNames[object]
    }

    public func filterName(_ id: GUID) -> String? { filterNames[id.description] }
}

extension ResolvedTarget {
    /// All users and All devices: a removal of one of these changes the most devices at once.
    public var isBroad: Bool { type == .allUsers || type == .allDevices }
}

extension PlannedCall {
    /// The HTTP method and the path under the kind's collection (`/{id}/assign`, ...), for people and for the plan file.
    public func request(kind: Kind, id: String) -> (method: String, path: String) {
        let base = "\(kind.collectionPath)/\(id)"
        switch self {
        case .assign, .assignDevices: return ("POST", base + "/assign")
        case .create: return ("POST", base + "/assignments")
        case let .delete(assignment): return ("DELETE", base + "/assignments/" + assignment)
        }
    }

    /// The request body (`nil` for DELETE).
    public func body(kind: Kind) -> JSONValue? {
        switch self {
        case let .assign(assignments): .object([(kind.assignBodyKey, .array(assignments))])
        case let .create(assignment): assignment
        case .delete: nil
        case let .assignDevices(devices): .object([(kind.assignBodyKey, .array(devices.map { .string($0.description) }))])
        }
    }
}

extension ConfigurationPlan {
    /// The direct assignments the configuration has once the plan is applied: everything added, updated or kept.
    public var desired: [PlannedAssignment] {
        changes.filter { [.add, .update, .unchanged].contains($0.action) }.compactMap(\.after)
    }

    /// What still differs between the tenant as read again and what this plan makes of the configuration, in
    /// words; empty when the configuration is as planned. Inherited and unmanaged assignments are left out, as the
    /// plan leaves them alone.
    public func remainingDifferences(current: [JSONValue], devices: [GUID]?) -> [String] {
        var assignments: [PlannedAssignment] = [], unmanaged: [JSONValue] = []
        for value in current {
            if let assignment = PlannedAssignment(graph: value, kind: kind) { assignments.append(assignment) } else { unmanaged.append(value) }
        }
        let again = Planner.plan(kind: kind, id: id, mode: mode, wanted: desired, current: assignments,
                                 wantedDevices: devicesRead ? devicesToAdd : nil, currentDevices: devices ?? [], unmanaged: unmanaged)
        var differences: [String] = []
        for change in again.changes where [.add, .update, .remove].contains(change.action) {
            let target = change.identityTarget
            var words = "\(target.type.manifestKey)" + (target.object.map { " \($0)" } ?? "")
            if let intent = (change.after ?? change.before)?.intent, kind.intent?.isIdentity == true { words += " (\(intent))" }
            switch change.action {
            case .add: differences.append("\(words) is missing")
            case .remove: differences.append("\(words) is still assigned")
            default: differences.append("\(words): " + change.reasons.joined(separator: "; "))
            }
        }
        differences += again.devicesToAdd.map { "Autopilot device \($0) does not have the profile" }
        return differences
    }
}
