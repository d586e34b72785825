public import GraphClient
public import IntuneAssignCore

extension PlanMaker {
    /// Makes the plan: reads what it needs from the tenant, with as few requests as the reads allow, around the
    /// pure steps `reads`, `resolve` and `build`. One `$batch` round lists every kind's configurations (with their
    /// assignments, for kinds read by list expand), the filters and every group name; then the assignments that the
    /// listing did not carry (and Autopilot devices), of the configurations the manifests name only; then the
    /// display names of the groups involved.
    ///
    /// - Returns: the plan, or the diagnostics that stop it (names that resolve to nothing or to several objects,
    ///   another tenant, configurations that do not exist). Graph failures — a kind the credentials cannot read
    ///   included — throw.
    public static func make(
        _ state: DesiredState, manifestDigest: String, targets: [TargetSelection] = [], graph: IntuneGraph,
        progress: (@Sendable (ReadProgress) -> Void)? = nil
    ) async throws(GraphError) -> (plan: Plan?, diagnostics: [Diagnostic]) {
        try await make(
            state, manifestDigest: manifestDigest, targets: targets, reader: GraphTenantReader(graph: graph),
            progress: progress)
    }

    /// Makes the plan through `reader`, starting from `snapshot` when the run has read the tenant already (its
    /// listing must cover the manifests' kinds): only what it lacks is read.
    public static func make(
        _ state: DesiredState, manifestDigest: String, targets: [TargetSelection] = [], reader: some TenantReader,
        snapshot given: TenantSnapshot? = nil, progress: (@Sendable (ReadProgress) -> Void)? = nil
    ) async throws(GraphError) -> (plan: Plan?, diagnostics: [Diagnostic]) {
        let made = try await making(
            state, manifestDigest: manifestDigest, targets: targets, reader: reader, snapshot: given,
            progress: progress)
        return (made.plan, made.diagnostics)
    }

    /// A plan with what it was made from.
    public struct Made: Sendable {
        /// The plan; `nil` when the diagnostics hold an error.
        public var plan: Plan?
        /// The problems found.
        public var diagnostics: [Diagnostic]
        /// How the manifests' names matched the tenant (`nil` when the plan stopped before).
        public var resolution: Resolution?
        /// Everything read, from which another plan of the same tenant needs to read little (`nil` likewise).
        public var snapshot: TenantSnapshot?
    }

    /// `make`, with the resolution and the reads.
    public static func making(
        _ state: DesiredState, manifestDigest: String, targets: [TargetSelection] = [], reader: some TenantReader,
        snapshot given: TenantSnapshot? = nil, progress: (@Sendable (ReadProgress) -> Void)? = nil
    ) async throws(GraphError) -> Made {
        /// Tells the progress callback how far reading has come.
        func report(_ read: Int) async {
            guard let progress else { return }
            let (requests, throttles) = await reader.counts()
            progress(
                ReadProgress(
                    configurationsRead: read, configurations: state.configurations.count, requests: requests,
                    throttles: throttles))
        }

        // 1. Every configuration of the kinds named, every filter and the groups named, in one set of batches.
        let wanted = reads(state)
        var snapshot: TenantSnapshot
        if var given, Set(wanted.kinds.map(\.name)).isSubset(of: given.kinds.map(\.name)) {
            try await reader.observe(ObservationScope(groupsNamed: wanted.groupNames), into: &given)
            snapshot = given
        } else {
            snapshot = try await reader.snapshot(
                TenantScope(kinds: wanted.kinds, groupsNamed: wanted.groupNames, tenant: state.tenant))
        }
        if let wrongTenant = checkTenant(state, signedIn: snapshot.tenant) {
            return Made(plan: nil, diagnostics: [wrongTenant])
        }
        await report(0)

        // 2. Names and ids matched; nothing more is read if any of them is wrong.
        let (resolution, problems) = resolve(
            state, listings: snapshot.configurations, groups: snapshot.groupsByName, filters: snapshot.filters,
            targets: targets)
        guard !problems.contains(where: { $0.severity == .error }) else {
            return Made(plan: nil, diagnostics: problems, resolution: resolution)
        }

        // 3. Assignments of every configuration the listing did not carry, and the devices of Autopilot profiles
        //    that list them, in chunks of batches so that progress can be told.
        let configurations = resolution.configurations
        let unread = configurations.filter { !snapshot.holds($0.key, parts: $0.parts) }
        let chunk = reader.observationChunk
        for start in stride(from: 0, to: unread.count, by: chunk) {
            let slice = unread[start..<min(start + chunk, unread.count)]
            try await reader.observe(
                ObservationScope(configurations: slice.map { ($0.key, $0.parts) }), into: &snapshot)
            await report(configurations.count - unread.count + start + slice.count)
        }
        var observed: [ConfigurationKey: ObservedConfiguration] = [:]
        for configuration in configurations {
            observed[configuration.key] = snapshot.observation(configuration.key, parts: configuration.parts)
        }

        // 4. Display names of every group involved (and whether the ids the manifests give exist), and the
        //    Autopilot devices the manifests list, which must exist (assigning an unknown id fails only at apply).
        let devices = configurations.flatMap { $0.spec.devices ?? [] }
        try await reader.observe(
            ObservationScope(groupIDs: groupIDs(state, resolution, observed: observed), autopilotDevices: devices),
            into: &snapshot)
        let (plan, buildProblems) = build(
            state, resolution,
            read: .init(
                observed: observed, groupNames: snapshot.groupNames,
                knownDevices: devices.isEmpty ? nil : snapshot.existingDevices),
            origin: .init(
                tenant: snapshot.tenant, graphRoot: snapshot.graphRoot, manifestDigest: manifestDigest, targets: targets
            ))
        let all = problems + buildProblems
        return Made(
            plan: all.contains { $0.severity == .error } ? nil : plan, diagnostics: all, resolution: resolution,
            snapshot: snapshot)
    }
}
