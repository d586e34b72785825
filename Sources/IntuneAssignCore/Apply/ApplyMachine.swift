/// An apply as a state machine, keyed by configuration: events go in (Graph's answers, reads, the approval requests
/// found), actions come out (send these writes, read these again, look for pending requests, finish). It does no
/// I/O and keeps no clock: `PlanApplier` drives it in a thin loop, and tests drive it event by event.
///
/// A configuration goes from pending, through in flight (one write at a time) and perhaps awaiting approval or
/// confirming (a write Graph does not route, about to go another way), to failed, or to written; once read again it
/// is verified or lagging (reads behind the writes), and lagging ones are read again on a backoff.
///
/// Writes go in waves: wave k holds the k-th call of every configuration still going. Calls of one configuration
/// depend on each other (delete before create); calls of different configurations do not.
public struct ApplyMachine: Sendable {
    /// Where one configuration stands.
    public enum State: Hashable, Sendable {
        /// Its next call (index `callsMade`) is still to be sent.
        case pending
        /// Its next call is sent and not answered yet.
        case inFlight
        /// Graph did not route its single create: the configuration is read again before the addition goes as
        /// `assign` (an `assign` replaces the set, so it must not act on a tenant that moved). With Graph's answer.
        case confirming(notRouted: String)
        /// Multi Admin Approval holds its next write back: the request, or the marker of a write whose pending
        /// request is still to be found (Graph answered 409 without naming it).
        case awaitingApproval(ApprovalHold)
        /// A write failed; its later calls are not sent.
        case failed(ApplyFailure)
        /// Every call answered with success; not read again yet.
        case written
        /// Written, but the last read does not show the plan yet.
        case lagging
        /// Read again after writing.
        case verified
    }

    /// What holds a configuration's write back under Multi Admin Approval.
    public enum ApprovalHold: Hashable, Sendable {
        /// This request (its id is the approval code).
        case request(String)
        /// A pending request for the write with this marker, not found yet.
        case unfound(marker: String)
    }

    /// One configuration's progress.
    struct Item: Sendable {
        var configuration: ConfigurationPlan
        var state: State = .pending
        var callsMade = 0
        var attempted = false
        var notes: [ApplyNote] = []
        /// Waves in which a write went another way already: a write is rerouted once.
        var rerouted: Set<Int> = []
        /// Whether its `assign` goes by the cast route (learnt from its own write).
        var castRoute = false
        /// Whether the write in flight went by the cast route.
        var sentCast = false
        var approved: ApprovedRequest?
        var observed: ObservedConfiguration?
    }

    /// The configurations to change, in the plan's order.
    let order: [ConfigurationKey]
    var items: [ConfigurationKey: Item]
    /// The names of the plan's filters, for a refusal that names them.
    let filterNames: [GUID: String]
    var wave = 0
    let waves: Int
    /// Kinds whose `assign` answered only by the cast route in this run, and kinds whose plain `assign` answered:
    /// their later writes take the route that answered at once.
    var castKinds = Set<String>()
    var plainKinds = Set<String>()
    /// Why nothing more is sent (the credentials were refused).
    var abort: String?
    var lookedForPending = false
    /// Waits still to come before lagging configurations are read again, and the seconds waited so far.
    var backoff: [Double]
    var waited = 0.0
    var reading = false
    var unreported = Set<ConfigurationKey>()

    /// A machine for `plan`'s configurations that change.
    /// - Parameters:
    ///   - earlier: for configurations that approval requests filed by earlier runs hold: the request that holds
    ///     the configuration's next write (its marker matched by the driver), and that write's marker.
    ///   - refile: whether a write whose request was decided against is filed again (`--refile`).
    ///   - backoff: the waits before each new read of configurations that do not match yet.
    public init(
        _ plan: Plan, earlier: [ConfigurationKey: (request: FiledRequest, marker: String)] = [:], refile: Bool = false,
        backoff: [Double] = ApplyMachine.lagBackoff
    ) {
        let changing = plan.configurations.filter { !$0.isNoOp }
        order = changing.map(\.key)
        var items: [ConfigurationKey: Item] = [:]
        for configuration in changing {
            var item = Item(configuration: configuration)
            if let (request, marker) = earlier[configuration.key] {
                switch request.status {
                case .needsApproval: item.state = .awaitingApproval(.request(request.id))
                case .approved: item.approved = ApprovedRequest(code: request.id, marker: marker)
                case let status where status.isDecidedAgainst && !refile:
                    // Decided against earlier: its write went out then, as an approval request.
                    item.attempted = true
                    item.state = .failed(
                        .approvalDecided(
                            request: request.id, status: status, approverJustification: request.approverJustification))
                default: break
                }
            }
            items[configuration.key] = item
        }
        self.items = items
        filterNames = plan.filterNames
        waves = changing.map(\.calls.count).max() ?? 0
        self.backoff = backoff
    }

    /// The waits before each new read of configurations whose reads do not match yet (field-notes §5: reads lag
    /// behind writes by about a minute on app protection): about a minute in all.
    public static let lagBackoff: [Double] = [2, 4, 8, 16, 30]

