import GraphClient
import IntuneAssignCore

/// Writes as real tenants route them (shared/graph/field-notes.md §8): what a write that Graph does not route is sent
/// as instead, and what a scope-tag refusal means.
extension PlanApplier {
    /// What a "Scope Tags validation failed : Filters" answer means (field-notes §8, LIVE: IntuneManagement #373),
    /// naming the filters the write carries.
    static func scopeTagAdvice(_ request: BatchRequest, _ plan: Plan) -> String {
        // An `assign` body holds the list under the kind's key; a single create is one assignment.
        var items: [JSONValue] = []
        if case .object(let pairs)? = request.body {
            items = [request.body!]
            for pair in pairs { if case .array(let values) = pair.value { items += values } }
        }
        let ids = Set(items.compactMap { $0["target"]?["deviceAndAppManagementAssignmentFilterId"]?.stringValue })
            .compactMap(GUID.init).sorted()
        let names = ids.map { id in plan.filterName(id).map { "\(Printable.quoted($0)) (\(id))" } ?? id.description }
        return " — the assignment filter" + (names.count == 1 ? " " : "s ") + names.joined(separator: ", ")
            + " of this write " + (names.count == 1 ? "is" : "are") + " outside the scope tags of the identity that "
            + "signs in (or was renamed): give it an Intune role whose scope tags include "
            + (names.count == 1 ? "it" : "them") + ", or leave the filter out of the manifest"
    }

    /// Whether a request already goes by a type-cast route (`…/{id}/microsoft.graph.…/assign`).
    static func isCast(_ request: BatchRequest) -> Bool { request.url.contains("/microsoft.graph.") }

    /// The request with the kind's `assign` cast segment: `…/{id}/CAST/assign`.
    static func cast(_ request: BatchRequest, _ configuration: ConfigurationPlan) -> BatchRequest {
        guard let segment = configuration.kind.write.assignCast, request.url.hasSuffix("/assign") else {
            return request
        }
        var cast = request
        cast.url = String(request.url.dropLast("/assign".count)) + "/\(segment)/assign"
        return cast
    }

    /// The same write sent another way, after Graph answered that it does not route it (field-notes §8), or `nil`:
    /// - a single create is sent as `assign` with the full set, once the configuration, read again, is still as the
    ///   plan read it (an `assign` replaces the set, so it must not act on a tenant that moved);
    /// - an `assign` of a kind with a cast segment is sent with it.
    /// The configuration's calls and notes record what was sent.
    func another(
        _ request: BatchRequest, wave: Int, _ configuration: inout ConfigurationPlan, notes: inout [String]
    ) async -> BatchRequest? {
        let kind = configuration.kind
        switch configuration.calls[wave] {
        case .create where kind.groupTargetWrites == .assignAction:
            guard let seen = try? await observe([configuration]).first, seen.fingerprint == configuration.fingerprint,
                let assign = configuration.callsFromChanges(singleCreate: false).first
            else { return nil }
            configuration.calls[wave] = assign
            notes.append(
                "Graph does not route `POST .../assignments` for \(kind.name) here (400 \"No OData route\"): the "
                    + "addition was sent as `assign` with the full set, after reading the configuration again")
            return BatchRequest(id: request.id, call: assign, to: configuration.key)
        case .assign where kind.write.assignCast != nil && !Self.isCast(request):
            notes.append(
                "Graph does not route `assign` for \(kind.name) without the cast segment here (400 \"No OData "
                    + "route\"): it was sent as `…/\(kind.write.assignCast!)/assign`")
            return Self.cast(request, configuration)
        default:
            return nil
        }
    }
}
