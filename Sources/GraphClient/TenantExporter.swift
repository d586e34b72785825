public import IntuneAssignCore

/// Reads what `export` needs: every configuration of the chosen kinds with its assignments, the assignment filters,
/// the display names of the groups assigned, and (for `--by-name`) how many groups carry each of those names.
public struct TenantExporter: Sendable {
    public let graph: IntuneGraph

    public init(graph: IntuneGraph) { self.graph = graph }

    public func read(kinds: [Kind], byName: Bool) async throws(GraphError) -> ManifestExport.Input {
        let tenant = try await graph.signedInTenant()
        let (listings, extra) = try await graph.configurations(of: kinds, alongside: [IntuneGraph.filtersRead])
        let filters = extra[0].compactMap(PlanReader.directoryObject)
        var keys: [ConfigurationKey] = []
        for kind in kinds {
            for item in listings[kind] ?? [] where !(kind.defaultConfigurationsUnassignable && item.priority == 0) {
                if let id = ConfigurationID(item.id, form: kind.idForm) { keys.append(ConfigurationKey(kind: kind, id: id)) }
            }
        }
        let assignments = try await graph.assignments(of: keys)
        var groupIDs = Set<GUID>()
        for values in assignments.values {
            for value in values {
                if let id = value["target"]?["groupId"]?.stringValue.flatMap(GUID.init) { groupIDs.insert(id) }
            }
        }
        let names = try await graph.groupNames(Array(groupIDs))
        var perName: [String: Int] = [:]
        if byName {
            let found = try await graph.groups(named: Array(Set(names.values)))
            for (name, groups) in found { perName[name.lowercased()] = groups.count }
        }
        return ManifestExport.Input(tenant: tenant, listings: listings, assignments: assignments, groupNames: names,
                                    groupsPerName: perName, filters: filters)
    }
}
