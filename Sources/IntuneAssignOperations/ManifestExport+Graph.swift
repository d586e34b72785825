public import GraphClient
public import IntuneAssignCore

extension ManifestExport {
    /// Reads what `export` needs: every configuration of the chosen kinds with its assignments, the assignment
    /// filters, the display names of the groups assigned, and (for `byName`) how many groups carry each of those
    /// names.
    public static func read(_ graph: IntuneGraph, kinds: [Kind], byName: Bool) async throws(GraphError) -> Input {
        let tenant = try await graph.signedInTenant()
        let listing = try await graph.listing(of: kinds)
        var keys: [ConfigurationKey] = []
        for kind in kinds {
            for item in listing.configurations[kind] ?? [] where !item.isUnassignableDefault(of: kind) {
                keys.append(ConfigurationKey(kind: kind, id: item.id))
            }
        }
        // Kinds read by list expand came with the listing; the others are read one configuration at a time.
        let exported = Set(keys)
        var assignments = listing.assignments.filter { exported.contains($0.key) }
        let missing = keys.filter { assignments[$0] == nil }
        assignments.merge(try await graph.assignments(of: missing)) { $1 }
        var groupIDs = Set<GUID>()
        for (key, values) in assignments {
            for value in values {
                if let id = PlannedAssignment(graph: value, kind: key.kind)?.target.groupID { groupIDs.insert(id) }
            }
        }
        let names = try await graph.groupNames(Array(groupIDs))
        var perName: [String: Int] = [:]
        if byName {
            let found = try await graph.groups(named: Array(Set(names.values)))
            for (name, groups) in found { perName[name.lowercased()] = groups.count }
        }
        return Input(
            tenant: tenant, listings: listing.configurations, assignments: assignments, groupNames: names,
            groupsPerName: perName, filters: listing.filters)
    }
}
