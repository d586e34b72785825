public import GraphClient
public import IntuneAssignCore

/// `export --into`: the tenant's drift adopted into the manifests. It plans the manifests, works out how the
/// drifted configurations' entries must change (`Adoption.edits`), and, once the command line has edited the text,
/// plans the edited manifests against what it read: the adopted configurations must then change nothing. Writing
/// the files is the command line's. It holds nothing but its reader.
public struct AdoptOperation: ReadingOperation {
    /// What was planned and the edits that adopt it.
    public struct Adopted: Sendable {
        /// The plan of the manifests as they are.
        public var plan: Plan
        /// One edit per configuration the plan changes.
        public var edits: [Adoption.Edit]
        /// What was read, so that the check reads little.
        var snapshot: TenantSnapshot?
        /// The selections the plan was limited to.
        var targets: [TargetSelection]
    }

    /// How adopting ended.
    public enum Outcome: Sendable {
        /// The edits (none when nothing drifted).
        case adopted(Adopted)
        /// The manifests do not plan against this tenant: the problems.
        case problems([Diagnostic])
        /// Reading the tenant failed: Graph's error.
        case readFailed(String)
    }

    /// How the tenant is read.
    public let reader: any TenantReader

    /// An operation reading through `reader` (an in-memory tenant, in tests).
    public init(reader: any TenantReader) { self.reader = reader }

    /// Plans the manifests (limited to their `targets`) and works out the edits.
    public func run(_ input: ManifestInput) async -> Outcome {
        let made: PlanMaker.Made
        do {
            made = try await PlanMaker.making(
                input.state, manifestDigest: input.digest, targets: input.targets, reader: reader)
        } catch {
            return .readFailed(error.description)
        }
        guard let plan = made.plan, let resolution = made.resolution else { return .problems(made.diagnostics) }
        return .adopted(
            Adopted(
                plan: plan, edits: Adoption.edits(plan, state: input.state, resolution: resolution),
                snapshot: made.snapshot, targets: input.targets))
    }

    /// What a plan of the edited manifests still changes in the adopted configurations, beyond removing what
    /// could not be written (`Adoption.Edit.left`), one line each; empty when the adoption holds. Problems that
    /// stop the plan are lines too.
    public func check(_ edited: DesiredState, digest: String, after adopted: Adopted) async -> [String] {
        let made: PlanMaker.Made
        do {
            made = try await PlanMaker.making(
                edited, manifestDigest: digest, targets: adopted.targets, reader: reader, snapshot: adopted.snapshot)
        } catch {
            return ["the edited manifests could not be planned: \(error.description)"]
        }
        guard let plan = made.plan else {
            return made.diagnostics.filter { $0.severity == .error }.map {
                ($0.location.map { "\($0): " } ?? "") + $0.message
            }
        }
        var problems: [String] = []
        let byKey = Dictionary(plan.configurations.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for edit in adopted.edits {
            guard let after = byKey[edit.key] else {
                problems.append("\(edit.key): no longer in the edited manifests")
                continue
            }
            let remaining = after.changes.filter { change in
                switch change.action {
                case .unchanged, .inherited: false
                case .remove: edit.left.isEmpty
                case .add, .update: true
                }
            }
            if !remaining.isEmpty || !after.devicesToAdd.isEmpty {
                problems.append(
                    "\(edit.key) (\(edit.displayName)): the edited manifests still plan "
                        + "\(remaining.count + after.devicesToAdd.count) changes")
            }
        }
        return problems
    }
}
