public import GraphClient
public import IntuneAssignCore

/// Carries out a plan: refuses it when the tenant has moved away from what was read, makes exactly the planned
/// calls — independent ones together in `$batch`es, a configuration's own calls in order — and reads every
/// changed configuration again to say, per configuration, what happened.
public struct PlanApplier: Sendable {
    /// Where the plan is read again and written.
    public let graph: IntuneGraph
    /// Multi Admin Approval: the justification every write carries (`x-msft-approval-justification`), and with it
    /// writes go one by one, not in `$batch`, and approval requests filed earlier are looked up and finished.
    public let justification: String?
    /// Multi Admin Approval: ask again for a write whose request was rejected, cancelled or expired (`--refile`);
    /// without it such a write fails and is not filed again.
    public let refile: Bool

    /// An applier that works through `graph`, with a justification for tenants under Multi Admin Approval.
    public init(graph: IntuneGraph, justification: String? = nil, refile: Bool = false) {
        self.graph = graph
        self.justification = justification
        self.refile = refile
    }

    /// Why a plan cannot be applied here: another tenant or Graph root.
    public func refusal(_ plan: Plan) async throws(GraphError) -> ApplyRefusal? {
        let root = graph.session.cloud.graphRoot
        guard plan.graphRoot == root else { return .otherGraphRoot(plan: plan.graphRoot, here: root) }
        let tenant = try await graph.signedInTenant()
        guard tenant == plan.tenant else { return .otherTenant(plan: plan.tenant, signedIn: tenant) }
        return nil
    }

    /// Where each configuration of a plan stands now, read again the way the plan read it.
    public struct Standing: Sendable {
        /// Still exactly as the plan read them: to apply. These are the plans derived again from the tenant (and
        /// the manifests), never the file's own.
        public var pending: [ConfigurationPlan] = []
        /// Already as the plan makes them: done by an earlier apply of this plan that was interrupted.
        public var done: [ConfigurationPlan] = []
        /// Neither: the tenant moved away from the plan, which must be made again.
        public var stale: [ConfigurationPlan] = []
        /// The file says something the tenant (or the manifests) does not give: edited, forged, or made from other
        /// manifests. Each with what differs, in words.
        public var edited: [(configuration: ConfigurationPlan, differences: [String])] = []
        /// Configurations whose first calls an earlier apply of this plan made (and whose remaining calls are in
        /// `pending`): never stale because of our own writes.
        public var partlyDone: [(configuration: ConfigurationPlan, callsDone: Int)] = []
    }

    /// Reads every configuration of a saved plan again and sorts them by where they stand, for `apply PLANFILE`
    /// without manifests. A configuration whose fingerprint still matches must re-derive exactly from what the
    /// tenant holds (`ConfigurationPlan.fileDifferences`): its `before` sides, `unmanaged` list and calls are
    /// checked field by field, not trusted. A configuration with nothing to change that changed anyway is stale.
    public func standing(_ plan: Plan) async throws(GraphError) -> Standing {
        let observed = try await observe(plan.configurations, of: plan)
        var standing = Standing()
        for configuration in plan.configurations {
            // Every configuration asked for is read; one that were not could not be shown current.
            guard let seen = observed[configuration.key] else {
                standing.stale.append(configuration)
                continue
            }
            let again = configuration.rederived(seen)
            if seen.fingerprint == configuration.fingerprint {
                let differences = configuration.fileDifferences(seen, rederived: again)
                if differences.isEmpty {
                    standing.pending.append(again)
                } else {
                    standing.edited.append((configuration, differences))
                }
            } else {
                Self.sortMoved(configuration, seen, next: again, into: &standing)
            }
        }
        return standing
    }

    /// Sorts a configuration whose fingerprint moved since the plan: done when the tenant holds what it wants (and,
    /// with `doneAllowed` false, never), partly done when the tenant shows its first calls made and `next` (the plan
    /// of what is left) makes exactly the rest, and stale otherwise.
    static func sortMoved(
        _ configuration: ConfigurationPlan, _ seen: ObservedConfiguration, next: ConfigurationPlan?,
        doneAllowed: Bool = true, into standing: inout Standing
    ) {
        if doneAllowed, !configuration.isNoOp, configuration.remainingDifferences(seen).isEmpty {
            standing.done.append(configuration)
        } else if let done = configuration.callsDone(seen), let next, configuration.continues(with: next.calls) {
            standing.pending.append(next)
            standing.partlyDone.append((configuration, done))
        } else {
            standing.stale.append(configuration)
        }
    }

