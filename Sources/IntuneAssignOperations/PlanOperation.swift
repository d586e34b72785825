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

    /// How the tenant is read.
    public let reader: any TenantReader

    /// An operation reading through `reader` (an in-memory tenant, in tests).
    public init(reader: any TenantReader) { self.reader = reader }

    /// Plans the manifests and shows the plan.
    public func run(_ input: ManifestInput, view: some PlanView) async -> Outcome {
        let outcome = await make(input, view: view)
        if case .planned(let plan) = outcome { view.planned(plan) }
        return outcome
    }

    /// Plans the manifests, showing how reading goes and the problems found, not the plan.
    func make(_ input: ManifestInput, view: some PlanView, snapshot: TenantSnapshot? = nil) async -> Outcome {
        let made: (plan: Plan?, diagnostics: [Diagnostic])
        do {
            made = try await PlanMaker.make(
                input.state, manifestDigest: input.digest, targets: input.targets,
                reader: reader, snapshot: snapshot, progress: { view.reading($0) })
        } catch {
            view.readingDone()
            return .readFailed(error.description)
        }
        view.readingDone()
        if !made.diagnostics.isEmpty { view.problems(made.diagnostics) }
        return made.plan.map(Outcome.planned) ?? .problems
    }
}
