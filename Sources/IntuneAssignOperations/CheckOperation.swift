public import GraphClient
public import IntuneAssignCore

/// `check`: reads one item of every kind the cloud serves and says, per kind, whether the credentials can read it
/// and which permission is missing; optionally makes the field report. It holds nothing but its Graph.
public struct CheckOperation: Sendable {
    /// What the check found.
    public struct Outcome: Sendable {
        /// The kinds probed.
        public var kinds: [Kind]
        /// The kinds that cannot be read, and why.
        public var unreadable: [ReadVerdict]
        /// The field report, when asked for.
        public var fieldReport: JSONValue?
        /// Why the audit log (`plan --blame`) cannot be read; `nil` when it can.
        public var auditLog: String?
        /// What keeps `plan --reach` from counting (a permission it lacks); empty when it can count.
        public var reach: [String] = []
    }

    /// The tenant's Graph.
    public let graph: IntuneGraph

    /// An operation on `graph`.
    public init(graph: IntuneGraph) { self.graph = graph }

    /// Probes each kind once; with `fieldReport`, also makes the field report (`FieldReport.make`).
    /// The audit log is probed with one page of events since `auditSince` (ISO 8601, UTC), which the field report reads
    /// too.
    public func run(
        _ kinds: [Kind], fieldReport: Bool, toolVersion: String, auditSince: String
    ) async throws(GraphError) -> Outcome {
        let grant = graph.session.grant
        let probes = try await graph.readProbe(kinds)
        let unreadable = probes.filter { $0.answer.status != 200 }.map { probe -> ReadVerdict in
            if probe.answer.status == 401 || probe.answer.status == 403 {
                return .needsPermission(path: GraphSession.pathOnly(probe.path), kind: probe.kind, grant: grant)
            }
            let error = GraphError.response(
                probe.answer.asResponse, method: "GET", url: probe.path, kind: probe.kind, grant: grant)
            return .refused(kind: probe.kind, error: error.description)
        }
        let report =
            fieldReport
            ? try await FieldReport.make(graph, kinds: kinds, toolVersion: toolVersion, auditSince: auditSince) : nil
        var reason: String?
        if case .failure(let why) = await PlanOperation.readAuditLog(
            since: auditSince, pageLimit: 1, reader: GraphTenantReader(graph: graph))
        {
            reason = why.description
        }
        var outcome = Outcome(kinds: kinds, unreadable: unreadable, fieldReport: report, auditLog: reason)
        outcome.reach = await reachProblems()
        return outcome
    }

    /// What `plan --reach` would be refused: the counts of one group (the first the directory lists), the tenant's
    /// users and its enrolled devices, read as a plan reads them.
    func reachProblems() async -> [String] {
        var groups: [GUID] = []
        if let response = try? await graph.session.send("GET", "/groups?$top=1&$select=id"),
            case .array(let values)? = (try? JSONValue.parse(response.body))?["value"],
            let id = values.first?["id"]?.stringValue.flatMap(GUID.init)
        {
            groups = [id]
        }
        return await graph.reachCounts(ReachScope(groups: groups, allUsers: true, allDevices: true)).problems
    }
}
