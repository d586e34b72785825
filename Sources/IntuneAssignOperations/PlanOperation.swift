public import GraphClient
public import IntuneAssignCore

/// Manifests ready to plan: the desired state, the digest of their files (which a saved plan records), and the
/// `--target` selections that limit the plan.
public struct ManifestInput: Sendable {
    /// What the manifests want.
    public var state: DesiredState
    /// The digest of the manifest files (paths and bytes).
    public var digest: String
    /// The selections the plan is limited to (empty: all of the manifests).
    public var targets: [TargetSelection]

    /// Manifests as loaded.
    public init(state: DesiredState, digest: String, targets: [TargetSelection] = []) {
        self.state = state
        self.digest = digest
        self.targets = targets
    }
}

/// An operation that only reads a tenant: made on a reader (an in-memory tenant, in tests), or on a tenant's Graph.
public protocol ReadingOperation: Sendable {
    /// An operation reading through `reader`.
    init(reader: any TenantReader)
}

extension ReadingOperation {
    /// An operation reading through `graph`, with the session's retries and pacing.
    public init(graph: IntuneGraph) { self.init(reader: GraphTenantReader(graph: graph)) }
}

/// `plan`: reads the tenant and plans the manifests against it, telling a view how reading goes and what problems
/// it found. It holds nothing but its Graph (session, throttle state, token), so operations on other tenants run
/// beside it in the same process.
public struct PlanOperation: ReadingOperation {
    /// How planning ended.
    public enum Outcome: Sendable {
        /// The plan.
        case planned(Plan)
        /// The manifests do not plan against this tenant (names that resolve to nothing, another tenant, …): the
        /// view was shown why.
        case problems
        /// Reading the tenant failed: Graph's error.
        case readFailed(String)
    }

    /// What `plan --blame` asks of the audit log.
    public struct BlameRequest: Sendable {
        /// The cut-off, ISO 8601 in UTC.
        public var since: String
        /// The most pages of the audit log read.
        public var pageLimit: Int
        /// The identity that signs in, whose changes are said to be ours.
        public var us: Blame.Identity

        /// A request from its parts; 100 pages by default.
        public init(since: String, pageLimit: Int = 100, us: Blame.Identity = Blame.Identity()) {
            self.since = since
            self.pageLimit = pageLimit
            self.us = us
        }
    }

    /// The permission the audit log needs (Graph's "List auditEvents" page: DeviceManagementApps.Read.All, least
    /// privileged, for applications and people alike).
    public static let auditLogPermission = "DeviceManagementApps.Read.All"

    /// How the tenant is read.
    public let reader: any TenantReader
    /// Whether to say who changed each drifted configuration, and how.
    public var blame: BlameRequest?
    /// Whether to say how many users and devices the changes reach (`--reach`), and the limit (`--max-reach`).
    public var reach: ReachRequest?
    /// The tenant's rules to check the plan against (`--rules`), and whether violations outside the manifests
    /// fail it too (`--strict-rules`).
    public var rules: (set: RuleSet, strict: Bool)?

    /// What `plan --reach` asks.
    public struct ReachRequest: Sendable {
        /// The limit, if any (`--max-reach`).
        public var limit: Int?

        /// A request, with a limit or none.
        public init(limit: Int? = nil) { self.limit = limit }
    }

    /// An operation reading through `reader` (an in-memory tenant, in tests).
    public init(reader: any TenantReader) { self.reader = reader }

    /// The same operation, saying who changed each drifted configuration.
    public func blaming(_ request: BlameRequest?) -> PlanOperation {
        var operation = self
        operation.blame = request
        return operation
    }

    /// The same operation, checking the plan against the tenant's rules.
    public func checking(_ rules: RuleSet?, strict: Bool = false) -> PlanOperation {
        var operation = self
        operation.rules = rules.map { ($0, strict) }
        return operation
    }

    /// The same operation, saying how many users and devices the changes reach.
    public func reaching(_ request: ReachRequest?) -> PlanOperation {
        var operation = self
        operation.reach = request
        return operation
    }

