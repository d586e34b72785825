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
        var resolver = Resolver(state: state, groups: groups, filters: filters)
        // Groups and filters first, in manifest order, so that their errors come in the order they are written.
        for configuration in state.configurations {
            for assignment in configuration.assignments {
                if let reference = assignment.target.namedGroup { resolver.group(reference) }
                if let filter = assignment.filter { resolver.filter(filter) }
            }
            if let reference = configuration.deviceGroup?.reference { resolver.group(reference) }
            for reference in configuration.roleAccess?.groupReferences ?? [] { resolver.group(reference) }
        }
        resolver.configurations(listings)
        if !targets.isEmpty { resolver.select(targets) }
        return (resolver.resolution, resolver.diagnostics.all)
    }

    /// The state of one `resolve`: what has been matched, and which names were already reported, so that a name
    /// used many times is reported once (where it is written: the alias definition for an alias).
    struct Resolver {
        let state: DesiredState
        let groups: [String: [DirectoryObject]]
        let filters: [DirectoryObject]
        var resolution = Resolution()
        var diagnostics = Diagnostics()
        var reportedGroups = Set<String>()
        var reportedFilters = Set<String>()
        /// The first manifest entry of each configuration, to refuse a second one.
        var firstEntry: [ConfigurationKey: ConfigurationSpec] = [:]

        /// A resolver that knows every filter of the tenant.
        init(state: DesiredState, groups: [String: [DirectoryObject]], filters: [DirectoryObject]) {
            self.state = state
            self.groups = groups
            self.filters = filters
            for filter in filters { resolution.filters[filter.id] = filter.displayName }
        }

        /// A group named by display name: exactly one group must carry the name. Groups by id are checked by
        /// `build`, which reads their names anyway.
        mutating func group(_ reference: ObjectReference) {
            guard case .name(let name) = state.resolve(reference) else { return }
            let key = name.lowercased()
            guard resolution.groupsByName[key] == nil, !reportedGroups.contains(key) else { return }
            // The lookup was keyed as written; Entra matched without regard to case, so any spelling will do.
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

        /// A filter by name or id: it must exist (filters are few, so every one was read), and a name must be
        /// unique.
        mutating func filter(_ filter: FilterReference) {
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
                    diagnostics.error(missingFilterMessage(name), at: location)
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
                // An undefined alias: `DesiredState.assemble` has reported it.
                return
            }
        }

        /// What to say of a filter name no filter carries: the likely one, else what there is (a tenant has few).
        func missingFilterMessage(_ name: String) -> String {
            var message = "no assignment filter is named \"\(name)\" in the tenant"
            if let close = Suggestions.best(for: name, among: filters.map(\.displayName)) {
                message += "; did you mean \"\(close)\"?"
            } else if !filters.isEmpty {
                let names = filters.map { "\"\($0.displayName)\"" }.sorted()
                message +=
                    "; the tenant has: " + names.prefix(8).joined(separator: ", ") + (filters.count > 8 ? ", …" : "")
            } else {
                message += "; it has no filters at all"
            }
            return message
        }

        /// Every configuration entry: by id, it must exist; by name, exactly one must carry it (configuration
        /// names are compared exactly, as the admin center shows them). Never the same one twice, and never a
        /// tenant's default enrollment configuration, which takes no assignments.
        mutating func configurations(_ listings: [Kind: [ListedConfiguration]]) {
            var byID: [Kind: [ConfigurationID: ListedConfiguration]] = [:]
            for (kind, listed) in listings {
                byID[kind] = Dictionary(listed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            }
            for spec in state.configurations {
                let kind = spec.kind
                let location = spec.referenceMark.location
                let match: ListedConfiguration?
                switch spec.reference {
                case .id(let id):
                    match = byID[kind]?[id]
                    if match == nil {
                        diagnostics.error(
                            "no \(kind.name) has the id \(id) in the tenant; check the id and the kind", at: location)
                    }
                case .name(let name):
                    match = configuration(named: name, of: kind, among: listings[kind] ?? [], at: location)
                }
                guard let match else { continue }
                if match.isUnassignableDefault(of: kind) {
                    diagnostics.error(
                        "\"\(match.displayName)\" is the tenant's default \(kind.name): Intune applies it to every user "
                            + "and device no other configuration covers, and it takes no assignments; remove this entry",
                        at: location)
                    continue
                }
                let key = ConfigurationKey(kind: kind, id: match.id)
                if let first = firstEntry[key] {
                    diagnostics.error(
                        "this is the same \(kind.name) as the entry at \(first.referenceMark.place) "
                            + "(\"\(match.displayName)\", id \(match.id)); keep one entry per configuration",
                        at: location, notes: [.note("the other entry", at: first.referenceMark.location)])
                    continue
                }
                firstEntry[key] = spec
                resolution.configurations.append(
                    ResolvedConfiguration(
                        spec: spec, key: key, displayName: match.displayName, templateFamily: match.templateFamily,
                        parent: match.parent))
            }
        }

        /// The one configuration of `kind` named `name`, or `nil` after saying why there is none.
        mutating func configuration(
            named name: String, of kind: Kind, among listed: [ListedConfiguration], at location: SourceLocation?
        ) -> ListedConfiguration? {
            let found = listed.filter { $0.displayName == name }
            if found.count == 1 { return found[0] }
            if found.isEmpty {
                var message = "no \(kind.name) is named \"\(name)\" in the tenant"
                if let close = Suggestions.best(for: name, among: listed.map(\.displayName)) {
                    message += "; did you mean \"\(close)\"?"
                }
                diagnostics.error(message, at: location)
            } else {
                let ids = found.map(\.id.description).sorted().joined(separator: ", ")
                diagnostics.error(
                    "\(found.count) \(kind.name) configurations are named \"\(name)\" (\(ids)); use `id:` to say "
                        + "which one",
                    at: location)
            }
            return nil
        }

        /// Keeps only the `--target` selections; a selection no manifest entry names is an error, since the
        /// pipeline asked for something the manifests do not say.
        mutating func select(_ targets: [TargetSelection]) {
            let wanted = Set(targets.map(\.key))
            for target in targets where firstEntry[target.key] == nil {
                diagnostics.append(.error("--target \(target): no manifest entry names this configuration", at: nil))
            }
            resolution.configurations = resolution.configurations.filter { wanted.contains($0.key) }
        }
    }
}
