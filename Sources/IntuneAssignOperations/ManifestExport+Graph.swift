public import GraphClient
public import IntuneAssignCore

extension ManifestExport {
    /// Reads what `export` needs through `reader`: every configuration of the chosen kinds with its assignments,
    /// the assignment filters, the display names of the groups assigned, and (for `byName`) how many groups carry
    /// each of those names.
    public static func read(
        _ reader: some TenantReader, kinds: [Kind], byName: Bool
    ) async throws(GraphError) -> Input {
        var snapshot = try await reader.snapshot(TenantScope(kinds: kinds))
        try await observeAll(kinds, byName: byName, reader, into: &snapshot)
        return input(snapshot, kinds: kinds)
    }

    /// Reads into a snapshot that lists `kinds` the assignments its listing did not carry (kinds read by list
    /// expand came with it), the names of every group assigned, and, for `byName`, the groups with those names.
    public static func observeAll(
        _ kinds: [Kind], byName: Bool, _ reader: some TenantReader, into snapshot: inout TenantSnapshot
    ) async throws(GraphError) {
        let keys = exported(snapshot, kinds: kinds)
        // Policies whose template takes a device group are read with it (their assignments again, if listed).
        let grouped = Set(
            kinds.filter(\.takesDeviceGroup).flatMap { kind in
                (snapshot.configurations[kind] ?? []).filter {
                    $0.templateFamily == ListedConfiguration.deviceGroupFamily
                }
                .map { ConfigurationKey(kind: kind, id: $0.id) }
            })
        // Apple enrollment profiles with the serial numbers they carry and whether each is the default.
        let apple = Set(keys.filter { $0.kind.write.style == .serialNumbers })
        let scope = keys.filter { snapshot.assignments[$0] == nil || grouped.contains($0) || apple.contains($0) }.map {
            key -> (key: ConfigurationKey, parts: ObservedParts) in
            if apple.contains(key) { return (key, [.devices, .defaultProfile]) }
            return (key, grouped.contains(key) ? ObservedParts.deviceGroup : [])
        }
        try await reader.observe(ObservationScope(configurations: scope), into: &snapshot)
        var groupIDs = Set<GUID>()
        for group in snapshot.deviceGroups.values { if let id = group.id { groupIDs.insert(id) } }
        for key in keys {
            if let access = snapshot.roleAccess[key] { groupIDs.formUnion(access.members + access.scope.groups) }
        }
        for key in keys {
            for value in snapshot.assignments[key] ?? [] {
                if let id = PlannedAssignment(graph: value, kind: key.kind)?.target.namedGroup { groupIDs.insert(id) }
            }
        }
        try await reader.observe(ObservationScope(groupIDs: groupIDs.sorted()), into: &snapshot)
        guard byName else { return }
        let names = groupIDs.compactMap { snapshot.groupNames[$0] }
        try await reader.observe(ObservationScope(groupsNamed: names), into: &snapshot)
    }

    /// What `files` and `usage` take, from a snapshot observed with `observeAll`. Every group name the snapshot
    /// read goes along (aliases are made only for the groups an exported assignment names).
    public static func input(_ snapshot: TenantSnapshot, kinds: [Kind]) -> Input {
        let keys = Set(exported(snapshot, kinds: kinds))
        var perName: [String: Int] = [:]
        for name in Set(snapshot.groupNames.values) {
            if let found = snapshot.groupsByName[name] { perName[name.lowercased()] = found.count }
        }
        return Input(
            tenant: snapshot.tenant, listings: snapshot.configurations.filter { kinds.contains($0.key) },
            assignments: snapshot.assignments.filter { keys.contains($0.key) }, groupNames: snapshot.groupNames,
            groupsPerName: perName, filters: snapshot.filters,
            deviceGroups: snapshot.deviceGroups.filter { keys.contains($0.key) },
            roleAccess: snapshot.roleAccess.filter { keys.contains($0.key) },
            devices: snapshot.assignedDevices.filter {
                keys.contains($0.key) && $0.key.kind.write.style == .serialNumbers
            },
            defaults: Set(snapshot.appleDefaults.filter { keys.contains($0.key) && $0.value }.map(\.key)))
    }

    /// The configurations of `kinds` that export and usage look at: all but the unassignable defaults.
    static func exported(_ snapshot: TenantSnapshot, kinds: [Kind]) -> [ConfigurationKey] {
        kinds.flatMap { kind in
            (snapshot.configurations[kind] ?? []).filter { !$0.isUnassignableDefault(of: kind) }.map {
                ConfigurationKey(kind: kind, id: $0.id)
            }
        }
    }
}