    /// The first action.
    public mutating func start() -> Action { next() }

    /// Where a configuration stands.
    public func state(of key: ConfigurationKey) -> State? { items[key]?.state }

    /// The configurations whose writing ended since the last call, in the plan's order.
    public mutating func settled() -> [Settled] {
        guard !unreported.isEmpty else { return [] }
        defer { unreported = [] }
        return order.filter { unreported.contains($0) }.compactMap { key in
            items[key].map { Settled(configuration: $0.configuration, callsMade: $0.callsMade, state: $0.state) }
        }
    }

    /// The next action once the last event is taken in: confirmations first, then writes of the current wave (or
    /// the next), then the search for pending requests, then reads.
    mutating func next() -> Action {
        let confirming = order.filter { if case .confirming = items[$0]?.state { true } else { false } }
        if !confirming.isEmpty { return .confirm(confirming) }
        while abort == nil, wave < waves {
            let writes = writesOfThisWave()
            if !writes.isEmpty { return .send(writes) }
            wave += 1
        }
        let unfound = order.contains { if case .awaitingApproval(.unfound) = items[$0]?.state { true } else { false } }
        if unfound, !lookedForPending {
            lookedForPending = true
            return .findPendingRequests
        }
        if !reading {
            // Read everything that was to change again: the report says what the tenant holds, not what we hoped.
            reading = true
            return .read(order, after: 0)
        }
        let lagging = order.filter { items[$0]?.state == .lagging }
        if !lagging.isEmpty, !backoff.isEmpty {
            let delay = backoff.removeFirst()
            waited += delay
            return .read(lagging, after: delay)
        }
        return .finish(report(verificationError: nil))
    }

    /// The writes of the current wave for configurations still going. Of a kind whose `assign` route is not known
    /// yet in this run, one write goes first and the others wait for its answer, so that the route is learnt once.
    mutating func writesOfThisWave() -> [Write] {
        var writes: [Write] = []
        var probing = Set<String>()
        // A write going again by the cast route probes its kind's route first.
        let rerouted = order.filter { items[$0]?.castRoute == true }
        for key in rerouted + order.filter({ items[$0]?.castRoute == false }) {
            guard var item = items[key], item.state == .pending, item.callsMade == wave,
                wave < item.configuration.calls.count
            else { continue }
            let kind = item.configuration.kind
            var cast: String?
            if let segment = kind.write.assignCast, item.configuration.calls[wave].isAssign {
                let learnt = castKinds.contains(kind.name) || plainKinds.contains(kind.name)
                if !learnt, !probing.insert(kind.name).inserted { continue }
                if castKinds.contains(kind.name) || item.castRoute { cast = segment }
            }
            item.state = .inFlight
            item.attempted = true
            item.sentCast = cast != nil
            items[key] = item
            writes.append(
                Write(configuration: key, call: item.configuration.calls[wave], cast: cast, approved: item.approved))
        }
        return writes
    }

    /// Graph's answers to the writes of the last `send`. A write with no answer here was not sent.
    public mutating func answered(_ answers: [ConfigurationKey: Answer]) -> Action {
        for key in order where items[key]?.state == .inFlight {
            guard var item = items[key] else { continue }
            let before = item.state
            switch answers[key] {
            case .succeeded?: succeeded(&item)
            case .notRouted(let error)?: reroute(&item, notRouted: error)
            case .refused(let error)?: item.state = .failed(.refused(error))
            case .filtersOutOfScope(let error)?:
                item.state = .failed(.filtersOutOfScope(error, filters: filters(of: item.configuration.calls[wave])))
            case .justificationRequired(let error)?: item.state = .failed(.justificationRequired(error))
            case .approvalRequired(let request)?: item.state = .awaitingApproval(.request(request))
            case .alreadyPending(let marker)?: item.state = .awaitingApproval(.unfound(marker: marker))
            case .noAnswer(let error, let signInLost)?:
                item.state = .failed(.noAnswer(error))
                if signInLost { abort = error }
            case nil:
                item.attempted = false
                item.state = .failed(.noAnswer("the write was not sent"))
            }
            items[key] = item
            if item.state != before, item.state != .pending, item.state != .inFlight {
                if case .confirming = item.state {} else { unreported.insert(key) }
            }
        }
        return next()
    }

    /// A write answered with success: the next call, or written. A plain or cast `assign` that answered teaches
    /// the kind's route for the rest of the run.
    mutating func succeeded(_ item: inout Item) {
        let kind = item.configuration.kind
        if kind.write.assignCast != nil, item.configuration.calls[item.callsMade].isAssign {
            if item.sentCast { castKinds.insert(kind.name) } else { plainKinds.insert(kind.name) }
        }
        item.callsMade += 1
        item.state = item.callsMade == item.configuration.calls.count ? .written : .pending
    }

