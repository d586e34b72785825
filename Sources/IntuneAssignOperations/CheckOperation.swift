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
    }

    /// The tenant's Graph.
    public let graph: IntuneGraph

    /// An operation on `graph`.
    public init(graph: IntuneGraph) { self.graph = graph }

    /// Probes each kind once; with `fieldReport`, also makes the field report (`FieldReport.make`).
    public func run(_ kinds: [Kind], fieldReport: Bool, toolVersion: String) async throws(GraphError) -> Outcome {
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
        let report = fieldReport ? try await FieldReport.make(graph, kinds: kinds, toolVersion: toolVersion) : nil
        return Outcome(kinds: kinds, unreadable: unreadable, fieldReport: report)
    }
}
