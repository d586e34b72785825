public import GraphClient
public import IntuneAssignCore

extension IntuneGraph {
    /// What planning and applying observe of configurations: each one's assignments and, where asked, the Autopilot
    /// devices that carry it, fingerprinted, then parsed once into the planner's terms. Plan and apply read through
    /// this one function, so that their fingerprints agree whichever path read the assignments.
    ///
    /// - Parameter listed: assignments a listing already carried (list expand); every other configuration is read
    ///   on its own by its kind's item path, in batches.
    public func observe(
        _ items: [(key: ConfigurationKey, devices: Bool)], listed: [ConfigurationKey: [JSONValue]] = [:]
    ) async throws(GraphError) -> [ObservedConfiguration] {
        var reads: [CollectionRead] = []
        for item in items {
            if listed[item.key] == nil { reads.append(Self.itemRead(item.key)) }
            if item.devices { reads.append(CollectionRead(item.key.path + "/assignedDevices", kind: item.key.kind)) }
        }
        var lists = try await collections(reads)[...]
        return items.map { item in
            let assignments = listed[item.key] ?? lists.removeFirst()
            let devices =
                item.devices ? lists.removeFirst().compactMap { $0["id"]?.stringValue.flatMap(GUID.init) } : nil
            return ObservedConfiguration(
                graph: assignments, kind: item.key.kind, devices: devices,
                fingerprint: Digests.fingerprint(assignments: assignments, devices: devices))
        }
    }
}