    /// A write Graph does not route (field-notes §8) goes another way, once per wave: an `assign` of a kind with a
    /// cast segment goes with it; a single create goes as `assign` once the configuration is read again and found
    /// as planned (`confirmed`). Anything else fails with Graph's answer.
    mutating func reroute(_ item: inout Item, notRouted error: String) {
        let kind = item.configuration.kind
        guard item.rerouted.insert(wave).inserted else {
            item.state = .failed(.refused(error))
            return
        }
        switch item.configuration.calls[wave] {
        case .create where kind.groupTargetWrites == .assignAction:
            item.state = .confirming(notRouted: error)
        case .assign where kind.write.assignCast != nil && !item.sentCast:
            item.castRoute = true
            item.notes.append(.assignSentWithCast(kind: kind.name, segment: kind.write.assignCast!))
            item.state = .pending
        default:
            item.state = .failed(.refused(error))
        }
    }

    /// The configurations read again for `confirm` (`nil`: the read failed). One still as the plan read it sends
    /// its addition as `assign` with the full set; any other fails with Graph's refusal of the single create.
    public mutating func confirmed(_ observed: [ConfigurationKey: ObservedConfiguration]?) -> Action {
        for key in order {
            guard var item = items[key], case .confirming(let error) = item.state else { continue }
            if let seen = observed?[key], seen.fingerprint == item.configuration.fingerprint,
                let assign = item.configuration.callsFromChanges(singleCreate: false).first
            {
                item.configuration.calls[wave] = assign
                item.notes.append(.singleCreateSentAsAssign(kind: item.configuration.kind.name))
                item.state = .pending
            } else {
                item.state = .failed(.refused(error))
                unreported.insert(key)
            }
            items[key] = item
        }
        return next()
    }

    /// The approval requests this identity filed (`nil`: they could not be listed). A write Graph answered with 409
    /// awaits the live request that carries its marker; without one, another write's request holds the object.
    public mutating func found(_ requests: [FiledRequest]?) -> Action {
        for key in order {
            guard var item = items[key], case .awaitingApproval(.unfound(let marker)) = item.state else { continue }
            if let pending = (requests ?? []).last(where: { $0.justification.contains(marker) && $0.status.isLive }) {
                item.state = .awaitingApproval(.request(pending.id))
            } else {
                item.state = .failed(.heldByAnotherRequest)
            }
            items[key] = item
        }
        return next()
    }

    /// The configurations of the last `read`, read again. A written one that does not show the plan yet is lagging
    /// and is read again after the next wait.
    public mutating func read(_ observed: [ConfigurationKey: ObservedConfiguration]) -> Action {
        for (key, seen) in observed {
            guard var item = items[key] else { continue }
            item.observed = seen
            if item.state == .written || item.state == .lagging {
                item.state = item.configuration.remainingDifferences(seen).isEmpty ? .verified : .lagging
            }
            items[key] = item
        }
        return next()
    }

    /// The configurations could not be read again: the report says what the answers said, and why it is unchecked.
    public mutating func readFailed(_ error: String) -> Action {
        .finish(report(verificationError: error))
    }

    /// The report: one entry per configuration to change, in the plan's order.
    func report(verificationError: String?) -> ApplyReport {
        let entries = order.compactMap { key -> ApplyReport.Entry? in
            guard let item = items[key] else { return nil }
            var failure: ApplyFailure?
            switch item.state {
            case .awaitingApproval(let hold):
                var entry = ApplyReport.Entry(
                    configuration: item.configuration, state: .awaitingApproval, callsMade: item.callsMade,
                    approvalRequest: { if case .request(let id) = hold { id } else { nil } }())
                entry.notes = item.notes
                return entry
            case .failed(let why): failure = why
            default: break
            }
            let seen = verificationError == nil ? item.observed : nil
            var entry = ApplyReport.classify(
                item.configuration, attempted: item.attempted, callsMade: item.callsMade, failure: failure,
                readBack: seen.map {
                    ApplyReport.ReadBack(
                        differences: item.configuration.remainingDifferences($0),
                        unchanged: $0.fingerprint == item.configuration.fingerprint,
                        waited: item.state == .lagging ? waited : 0)
                })
            entry.notes = item.notes
            return entry
        }
        return ApplyReport(entries: entries, verificationError: verificationError)
    }

    /// The filters a write carries, named where the plan knows them: an `assign` body holds the list, a single
    /// create is one assignment.
    func filters(of call: PlannedCall) -> [FilterMention] {
        let items: [JSONValue]
        switch call {
        case .assign(let assignments): items = assignments
        case .create(let assignment): items = [assignment]
        case .delete, .assignDevices, .setDeviceGroup, .clearDeviceGroup, .updateRoleAssignment, .setDefaultProfile:
            items = []
        }
        let ids = Set(items.compactMap { $0["target"]?["deviceAndAppManagementAssignmentFilterId"]?.stringValue })
            .compactMap(GUID.init).sorted()
        return ids.map { FilterMention(id: $0, name: filterNames[$0]) }
    }
}

extension PlannedCall {
    /// Whether the call goes by `…/assign`.
    var isAssign: Bool {
        switch self {
        case .assign, .assignDevices: true
        case .create, .delete, .setDeviceGroup, .clearDeviceGroup, .updateRoleAssignment, .setDefaultProfile: false
        }
    }
}