    /// Sorts a saved plan's configurations by comparing them with `fresh`, the plan the merged manifests give
    /// against the tenant now (`apply PLANFILE --manifests DIR`). A configuration is pending only when the fresh
    /// plan reads the same fingerprint and writes and shows the same; the fresh one is what is applied. One whose
    /// fingerprint moved is read again: done when the tenant holds what the reviewed plan wants and the manifests
    /// want nothing more, stale otherwise. Anything else, a configuration on one side only included, is edited.
    public func standing(_ reviewed: Plan, fresh: Plan) async throws(GraphError) -> Standing {
        var standing = Standing()
        var now: [ConfigurationKey: ConfigurationPlan] = [:]
        for configuration in fresh.configurations { now[configuration.key] = now[configuration.key] ?? configuration }
        var moved: [ConfigurationPlan] = []
        for configuration in reviewed.configurations {
            guard let again = now[configuration.key] else {
                standing.edited.append((configuration, ["the manifests do not plan it"]))
                continue
            }
            guard again.fingerprint == configuration.fingerprint else {
                moved.append(configuration)
                continue
            }
            let differences = configuration.reviewDifferences(again)
            if differences.isEmpty {
                standing.pending.append(again)
            } else {
                standing.edited.append((configuration, differences))
            }
        }
        let reviewedKeys = Set(reviewed.configurations.map(\.key))
        for configuration in fresh.configurations where !reviewedKeys.contains(configuration.key) {
            standing.edited.append((configuration, ["the manifests plan it, and the reviewed plan does not have it"]))
        }
        guard !moved.isEmpty else { return standing }
        // Done only when the manifests, too, want nothing more of it.
        let observed = try await observe(moved, of: reviewed)
        for configuration in moved {
            guard let seen = observed[configuration.key] else {
                standing.stale.append(configuration)
                continue
            }
            let again = now[configuration.key]
            Self.sortMoved(configuration, seen, next: again, doneAllowed: again?.isNoOp == true, into: &standing)
        }
        return standing
    }

    /// What these configurations of `plan` hold now, read again, by key (`TenantReader.observe` takes the cheapest
    /// path that is correct for each kind).
    func observe(
        _ configurations: [ConfigurationPlan], of plan: Plan
    ) async throws(GraphError) -> [ConfigurationKey: ObservedConfiguration] {
        var snapshot = TenantSnapshot(tenant: plan.tenant, graphRoot: plan.graphRoot)
        try await GraphTenantReader(graph: graph).observe(
            ObservationScope(configurations: configurations.map { ($0.key, $0.parts) }), into: &snapshot)
        var observed: [ConfigurationKey: ObservedConfiguration] = [:]
        for configuration in configurations {
            observed[configuration.key] = snapshot.observation(configuration.key, parts: configuration.parts)
        }
        return observed
    }

    /// Makes the plan's calls and reports on every configuration that has any. Never throws: whatever fails is in
    /// the report, and running the plan again (after planning again) converges. `ApplyMachine` decides; this loop
    /// carries its actions out and feeds it what Graph answered.
    ///
    /// - Parameter settled: told once per configuration when its writing ended (its last call answered, a call
    ///   failed, or approval holds it back), so that a run killed half-way has said how far it got. The report,
    ///   made after reading everything again, is what says what the tenant holds.
    /// - Parameter rereading: told, before each wait, how many configurations do not match yet and how many seconds
    ///   it waits before reading them again.
    public func apply(
        _ plan: Plan, settled: (@Sendable (ApplyMachine.Settled) -> Void)? = nil,
        rereading: (@Sendable (_ configurations: Int, _ seconds: Double) -> Void)? = nil
    ) async -> ApplyReport {
        // Multi Admin Approval: requests filed by earlier runs decide what this run does for their configurations.
        let sender = WriteSender(graph: graph, justification: justification)
        let earlier = justification == nil ? [:] : await sender.earlierRequests(plan)
        var machine = ApplyMachine(plan, earlier: earlier, refile: refile)
        let configurations = Dictionary(plan.configurations.map { ($0.key, $0) }) { first, _ in first }
        var action = machine.start()
        while true {
            for done in machine.settled() { settled?(done) }
            switch action {
            case .send(let writes):
                action = machine.answered(await sender.send(writes))
            case .confirm(let keys):
                action = machine.confirmed(try? await observe(keys.compactMap { configurations[$0] }, of: plan))
            case .findPendingRequests:
                action = machine.found(try? await graph.myApprovalRequests().map(\.filed))
            case .read(let keys, let delay):
                do throws(GraphError) {
                    if delay > 0 {
                        rereading?(keys.count, delay)
                        try await graph.session.pause(delay)
                    }
                    action = machine.read(try await observe(keys.compactMap { configurations[$0] }, of: plan))
                } catch {
                    action = machine.readFailed(error.description)
                }
            case .finish(let report):
                return report
            }
        }
    }
}
