public import GraphClient
public import IntuneAssignCore

/// `apply`: a saved plan, checked against the tenant (and the manifests it claims to come from) and resumed where
/// an earlier run stopped, or a fresh plan of the manifests once confirmed; then the writes, through `PlanApplier`.
/// Every refusal comes before the first write. It holds nothing but its Graph.
public struct ApplyOperation: Sendable {
    /// What to apply.
    public enum Source: Sendable {
        /// A plan file, and the manifests it must be the plan of (`--manifests`), if given.
        case saved(Plan, manifests: ManifestInput?)
        /// Manifests, planned now and confirmed.
        case manifests(ManifestInput)
    }

    /// An apply and its guards.
    public struct Request: Sendable {
        /// What to apply.
        public var source: Source
        /// Refuse a plan that removes more assignments than this (`--max-removals`).
        public var maxRemovals: Int?
        /// Multi Admin Approval's justification (`--justification`).
        public var justification: String?
        /// Multi Admin Approval: ask again for writes whose requests were decided against (`--refile`).
        public var refile: Bool
        /// Refuse a plan that reaches more users or devices than this (`--max-reach`), or whose reach is unknown.
        public var maxReach: Int?
        /// Apply above the reach limit all the same (`--allow-reach`): the reach is still read and shown.
        public var allowReach = false
        /// The tenant's rules: a plan that leaves them broken is refused (`--rules`, `--strict-rules`). They are
        /// checked on the plan made now from the manifests, so they need manifests.
        public var rules: (set: RuleSet, strict: Bool)?

        /// A request from its parts.
        public init(
            source: Source, maxRemovals: Int? = nil, justification: String? = nil, refile: Bool = false,
            maxReach: Int? = nil, allowReach: Bool = false
        ) {
            self.source = source
            self.maxRemovals = maxRemovals
            self.justification = justification
            self.refile = refile
            self.maxReach = maxReach
            self.allowReach = allowReach
        }
    }

    /// How an apply ended.
    public enum Outcome: Sendable {
        /// The plan changes nothing.
        case nothingToApply
        /// Writes were made (or held for approval); the report says what the tenant holds.
        case applied(ApplyReport)
        /// The manifests do not plan against this tenant: the view was shown why.
        case problems
        /// Nothing was written, and why.
        case refused(ApplyRefusal)

        /// The process's exit status: 0 when the tenant matches (or nothing was to change), 3 when the only thing
        /// left is writes awaiting approval, 1 otherwise.
        public var exitStatus: Int32 {
            switch self {
            case .nothingToApply: 0
            case .applied(let report): report.succeeded ? 0 : report.onlyAwaitingApproval ? 3 : 1
            case .problems, .refused: 1
            }
        }
    }

    /// The tenant's Graph.
    public let graph: IntuneGraph

    /// An operation on `graph`.
    public init(graph: IntuneGraph) { self.graph = graph }

    /// Stops the operation with an outcome before anything is written.
    struct Stop: Error {
        let outcome: Outcome
    }

    /// Applies, telling the view as it goes.
    public func run(_ request: Request, view: some ApplyView) async -> Outcome {
        let applier = PlanApplier(graph: graph, justification: request.justification, refile: request.refile)
        var plan: Plan
        do throws(Stop) {
            switch request.source {
            case .manifests(let input):
                plan = try await fresh(input, view: view, rules: request.rules)
                await readReach(&plan, request)
                view.planned(plan)
                try checkRemovals(plan, request.maxRemovals)
                try checkReach(plan, request)
                if plan.summary.hasChanges {
                    let answer = await view.confirm(plan)
                    guard answer == .yes else { throw Stop(outcome: .refused(.notConfirmed(answer))) }
                }
            case .saved(let saved, let manifests):
                plan = try await triage(saved, manifests: manifests, applier, view: view, rules: request.rules)
                // Guards count what will be written, derived from the tenant as read, not what the file says.
                try checkRemovals(plan, request.maxRemovals)
                await readReach(&plan, request)
                try checkReach(plan, request)
            }
        } catch {
            return error.outcome
        }
        guard plan.summary.hasChanges else {
            view.nothingToApply()
            return .nothingToApply
        }
        view.applying(plan, oneByOne: request.justification != nil)
        let report = await applier.apply(
            plan, settled: { view.settled($0) }, rereading: { view.rereading($0, seconds: $1) })
        view.finished(report)
        return .applied(report)
    }

