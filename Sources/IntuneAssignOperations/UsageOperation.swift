public import GraphClient
public import IntuneAssignCore

/// `usage`: every configuration a group (or All users, or All devices) is assigned to, read from the whole tenant;
/// with manifests, whether they own each assignment and what a plan of them would do to it. Groups asked about by
/// id or display name are resolved here. It holds nothing but its Graph.
public struct UsageOperation: Sendable {
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

    /// The tenant's Graph.
    public let graph: IntuneGraph

    /// An operation on `graph`.
    public init(graph: IntuneGraph) { self.graph = graph }

    /// Reads the tenant, resolves the groups, and shows the view a report on each subject (and, with manifests,
    /// how planning went).
    public func run(_ request: Request, view: some UsageView) async -> Outcome {
        var subjects: [(UsageSubject, String?)] = []
        var unknown: [(label: String, why: UnknownGroup)] = []
        do throws(GraphError) {
            for subject in request.subjects {
                switch subject {
                case .group(let label, let form):
                    switch try await resolve(form) {
                    case .success(let found): subjects.append((.group(found.id), found.name))
                    case .failure(let why): unknown.append((label, why))
                    }
                case .allUsers: subjects.append((.allUsers, nil))
                case .allDevices: subjects.append((.allDevices, nil))
                }
            }
            // The plan reads pages the tenant read has just read: they are answered from memory.
            if request.manifests != nil { await graph.session.rememberReads() }
            let input = try await ManifestExport.read(graph, kinds: request.kinds, byName: false)
            var plan: Plan?
            if let manifests = request.manifests {
                switch await PlanOperation(graph: graph).make(manifests, view: view) {
                case .planned(let made): plan = made
                case .problems: return .problems
                case .readFailed(let error): return .readFailed(error)
                }
            }
            let reports = subjects.map { UsageReport.make($0.0, name: $0.1, input: input, plan: plan) }
            view.reported(reports, unknown: unknown)
            return .reported(unknownGroups: unknown.count)
        } catch {
            return .readFailed(error.description)
        }
    }

    /// A group's id and display name, or why it cannot be found.
    func resolve(_ form: ObjectReference.Form) async throws(GraphError) -> Result<
        (id: GUID, name: String), UnknownGroup
    > {
        switch form {
        case .id(let id):
            guard let name = try await graph.groupNames([id])[id] else { return .failure(.noSuchID(id)) }
            return .success((id, name))
        case .name(let name):
            let found = try await graph.groups(named: [name])[name] ?? []
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
