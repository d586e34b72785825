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
    /// Display names of the groups the plan mentions, by id.
    public var groupNames: [GUID: String]
    /// Display names of the assignment filters the plan mentions, by id.
    public var filterNames: [GUID: String]
    /// The `--target KIND/ID` selections the plan was limited to (empty: all of the manifests).
    public var targets: [String]

    /// A plan from its parts (`PlanMaker.build` makes them).
    public init(
        tenant: GUID, graphRoot: String, manifestDigest: String, configurations: [ConfigurationPlan],
        groupNames: [GUID: String] = [:], filterNames: [GUID: String] = [:], targets: [String] = []
    ) {
        self.tenant = tenant
        self.graphRoot = graphRoot
        self.manifestDigest = manifestDigest
        self.configurations = configurations
        self.groupNames = groupNames
        self.filterNames = filterNames
        self.targets = targets
    }

    /// Who changed each drifted configuration, when the plan was asked to say (`plan --blame`); not part of what
    /// apply checks.
    public var blame: Blame?
    /// How many users and devices the changes reach, when the plan was asked to say (`plan --reach`,
    /// `--max-reach`); not part of what apply checks (apply reads the counts again).
    public var reach: Reach?
    /// The tenant's rules checked against what it would hold after the plan (`--rules`); a plan whose report fails
    /// is not applied.
    public var rules: RuleReport?

    /// The counts of the summary line.
    public struct Summary: Hashable, Sendable {
        /// Configurations in the plan.
        public var configurations = 0
        /// Configurations with something to write.
        public var toChange = 0
        /// Assignments to add, Autopilot devices included.
        public var add = 0
        /// Assignments to update.
        public var update = 0
        /// Assignments to remove.
        public var remove = 0
        /// Graph calls to make.
        public var calls = 0
        /// Removals of All users / All devices targets, which a reviewer must not miss.
        public var broadRemovals = 0
        /// Assignments inherited from policy sets (shown, never touched).
        public var inherited = 0

        /// Whether anything is to be written.
        public var hasChanges: Bool { toChange > 0 }
    }

    /// The counts of the whole plan.
    public var summary: Summary {
        var summary = Summary()
        for configuration in configurations {
            summary.configurations += 1
            summary.inherited += configuration.count(.inherited)
            guard !configuration.isNoOp else { continue }
            summary.toChange += 1
            let lines = configuration.lineCounts
            summary.add += lines.add
            summary.update += lines.update
            summary.remove += lines.remove
            summary.calls += configuration.calls.count
            summary.broadRemovals += configuration.broadRemovals.count
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
    public func name(of target: ResolvedTarget) -> String? { target.namedGroup.flatMap { groupNames[$0] } }

    /// The policy set of this id, if the plan holds it.
    public func policySet(_ id: String) -> ConfigurationPlan? {
        // Ids are canonical (lower case); what an inherited assignment names is lowered once, not per configuration.
        let wanted = id.lowercased()
        return configurations.first { $0.id.description == wanted && $0.kind.name == "policySet" }
    }

    /// An assignment filter's display name, if the plan knows it.
    public func filterName(_ id: GUID) -> String? { filterNames[id] }

    /// Every removal, with its configuration, in plan order.
    public var removals: [(configuration: ConfigurationPlan, change: PlannedChange)] {
        configurations.flatMap { configuration in
            configuration.changes.filter { $0.action == .remove }.map { (configuration, $0) }
        }
    }

    /// Every removal of an All users or All devices target, with its configuration, in plan order: what a reviewer
    /// must not miss.
    public var broadRemovals: [(configuration: ConfigurationPlan, change: PlannedChange)] {
        removals.filter { $0.change.identityTarget.isBroad }
    }
}