    /// Plans the manifests and shows the plan (with its blame and reach, when asked).
    public func run(_ input: ManifestInput, view: some PlanView) async -> Outcome {
        // The audit log is read while the tenant is (its pages follow one another, and would otherwise add their
        // time to the plan's); it is dropped if nothing changes.
        let reader = reader
        let log = blame.map { request in
            Task { await Self.readAuditLog(since: request.since, pageLimit: request.pageLimit, reader: reader) }
        }
        var made: PlanMaker.Made?
        var outcome = await make(input, view: view, made: &made)
        if case .planned(var plan) = outcome {
            if let rules, let made {
                plan.rules = await RuleReader(reader: reader).report(
                    rules.set, strict: rules.strict, plan: plan, state: input.state, made: made)
            }
            if let reach {
                // A plan that changes nothing reaches no one: nothing to count.
                let counts = plan.summary.hasChanges ? await reader.reachCounts(ReachScope(plan)) : Reach.Counts()
                plan.reach = Reach(counts: counts, limit: reach.limit)
            }
            if let blame, let log { plan.blame = await Self.blame(plan, request: blame, log: log) }
            outcome = .planned(plan)
            view.planned(plan)
        }
        log?.cancel()
        return outcome
    }

    /// Who changed each configuration the plan changes, from the audit log read beside the plan; when nothing
    /// changes, nothing is matched (and `run` stops the read). A failed read is said, never a failed plan.
    static func blame(
        _ plan: Plan, request: BlameRequest, log: Task<Result<Blame.Log, AuditLogUnavailable>, Never>
    ) async -> Blame {
        // Nothing changes: `run` stops the read.
        guard plan.configurations.contains(where: { !$0.isNoOp }) else {
            return Blame.match(
                plan, log: Blame.Log(events: [], complete: true, pages: 0), since: request.since, us: request.us)
        }
        switch await log.value {
        case .success(let read): return Blame.match(plan, log: read, since: request.since, us: request.us)
        case .failure(let reason): return .unavailable(since: request.since, reason.description)
        }
    }

    /// The audit log since `since`, or why it cannot be read: the permission it needs when Graph refuses the caller.
    public static func readAuditLog(
        since: String, pageLimit: Int, reader: any TenantReader
    ) async -> Result<Blame.Log, AuditLogUnavailable> {
        do {
            return .success(try await reader.auditLog(since: since, pageLimit: pageLimit))
        } catch {
            if error.status == 401 || error.status == 403 {
                return .failure(
                    AuditLogUnavailable(
                        "needs the permission \(auditLogPermission) (Graph answered \(error.status ?? 403))"))
            }
            return .failure(AuditLogUnavailable(error.description))
        }
    }

    /// Why the audit log cannot be read.
    public struct AuditLogUnavailable: Error, CustomStringConvertible {
        /// The reason, for the report.
        public let description: String

        init(_ description: String) { self.description = description }
    }

    /// Plans the manifests, showing how reading goes and the problems found, not the plan.
    func make(_ input: ManifestInput, view: some PlanView, snapshot: TenantSnapshot? = nil) async -> Outcome {
        var made: PlanMaker.Made?
        return await make(input, view: view, snapshot: snapshot, made: &made)
    }

    /// `make`, keeping what the plan was made from.
    func make(
        _ input: ManifestInput, view: some PlanView, snapshot: TenantSnapshot? = nil, made kept: inout PlanMaker.Made?
    ) async -> Outcome {
        let made: PlanMaker.Made
        do {
            made = try await PlanMaker.making(
                input.state, manifestDigest: input.digest, targets: input.targets,
                reader: reader, snapshot: snapshot, progress: { view.reading($0) })
            kept = made
        } catch {
            view.readingDone()
            return .readFailed(error.description)
        }
        view.readingDone()
        if !made.diagnostics.isEmpty { view.problems(made.diagnostics) }
        return made.plan.map(Outcome.planned) ?? .problems
    }
}
