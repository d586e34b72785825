public import IntuneAssignCore

/// Reads what `export` needs: every configuration of the chosen kinds with its assignments, the assignment filters,
/// the display names of the groups assigned, and (for `--by-name`) how many groups carry each of those names.
public struct TenantExporter: Sendable {
    public let graph: IntuneGraph

    public init(graph: IntuneGraph) { self.graph = graph }

    public func read(kinds: [Kind], byName: Bool) async throws(GraphError) -> ManifestExport.Input {
        let tenant = try await graph.signedInTenant()
        var first = kinds.map { IntuneGraph.CollectionRead(IntuneGraph.listPath($0), kind: $0) }
        first.append(IntuneGraph.CollectionRead("/deviceManagement/assignmentFilters?$select=id,displayName"))
        let answers = try await graph.collections(first)
        var listings: [Kind: [ListedConfiguration]] = [:]
        var keys: [ConfigurationKey] = []
        for (index, kind) in kinds.enumerated() {
            let listed = answers[index].compactMap { value -> ListedConfiguration? in
                guard let id = value["id"]?.stringValue else { return nil }
                var priority: Int?
                if case let .int(number)? = value["priority"] { priority = number }
                return ListedConfiguration(id: id, displayName: value["displayName"]?.stringValue ?? "", priority: priority)
            }
            listings[kind] = listed
            for item in listed where !(kind.defaultConfigurationsUnassignable && item.priority == 0) {
                if let id = ConfigurationID(item.id, form: kind.idForm) { keys.append(ConfigurationKey(kind: kind, id: id)) }
            }
        }
        let filters = answers[kinds.count].compactMap(PlanReader.directoryObject)
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
