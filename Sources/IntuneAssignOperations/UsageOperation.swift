public import GraphClient
public import IntuneAssignCore

/// `usage`: every configuration a group (or All users, or All devices) is assigned to, read from the whole tenant;
/// with manifests, whether they own each assignment and what a plan of them would do to it. Groups asked about by
/// id or display name are resolved here. It holds nothing but its Graph.
public struct UsageOperation: ReadingOperation {
    /// What is asked about.
    public enum Subject: Hashable, Sendable {
        /// A group, as the command line named it (`label`): by id, display name or the manifests' alias.
        case group(label: String, ObjectReference.Form)
        /// All users.
        case allUsers
        /// All devices.
        case allDevices
    }

    /// A usage question.
    public struct Request: Sendable {
        /// The subjects, in the order asked.
        public var subjects: [Subject]
        /// The kinds to read.
        public var kinds: [Kind]
        /// Manifests to compare with, if any.
        public var manifests: ManifestInput?

        /// A request from its parts.
        public init(subjects: [Subject], kinds: [Kind], manifests: ManifestInput? = nil) {
            self.subjects = subjects
            self.kinds = kinds
            self.manifests = manifests
        }
    }

    /// How it ended.
    public enum Outcome: Sendable {
        /// The view was shown a report per subject found, and the groups that were not (how many).
        case reported(unknownGroups: Int)
        /// The manifests do not plan against this tenant: the view was shown why.
        case problems
        /// Reading the tenant failed: Graph's error.
        case readFailed(String)
    }

    /// How the tenant is read.
    public let reader: any TenantReader

    /// An operation reading through `reader` (an in-memory tenant, in tests).
    public init(reader: any TenantReader) { self.reader = reader }

    /// Reads the tenant, resolves the groups, and shows the view a report on each subject (and, with manifests,
    /// how planning went).
    public func run(_ request: Request, view: some UsageView) async -> Outcome {
        var unknown: [(label: String, why: UnknownGroup)] = []
        do throws(GraphError) {
            // One snapshot for the whole run: the kinds asked about and the manifests' kinds, listed once; the
            // plan of the manifests reads only what the usage reads did not.
            let names = request.subjects.compactMap { if case .group(_, .name(let name)) = $0 { name } else { nil } }
            let planKinds = request.manifests.map { PlanMaker.reads($0.state).kinds } ?? []
            var seen = Set(request.kinds.map(\.name))
            let kinds = request.kinds + planKinds.filter { seen.insert($0.name).inserted }
            var snapshot = try await reader.snapshot(TenantScope(kinds: kinds, groupsNamed: names))
            let ids = request.subjects.compactMap { if case .group(_, .id(let id)) = $0 { id } else { nil } }
            try await reader.observe(ObservationScope(groupIDs: ids), into: &snapshot)
            var subjects: [(UsageSubject, String?)] = []
            for subject in request.subjects {
                switch subject {
                case .group(let label, let form):
                    switch Self.resolve(form, in: snapshot) {
                    case .success(let found): subjects.append((.group(found.id), found.name))
                    case .failure(let why): unknown.append((label, why))
                    }
                case .allUsers: subjects.append((.allUsers, nil))
                case .allDevices: subjects.append((.allDevices, nil))
                }
            }
            try await ManifestExport.observeAll(request.kinds, byName: false, reader, into: &snapshot)
            var plan: Plan?
            if let manifests = request.manifests {
                switch await PlanOperation(reader: reader).make(manifests, view: view, snapshot: snapshot) {
                case .planned(let made): plan = made
                case .problems: return .problems
                case .readFailed(let error): return .readFailed(error)
                }
            }
            let input = ManifestExport.input(snapshot, kinds: request.kinds)
            let reports = subjects.map { UsageReport.make($0.0, name: $0.1, input: input, plan: plan) }
            view.reported(reports, unknown: unknown)
            return .reported(unknownGroups: unknown.count)
        } catch {
            return .readFailed(error.description)
        }
    }

    /// A group's id and display name from the snapshot, or why it cannot be found.
    static func resolve(
        _ form: ObjectReference.Form, in snapshot: TenantSnapshot
    ) -> Result<(id: GUID, name: String), UnknownGroup> {
        switch form {
        case .id(let id):
            guard let name = snapshot.groupNames[id] else { return .failure(.noSuchID(id)) }
            return .success((id, name))
        case .name(let name):
            let found = snapshot.groupsByName[name] ?? []
            switch found.count {
            case 1: return .success((found[0].id, found[0].displayName))
            case 0: return .failure(.noSuchName(name))
            default: return .failure(.severalNamed(name, found.map(\.id)))
            }
        case .alias(let alias):
            return .failure(.aliasOfAlias(alias))
        }
    }
}