    /// The plan of the manifests, made now; with rules, refused when it leaves them broken.
    func fresh(_ input: ManifestInput, view: some PlanView, rules: (set: RuleSet, strict: Bool)? = nil)
        async throws(Stop) -> Plan
    {
        let operation = PlanOperation(graph: graph)
        var made: PlanMaker.Made?
        switch await operation.make(input, view: view, made: &made) {
        case .planned(var plan):
            if let rules, let made {
                let report = await RuleReader(reader: operation.reader).report(
                    rules.set, strict: rules.strict, plan: plan, state: input.state, made: made)
                plan.rules = report
                if report.fails { throw Stop(outcome: .refused(.rulesBroken(report))) }
            }
            return plan
        case .problems: throw Stop(outcome: .problems)
        case .readFailed(let error): throw Stop(outcome: .refused(.readFailed(error)))
        }
    }

    /// A saved plan checked against the tenant, and with manifests against the plan they give now: the plan to
    /// apply, made of configurations derived again (never the file's own), or a refusal that writes nothing.
    /// Configurations an interrupted apply of this plan made already are shown and left out.
    func triage(
        _ saved: Plan, manifests: ManifestInput?, _ applier: PlanApplier, view: some ApplyView,
        rules: (set: RuleSet, strict: Bool)? = nil
    ) async throws(Stop) -> Plan {
        var plan = saved
        let refusal: ApplyRefusal?
        do throws(GraphError) { refusal = try await applier.refusal(saved) } catch {
            throw Stop(outcome: .refused(.readFailed(error.description)))
        }
        if let refusal { throw Stop(outcome: .refused(refusal)) }
        let fresh = manifests == nil ? nil : try await self.fresh(manifests!, view: view, rules: rules)
        let standing: PlanApplier.Standing
        do throws(GraphError) {
            if let fresh {
                standing = try await applier.standing(saved, fresh: fresh)
                plan.groupNames = fresh.groupNames
                plan.filterNames = fresh.filterNames
            } else {
                standing = try await applier.standing(saved)
            }
        } catch {
            throw Stop(outcome: .refused(.readFailed(error.description)))
        }
        if !standing.edited.isEmpty {
            throw Stop(outcome: .refused(.edited(standing.edited, againstManifests: manifests != nil)))
        }
        if !standing.stale.isEmpty { throw Stop(outcome: .refused(.stale(standing.stale))) }
        if !standing.done.isEmpty || !standing.partlyDone.isEmpty {
            view.resumed(done: standing.done, partlyDone: standing.partlyDone)
        }
        plan.configurations = standing.pending
        return plan
    }

    /// Reads what the plan reaches, now, when a reach limit is set: the counts a saved plan carries are a report,
    /// never what the guard trusts.
    func readReach(_ plan: inout Plan, _ request: Request) async {
        guard let limit = request.maxReach else { return }
        let counts = await GraphTenantReader(graph: graph).reachCounts(ReachScope(plan))
        plan.reach = Reach(counts: counts, limit: limit)
    }

    /// Refuses a plan above its reach limit, unless `--allow-reach` was given.
    func checkReach(_ plan: Plan, _ request: Request) throws(Stop) {
        guard let reach = plan.reach, reach.isAboveLimit(plan), !request.allowReach else { return }
        throw Stop(outcome: .refused(.aboveReachLimit(reach.bounds(plan), limit: reach.limit ?? 0)))
    }

    /// Refuses a plan that removes more assignments than the limit allows.
    func checkRemovals(_ plan: Plan, _ limit: Int?) throws(Stop) {
        guard let limit, plan.summary.remove > limit else { return }
        throw Stop(outcome: .refused(.tooManyRemovals(plan.summary.remove, limit: limit)))
    }
}
