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
        let session = graph.session
        let tenant = try await graph.signedInTenant()
        if let wrongTenant = checkTenant(state, signedIn: tenant) { return (nil, [wrongTenant]) }
        /// Tells the progress callback how far reading has come.
        func report(_ read: Int) async {
            guard let progress else { return }
            progress(
                ReadProgress(
                    configurationsRead: read, configurations: state.configurations.count,
                    requests: await session.requestCount, throttles: await session.throttles))
        }

        // 1. Every configuration of the kinds named, every filter and the groups named, in one set of batches.
        let wanted = reads(state)
        let listing = try await graph.listing(of: wanted.kinds, groupsNamed: wanted.groupNames)
        await report(0)

        // 2. Names and ids matched; nothing more is read if any of them is wrong.
        let (resolution, problems) = resolve(
            state, listings: listing.configurations, groups: listing.groups,
            filters: listing.filters, targets: targets)
        guard !problems.contains(where: { $0.severity == .error }) else { return (nil, problems) }

        // 3. Assignments of every configuration, and the devices of Autopilot profiles that list them, in chunks
        //    of batches so that progress can be told.
        var observed: [ConfigurationKey: ObservedConfiguration] = [:]
        let configurations = resolution.configurations
        let chunk = GraphSession.batchSize * 2 * graph.concurrency
        for start in stride(from: 0, to: configurations.count, by: chunk) {
            let slice = configurations[start..<min(start + chunk, configurations.count)]
            let seen = try await graph.observe(
                slice.map { ($0.key, $0.spec.devices != nil) }, listed: listing.assignments)
            for (configuration, observation) in zip(slice, seen) { observed[configuration.key] = observation }
            await report(start + slice.count)
        }

        // 4. Display names of every group involved (and whether the ids the manifests give exist).
        let names = try await graph.groupNames(groupIDs(state, resolution, observed: observed))
        // 5. Autopilot devices the manifests list must exist (assigning an unknown id fails only at apply).
        let devices = configurations.flatMap { $0.spec.devices ?? [] }
        let known = devices.isEmpty ? nil : try await graph.existingAutopilotDevices(devices)
        let (plan, buildProblems) = build(
            state, resolution, observed: observed, groupNames: names, tenant: tenant,
            graphRoot: session.cloud.graphRoot, manifestDigest: manifestDigest, targets: targets, knownDevices: known)
        let all = problems + buildProblems
        return (all.contains { $0.severity == .error } ? nil : plan, all)
    }
}
