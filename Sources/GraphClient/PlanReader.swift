import Crypto
public import IntuneAssignCore

/// Reads what a plan needs from the tenant, with as few requests as the reads allow, and hands it to the core's
/// `PlanAssembly`: one `$batch` round for every kind's configurations and every group name, then the
/// assignments (and Autopilot devices) of the configurations the manifests name, then the display names of the
/// groups involved.
public struct PlanReader: Sendable {
    public let graph: IntuneGraph

    /// How far reading has come, for a progress line.
    public struct Progress: Sendable {
        public var configurationsRead: Int
        public var configurations: Int
        public var requests: Int
        public var throttles: Int
    }

    /// Told after each step of reading.
    public var progress: (@Sendable (Progress) -> Void)?

    public init(graph: IntuneGraph, progress: (@Sendable (Progress) -> Void)? = nil) {
        self.graph = graph
        self.progress = progress
    }

    /// The plan, or the diagnostics that stop it (names that resolve to nothing or to several objects, another
    /// tenant, configurations that do not exist). Graph failures — a kind the credentials cannot read included — throw.
    public func plan(
        _ state: DesiredState, manifestDigest: String, targets: [TargetSelection] = []
    ) async throws(GraphError) -> (plan: Plan?, diagnostics: [Diagnostic]) {
        let session = graph.session
        let tenant = try await graph.signedInTenant()
        if let wrongTenant = PlanAssembly.checkTenant(state, signedIn: tenant) { return (nil, [wrongTenant]) }

        // 1. Every configuration of the kinds named, every filter and the groups named, in one set of batches.
        let reads = PlanAssembly.reads(state)
        let lookups = reads.groupNames.map { IntuneGraph.CollectionRead(IntuneGraph.groupLookupPath($0)) }
        let (listings, extra) = try await graph.configurations(of: reads.kinds, alongside: [IntuneGraph.filtersRead] + lookups)
        let filters = extra[0].compactMap(Self.directoryObject)
        var groups: [String: [DirectoryObject]] = [:]
        for (offset, name) in reads.groupNames.enumerated() {
            groups[name] = extra[1 + offset].compactMap(Self.directoryObject)
        }
        let total = state.configurations.count
        await report(0, of: total)

        // 2. Names and ids matched; nothing more is read if any of them is wrong.
        let (resolution, problems) = PlanAssembly.resolve(state, listings: listings, groups: groups, filters: filters,
                                                          targets: targets)
        guard !problems.contains(where: { $0.severity == .error }) else { return (nil, problems) }

        // 3. Assignments of every configuration, and the devices of Autopilot profiles that list them, in chunks
        //    of batches so that progress can be told.
        var observed: [ConfigurationKey: ObservedConfiguration] = [:]
        let configurations = resolution.configurations
        let chunk = GraphSession.batchSize * 2 * graph.concurrency
        for start in stride(from: 0, to: configurations.count, by: chunk) {
            let slice = configurations[start..<min(start + chunk, configurations.count)]
            let seen = try await graph.observe(slice.map { ($0.key, $0.spec.devices != nil) })
            for (configuration, observation) in zip(slice, seen) { observed[configuration.key] = observation }
            await report(start + slice.count, of: total)
        }

        // 4. Display names of every group involved (and whether the ids the manifests give exist).
        let ids = PlanAssembly.groupIDs(state, resolution, observed: observed)
        let names = try await graph.groupNames(ids)
        // 5. Autopilot devices the manifests list must exist (assigning an unknown id fails only at apply).
        let devices = configurations.flatMap { $0.spec.devices ?? [] }
        let known = devices.isEmpty ? nil : try await graph.existingAutopilotDevices(devices)
        let (plan, buildProblems) = PlanAssembly.build(
            state, resolution, observed: observed, groupNames: names, tenant: tenant,
            graphRoot: session.cloud.graphRoot, manifestDigest: manifestDigest, targets: targets, knownDevices: known)
        let all = problems + buildProblems
        return (all.contains { $0.severity == .error } ? nil : plan, all)
    }

    private func report(_ read: Int, of total: Int) async {
        guard let progress else { return }
        let session = graph.session
        progress(Progress(configurationsRead: read, configurations: total, requests: await session.requestCount,
                          throttles: await session.throttles))
    }

    static func directoryObject(_ value: JSONValue) -> DirectoryObject? {
        guard let id = value["id"]?.stringValue.flatMap(GUID.init) else { return nil }
        return DirectoryObject(id: id, displayName: value["displayName"]?.stringValue ?? "")
    }

    /// A digest of what was read for one configuration: its assignments (every property, in any order) and, where
    /// read, its Autopilot devices. Equal when, and only when, Graph answered the same.
    public static func fingerprint(assignments: [JSONValue], devices: [GUID]?) -> String {
        var text = assignments.map(\.canonicalText).sorted().joined(separator: "\n")
        if let devices { text += "\ndevices:" + devices.map(\.description).sorted().joined(separator: ",") }
        return hex(SHA256.hash(data: Array(text.utf8)))
    }

    /// A digest of manifest files: each path and its bytes.
    public static func manifestDigest(_ files: [(path: String, bytes: [UInt8])]) -> String {
        var hasher = SHA256()
        for file in files.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            hasher.update(data: Array(file.path.utf8) + [0])
            hasher.update(data: Array(String(file.bytes.count).utf8) + [0])
            hasher.update(data: file.bytes)
        }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        "sha256:" + digest.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
