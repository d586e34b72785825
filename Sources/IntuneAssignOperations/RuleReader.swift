public import GraphClient
public import IntuneAssignCore

/// Reads what the rules look at beyond the plan, and checks them: every configuration of the kinds the rules select,
/// managed by the manifests (as the plan would leave it) or not (as the tenant holds it now).
public struct RuleReader: Sendable {
    /// How the tenant is read.
    public let reader: any TenantReader

    /// A reader on `reader`.
    public init(reader: any TenantReader) { self.reader = reader }

    /// The report of `rules` on `plan`, made from `state` and read as `made` says.
    public func report(
        _ rules: RuleSet, strict: Bool, plan: Plan, state: DesiredState, made: PlanMaker.Made
    ) async -> RuleReport {
        var subjects: [RuleSubject] = []
        var managed = Set<ConfigurationKey>()
        var specs: [ConfigurationKey: ConfigurationSpec] = [:]
        for configuration in made.resolution?.configurations ?? [] where specs[configuration.key] == nil {
            specs[configuration.key] = configuration.spec
        }
        for configuration in plan.configurations {
            managed.insert(configuration.key)
            let spec = specs[configuration.key]
            let after = configuration.changes.filter { $0.action != .remove }.compactMap { $0.after ?? $0.before }
            var sets: [String] = []
            for entry in spec?.assignments ?? [] {
                if let set = entry.origin?.set, !sets.contains(set) { sets.append(set) }
            }
            subjects.append(
                RuleSubject(
                    key: configuration.key, displayName: configuration.displayName, assignments: after,
                    managedAt: spec?.mark.location, sets: sets, changed: !configuration.isNoOp))
        }
        var problems: [String] = []
        do {
            let kinds = rules.kinds ?? (made.snapshot?.kinds ?? [])
            subjects += try await unmanaged(kinds, besides: managed, snapshot: made.snapshot)
        } catch {
            problems.append("configurations outside the manifests could not be read: \(error.description)")
        }
        let group = { (reference: ObjectReference) -> GUID? in
            switch state.resolve(reference) {
            case .id(let id): id
            case .name(let name): made.resolution?.groupsByName[name.lowercased()]
            case .alias: nil
            }
        }
        return RuleReport(violations: rules.violations(subjects, group: group), strict: strict, problems: problems)
    }

    /// Every configuration of `kinds` but those in `managed`, with its assignments as the tenant holds them; what
    /// `snapshot` lacks is read.
    public func unmanaged(
        _ kinds: [Kind], besides managed: Set<ConfigurationKey>, snapshot given: TenantSnapshot?
    ) async throws(GraphError) -> [RuleSubject] {
        var snapshot = given ?? TenantSnapshot(tenant: GUID(high: 0, low: 0), graphRoot: "")
        let missing = kinds.filter { kind in !snapshot.kinds.contains { $0.name == kind.name } }
        if !missing.isEmpty {
            let listed = try await reader.snapshot(TenantScope(kinds: missing))
            for kind in missing {
                snapshot.configurations[kind] = listed.configurations[kind] ?? []
                for item in listed.configurations[kind] ?? [] {
                    let key = ConfigurationKey(kind: kind, id: item.id)
                    if let found = listed.assignments[key] { snapshot.assignments[key] = found }
                }
            }
        }
        var items: [(key: ConfigurationKey, name: String)] = []
        for kind in kinds {
            for item in snapshot.configurations[kind] ?? [] where !item.isUnassignableDefault(of: kind) {
                let key = ConfigurationKey(kind: kind, id: item.id)
                if !managed.contains(key) { items.append((key, item.displayName)) }
            }
        }
        let unread = items.filter { snapshot.assignments[$0.key] == nil }
        let chunk = reader.observationChunk
        for start in stride(from: 0, to: unread.count, by: chunk) {
            let slice = unread[start..<min(start + chunk, unread.count)]
            try await reader.observe(
                ObservationScope(configurations: slice.map { ($0.key, []) }), into: &snapshot)
        }
        return items.map { item in
            RuleSubject(
                key: item.key, displayName: item.name,
                assignments: (snapshot.assignments[item.key] ?? []).compactMap {
                    PlannedAssignment(graph: $0, kind: item.key.kind)
                })
        }
    }
}
