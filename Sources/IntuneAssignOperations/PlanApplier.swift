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
    public func refusal(_ plan: Plan) async throws(GraphError) -> String? {
        let root = graph.session.cloud.graphRoot
        guard plan.graphRoot == root else {
            return "the plan was made against \(plan.graphRoot), not \(root): apply it where it was made, or plan again"
        }
        let tenant = try await graph.signedInTenant()
        guard tenant == plan.tenant else {
            return "the plan was made for tenant \(plan.tenant), but the credentials signed in to tenant \(tenant)"
        }
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
        let observed = try await observe(plan.configurations)
        var standing = Standing()
        for (configuration, seen) in zip(plan.configurations, observed) {
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
        for (configuration, seen) in zip(moved, try await observe(moved)) {
            let again = now[configuration.key]
            Self.sortMoved(configuration, seen, next: again, doneAllowed: again?.isNoOp == true, into: &standing)
        }
        return standing
    }

    /// What the configurations hold now, each read by the cheapest path that is correct for its kind: one by one,
    /// or, for a list-expand kind with `IntuneGraph.listingPays` configurations or more in the plan, by the kind's
    /// list pages.
    func observe(_ configurations: [ConfigurationPlan]) async throws(GraphError) -> [ObservedConfiguration] {
        let many = Dictionary(grouping: configurations, by: \.kind).filter {
            $0.key.read.assignments == .listExpand && $0.value.count >= IntuneGraph.listingPays
        }
        let listed = many.isEmpty ? [:] : try await graph.listedAssignments(of: many.keys.sorted { $0.name < $1.name })
        return try await graph.observe(
            configurations.map { (ConfigurationKey(kind: $0.kind, id: $0.id), $0.devicesRead) }, listed: listed)
    }

    /// Makes the plan's calls and reports on every configuration that has any. Never throws: whatever fails is in
    /// the report, and running the plan again (after planning again) converges.
    ///
    /// - Parameter answered: told once per configuration when its last call was answered or one of its calls
    ///   failed (its calls made so far, and the error if any), so that a run killed half-way has said how far it
    ///   got. The report, made after reading everything again, is what says what the tenant holds.
    /// - Parameter rereading: told, before each wait, how many configurations do not match yet and how many seconds
    ///   it waits before reading them again.
    public func apply(
        _ plan: Plan, answered: (@Sendable (ConfigurationPlan, _ callsMade: Int, _ error: String?) -> Void)? = nil,
        rereading: (@Sendable (_ configurations: Int, _ seconds: Double) -> Void)? = nil
    ) async -> ApplyReport {
        var changing = plan.configurations.filter { !$0.isNoOp }
        var notes = Array(repeating: [String](), count: changing.count)
        // Kinds whose `assign` answered only with its cast segment in this run, and kinds whose plain `assign`
        // answered: their later writes take the route that answered at once.
        var castKinds = Set<String>()
        var plainKinds = Set<String>()
        var callsMade = Array(repeating: 0, count: changing.count)
        var errors: [String?] = Array(repeating: nil, count: changing.count)
        var attempted = Array(repeating: false, count: changing.count)
        var abort: String?
        // Multi Admin Approval: requests filed by earlier runs decide what this run does for their configurations.
        var approval = ApprovalState()
        if justification != nil {
            approval = await approvalState(changing)
            // Decided against earlier: its write went out then, as an approval request.
            for (index, outcome) in approval.decided {
                errors[index] = outcome
                attempted[index] = true
            }
        }

        // Wave k holds the k-th call of every configuration still going: calls of one configuration depend on
        // each other (delete before create), calls of different configurations do not.
        let waves = changing.map(\.calls.count).max() ?? 0
        for wave in 0..<waves where abort == nil {
            var requests: [BatchRequest] = []
            for (index, configuration) in changing.enumerated()
            where configuration.calls.count > wave && errors[index] == nil && approval.awaiting[index] == nil {
                let request = BatchRequest(id: String(index), call: configuration.calls[wave], to: configuration.key)
                requests.append(
                    castKinds.contains(configuration.kind.name) ? Self.cast(request, configuration) : request)
            }
            // A write that Graph does not route as planned is sent once more, another way, in a later round. Of a
            // kind whose `assign` route is not known yet in this run, one write goes first and the others wait for
            // its answer, so that the route is learnt once.
            var retried = Set<String>()
            while !requests.isEmpty, abort == nil {
                var probing = Set<String>()
                var later: [BatchRequest] = []
                var now: [BatchRequest] = []
                for request in requests {
                    let kind = changing[Int(request.id)!].kind
                    let unknownRoute =
                        kind.write.assignCast != nil && request.url.hasSuffix("/assign")
                        && !castKinds.contains(kind.name) && !plainKinds.contains(kind.name)
                    if unknownRoute, !probing.insert(kind.name).inserted {
                        later.append(request)
                    } else {
                        now.append(request)
                    }
                }
                let results = justification == nil ? await send(now) : await sendOneByOne(now, approval)
                var retries: [BatchRequest] = []
                for request in now {
                    let index = Int(request.id)!
                    attempted[index] = true
                    var failure: GraphError?
                    switch results[request.id] {
                    case .success(let answer)?:
                        if (200..<300).contains(answer.status) {
                            callsMade[index] += 1
                        } else {
                            let url = await graph.session.url(request.url)
                            failure = GraphError.response(
                                answer.asResponse, method: request.method, url: url, kind: changing[index].kind,
                                grant: graph.session.grant)
                        }
                    case .failure(let error)? where justification != nil && error.status != nil:
                        // Sent on its own: Graph's answer to this write.
                        failure = error
                    case .failure(let error)?:
                        errors[index] = "no answer: " + error.description
                        if error.status == 401 { abort = error.description }
                    case nil:
                        attempted[index] = false
                    }
                    if failure == nil, errors[index] == nil, request.url.hasSuffix("/assign") {
                        if Self.isCast(request) {
                            castKinds.insert(changing[index].kind.name)
                        } else {
                            plainKinds.insert(changing[index].kind.name)
                        }
                    }
                    if let failure, failure.isNotRouted, retried.insert(request.id).inserted,
                        let retry = await another(request, wave: wave, &changing[index], notes: &notes[index])
                    {
                        attempted[index] = false
                        retries.append(retry)
                        continue
                    }
                    if let failure {
                        approval.record(failure, at: index, marker: Self.marker(request), into: &errors)
                        if failure.message.contains("Scope Tags validation failed") {
                            errors[index] = (errors[index] ?? failure.description) + Self.scopeTagAdvice(request, plan)
                        }
                    }
                    let configuration = changing[index]
                    if let answered, let request = approval.awaiting[index] {
                        answered(configuration, callsMade[index], "awaiting approval: request \(request)")
                    } else if let answered, errors[index] != nil || wave == configuration.calls.count - 1 {
                        answered(configuration, callsMade[index], errors[index])
                    }
                }
                requests =
                    retries
                    + later.map {
                        castKinds.contains(changing[Int($0.id)!].kind.name) ? Self.cast($0, changing[Int($0.id)!]) : $0
                    }
            }
        }
        if approval.awaiting.values.contains(ApprovalState.unknownRequest) {
            await approval.findPending(graph, into: &errors)
        }

        // Read everything that was to change again: the report says what the tenant holds, not what we hoped.
        do {
            var observed = try await observe(changing)
            // Reads lag behind writes (field-notes §5: about a minute on app protection). A configuration whose
            // calls all succeeded but whose read does not match yet is read again with backoff, about 60 s in all.
            var waited = 0.0
            var lagging = changing.indices.filter {
                errors[$0] == nil && callsMade[$0] == changing[$0].calls.count
                    && !changing[$0].remainingDifferences(observed[$0]).isEmpty
            }
            for delay in Self.lagBackoff where !lagging.isEmpty {
                rereading?(lagging.count, delay)
                try await graph.session.pause(delay)
                waited += delay
                let again = try await observe(lagging.map { changing[$0] })
                for (position, index) in lagging.enumerated() { observed[index] = again[position] }
                lagging = lagging.filter { !changing[$0].remainingDifferences(observed[$0]).isEmpty }
            }
            let late = Set(lagging)
            var entries: [ApplyReport.Entry] = []
            for (index, configuration) in changing.enumerated() {
                if let request = approval.awaiting[index] {
                    var entry = ApplyReport.Entry(
                        configuration: configuration, state: .awaitingApproval, callsMade: callsMade[index],
                        approvalRequest: request)
                    entry.notes = notes[index]
                    entries.append(entry)
                    continue
                }
                let seen = observed[index]
                let unchanged = seen.fingerprint == configuration.fingerprint
                var entry = ApplyReport.classify(
                    configuration, attempted: attempted[index], callsMade: callsMade[index], error: errors[index],
                    differences: configuration.remainingDifferences(seen),
                    unchanged: unchanged, waited: late.contains(index) ? waited : 0)
                entry.notes = notes[index]
                entries.append(entry)
            }
            return ApplyReport(entries: entries)
        } catch {
            let entries = changing.indices.map { index in
                ApplyReport.classify(
                    changing[index], attempted: attempted[index], callsMade: callsMade[index],
                    error: errors[index], differences: nil, unchanged: false)
            }
            return ApplyReport(entries: entries, verificationError: error.description)
        }
    }

    /// The waits before each new read of configurations whose reads do not match yet: about a minute in all.
    public static let lagBackoff: [Double] = [2, 4, 8, 16, 30]

    /// Sends writes in `$batch`es, a few at a time: an envelope that fails (no answer, retries used up) costs only
    /// its own requests an answer.
    func send(_ requests: [BatchRequest]) async -> [String: Result<BatchResponse, GraphError>] {
        let session = graph.session
        let chunks = stride(from: 0, to: requests.count, by: GraphSession.batchSize).map {
            Array(requests[$0..<min($0 + GraphSession.batchSize, requests.count)])
        }
        // Each envelope catches its own failure, so that the fan-out itself never throws.
        let answered = try? await boundedConcurrently(chunks, width: graph.concurrency) { chunk in
            do throws(GraphError) {
                let answers = try await session.batch(chunk, concurrency: 1)
                return answers.mapValues { Result<BatchResponse, GraphError>.success($0) }
            } catch {
                return Dictionary(
                    uniqueKeysWithValues: chunk.map { ($0.id, Result<BatchResponse, GraphError>.failure(error)) })
            }
        }
        return (answered ?? []).reduce(into: [:]) { $0.merge($1) { $1 } }
    }
}
