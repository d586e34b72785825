extension PlanMaker {
    /// Matches every configuration, group and filter the manifests name with the tenant's.
    /// - Parameters:
    ///   - listings: every configuration of each kind in `reads(_:).kinds`.
    ///   - groups: the groups found for each name in `reads(_:).groupNames`, keyed as written.
    ///   - filters: every assignment filter of the tenant.
    ///   - targets: `--target` selections; empty for all.
    public static func resolve(
        _ state: DesiredState, listings: [Kind: [ListedConfiguration]], groups: [String: [DirectoryObject]],
        filters: [DirectoryObject], targets: [TargetSelection] = []
    ) -> (Resolution, [Diagnostic]) {
        var diagnostics = Diagnostics()
        var resolution = Resolution()
        for filter in filters { resolution.filters[filter.id] = filter.displayName }

        // Groups by name: exactly one each. Reported where the name is written (the alias definition for an alias).
        var reportedGroups = Set<String>()
        var reportedFilters = Set<String>()
        func resolveGroup(_ reference: ObjectReference) {
            guard case .name(let name) = state.resolve(reference) else { return }
            let key = name.lowercased()
            guard resolution.groupsByName[key] == nil, !reportedGroups.contains(key) else { return }
            let found = groups[name] ?? groups.first { $0.key.lowercased() == key }?.value ?? []
            switch found.count {
            case 1:
                resolution.groupsByName[key] = found[0].id
            case 0:
                reportedGroups.insert(key)
                diagnostics.error(
                    "no group is named \"\(name)\" in the tenant; check the name (Entra compares it without "
                        + "regard to case) or give the group's id",
                    at: nameLocation(reference, state: state, filter: false))
            default:
                reportedGroups.insert(key)
                let ids = found.map { "\($0.id) (\"\($0.displayName)\")" }.sorted().joined(separator: ", ")
                diagnostics.error(
                    "\(found.count) groups are named \"\(name)\": \(ids); give the id of the one you mean",
                    at: nameLocation(reference, state: state, filter: false))
            }
        }
        func resolveFilter(_ filter: FilterReference) {
            let location = nameLocation(filter.filter, state: state, filter: true)
            switch state.resolve(filter) {
            case .name(let name):
                let key = name.lowercased()
                guard resolution.filtersByName[key] == nil, !reportedFilters.contains(key) else { return }
                let found = filters.filter { $0.displayName.lowercased() == key }
                if found.count == 1 {
                    resolution.filtersByName[key] = found[0].id
                    return
                }
                reportedFilters.insert(key)
                if found.isEmpty {
                    var message = "no assignment filter is named \"\(name)\" in the tenant"
                    if let close = Suggestions.best(for: name, among: filters.map(\.displayName)) {
                        message += "; did you mean \"\(close)\"?"
                    } else if !filters.isEmpty {
                        message +=
                            "; the tenant has: "
                            + filters.map { "\"\($0.displayName)\"" }.sorted().prefix(8)
                            .joined(separator: ", ") + (filters.count > 8 ? ", …" : "")
                    } else {
                        message += "; it has no filters at all"
                    }
                    diagnostics.error(message, at: location)
                } else {
                    let ids = found.map(\.id.description).sorted().joined(separator: ", ")
                    diagnostics.error(
                        "\(found.count) assignment filters are named \"\(name)\": \(ids); give the id of the one you mean",
                        at: location)
                }
            case .id(let id):
                guard resolution.filters[id] == nil, reportedFilters.insert("#" + id.description).inserted else {
                    return
                }
                diagnostics.error("no assignment filter has the id \(id) in the tenant", at: location)
            case .alias:
                return
            }
        }
        for configuration in state.configurations {
            for assignment in configuration.assignments {
                if let reference = assignment.target.groupReference { resolveGroup(reference) }
                if let filter = assignment.filter { resolveFilter(filter) }
            }
        }

        // Configurations: by id, it must exist; by name, exactly one must carry it. Never the same one twice.
        var byID: [Kind: [ConfigurationID: ListedConfiguration]] = [:]
        for (kind, listed) in listings {
            byID[kind] = Dictionary(listed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var firstEntry: [ConfigurationKey: ConfigurationSpec] = [:]
        var resolved: [ResolvedConfiguration] = []
        for spec in state.configurations {
            let kind = spec.kind
            let listed = listings[kind] ?? []
            let location = spec.referenceMark.location
            var match: ListedConfiguration?
            switch spec.reference {
            case .id(let id):
                match = byID[kind]?[id]
                if match == nil {
                    diagnostics.error(
                        "no \(kind.name) has the id \(id) in the tenant; check the id and the kind", at: location)
                }
            case .name(let name):
                let found = listed.filter { $0.displayName == name }
                if found.count == 1 {
                    match = found[0]
                } else if found.isEmpty {
                    var message = "no \(kind.name) is named \"\(name)\" in the tenant"
                    if let close = Suggestions.best(for: name, among: listed.map(\.displayName)) {
                        message += "; did you mean \"\(close)\"?"
                    }
                    diagnostics.error(message, at: location)
                } else {
                    let ids = found.map(\.id.description).sorted().joined(separator: ", ")
                    diagnostics.error(
                        "\(found.count) \(kind.name) configurations are named \"\(name)\" (\(ids)); use `id:` to say which one",
                        at: location)
                }
            }
            guard let match else { continue }
            let id = match.id
            if match.isUnassignableDefault(of: kind) {
                diagnostics.error(
                    "\"\(match.displayName)\" is the tenant's default \(kind.name): Intune applies it to every user and "
                        + "device no other configuration covers, and it takes no assignments; remove this entry",
                    at: location)
                continue
            }
            let key = ConfigurationKey(kind: kind, id: id)
            if let first = firstEntry[key] {
                diagnostics.error(
                    "this is the same \(kind.name) as the entry at \(first.referenceMark.place) (\"\(match.displayName)\", "
                        + "id \(id)); keep one entry per configuration",
                    at: location, notes: [.note("the other entry", at: first.referenceMark.location)])
                continue
            }
            firstEntry[key] = spec
            resolved.append(ResolvedConfiguration(spec: spec, key: key, displayName: match.displayName))
        }

        if !targets.isEmpty {
            let wanted = Set(targets.map(\.key))
            for target in targets where firstEntry[target.key] == nil {
                diagnostics.append(
                    .error(
                        "--target \(target): no manifest entry names this configuration", at: nil))
            }
            resolved = resolved.filter { wanted.contains($0.key) }
        }
        resolution.configurations = resolved
        return (resolution, diagnostics.all)
    }
}
