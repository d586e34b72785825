/// A configuration as a kind's list call answers it.
public struct ListedConfiguration: Hashable, Sendable {
    public var id: String
    public var displayName: String
    /// Enrollment configurations: 0 for the tenant's default configuration of its type.
    public var priority: Int?

    public init(id: String, displayName: String, priority: Int? = nil) {
        self.id = id
        self.displayName = displayName
        self.priority = priority
    }
}

/// A group or assignment filter: id and display name.
public struct DirectoryObject: Hashable, Sendable {
    public var id: GUID
    public var displayName: String

    public init(id: GUID, displayName: String) {
        self.id = id
        self.displayName = displayName
    }
}

/// One configuration of one kind, by canonical id: the key under which its reads are kept.
public struct ConfigurationKey: Hashable, Sendable, CustomStringConvertible {
    public let kind: Kind
    public let id: ConfigurationID

    public init(kind: Kind, id: ConfigurationID) {
        self.kind = kind
        self.id = id
    }

    /// `kind/id`, the form `--target` takes.
    public var description: String { "\(kind.name)/\(id)" }
}

/// A `--target KIND/ID` selection.
public struct TargetSelection: Hashable, Sendable, CustomStringConvertible {
    public let key: ConfigurationKey

    /// Reads `KIND/ID`; the error says what is wrong with it.
    public static func parse(_ text: String) -> Result<TargetSelection, PlanInputError> {
        guard let slash = text.firstIndex(of: "/") else {
            return .failure(PlanInputError("--target \(text): write KIND/ID, such as deviceConfiguration/3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93"))
        }
        let kindName = String(text[..<slash]), idText = String(text[text.index(after: slash)...])
        guard let kind = Kinds.named(kindName) else {
            let hint = Kinds.suggestions(for: kindName).first.map { "; did you mean \($0)?" } ?? ""
            return .failure(PlanInputError("--target \(text): unknown kind \(kindName)\(hint)"))
        }
        guard let id = ConfigurationID(idText, form: kind.idForm) else {
            return .failure(PlanInputError("--target \(text): \(idText) is not a \(kind.name) id"))
        }
        return .success(TargetSelection(key: ConfigurationKey(kind: kind, id: id)))
    }

    public var description: String { key.description }
}

/// A problem with the command's own input (not with a manifest).
public struct PlanInputError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What was read about one configuration.
public struct ObservedConfiguration: Hashable, Sendable {
    /// Its assignments as Graph answered them.
    public var assignments: [JSONValue]
    /// The Autopilot devices that carry it (read only when the manifest lists `devices:`).
    public var devices: [GUID]?
    /// A digest of the two, computed by whoever read them (the same function checks a saved plan).
    public var fingerprint: String

    public init(assignments: [JSONValue], devices: [GUID]? = nil, fingerprint: String) {
        self.assignments = assignments
        self.devices = devices
        self.fingerprint = fingerprint
    }
}

/// A manifest entry matched to the configuration it means.
public struct ResolvedConfiguration: Hashable, Sendable {
    public var spec: ConfigurationSpec
    public var key: ConfigurationKey
    public var displayName: String
}

/// The names in the manifests, matched to tenant objects.
public struct Resolution: Hashable, Sendable {
    /// In manifest order (limited to the `--target` selections, if any).
    public var configurations: [ResolvedConfiguration] = []
    /// Group and filter ids by lower-cased display name, for the names the manifests use.
    public var groupsByName: [String: GUID] = [:]
    public var filtersByName: [String: GUID] = [:]
    /// Every assignment filter of the tenant, by id.
    public var filters: [GUID: String] = [:]
}

/// Turns manifests and what was read from the tenant into a plan, in three pure steps around the reads: what to
/// read first (`reads`), matching names and ids (`resolve`), and the plan itself (`build`). Every name that
/// resolves to nothing or to several objects is an error for the whole plan: `/assign` replaces the whole set, so a
/// target skipped would be a target deleted.
public enum PlanAssembly {
    /// What must be read before names can be resolved.
    public struct Reads: Hashable, Sendable {
        /// Kinds whose configurations are listed (ids, display names, priorities).
        public var kinds: [Kind]
        /// Group display names to look up, as written.
        public var groupNames: [String]
    }

    public static func reads(_ state: DesiredState) -> Reads {
        var kinds: [Kind] = [], seenKinds = Set<String>()
        var names: [String] = [], seenNames = Set<String>()
        for configuration in state.configurations {
            if seenKinds.insert(configuration.kind.name).inserted { kinds.append(configuration.kind) }
            for assignment in configuration.assignments {
                guard let reference = assignment.target.groupReference,
                      case let .name(name) = state.resolve(reference) else { continue }
                if seenNames.insert(name.lowercased()).inserted { names.append(name) }
            }
        }
        return Reads(kinds: kinds, groupNames: names)
    }

    /// The tenant guard: the manifests' `tenant:` against the tenant the credentials signed in to.
    public static func checkTenant(_ state: DesiredState, signedIn: GUID) -> Diagnostic? {
        guard let wanted = state.tenant, wanted != signedIn else { return nil }
        return .error(
            "these manifests are for tenant \(wanted), but the credentials signed in to tenant \(signedIn); "
                + "sign in to the tenant the manifests name (AZURE_TENANT_ID), or fix `tenant:`",
            at: state.tenantMark.location)
    }

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
            guard case let .name(name) = state.resolve(reference) else { return }
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
            case let .name(name):
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
                    if let close = closestMatch(to: name, among: filters.map(\.displayName)) {
                        message += "; did you mean \"\(close)\"?"
                    } else if !filters.isEmpty {
                        message += "; the tenant has: " + filters.map { "\"\($0.displayName)\"" }.sorted().prefix(8)
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
            case let .id(id):
                guard resolution.filters[id] == nil, reportedFilters.insert("#" + id.description).inserted else { return }
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
        var byID: [Kind: [String: ListedConfiguration]] = [:]
        for (kind, listed) in listings {
            byID[kind] = Dictionary(listed.compactMap { item in
                ConfigurationID(item.id, form: kind.idForm).map { ($0.description, item) }
            }, uniquingKeysWith: { first, _ in first })
        }
        var firstEntry: [ConfigurationKey: ConfigurationSpec] = [:]
        var resolved: [ResolvedConfiguration] = []
        for spec in state.configurations {
            let kind = spec.kind
            let listed = listings[kind] ?? []
            let location = spec.referenceMark.location
            var match: ListedConfiguration?
            switch spec.reference {
            case let .id(id):
                match = byID[kind]?[id.description]
                if match == nil {
                    diagnostics.error("no \(kind.name) has the id \(id) in the tenant; check the id and the kind", at: location)
                }
            case let .name(name):
                let found = listed.filter { $0.displayName == name }
                if found.count == 1 {
                    match = found[0]
                } else if found.isEmpty {
                    var message = "no \(kind.name) is named \"\(name)\" in the tenant"
                    if let close = closestMatch(to: name, among: listed.map(\.displayName)) {
                        message += "; did you mean \"\(close)\"?"
                    }
                    diagnostics.error(message, at: location)
                } else {
                    let ids = found.map(\.id).sorted().joined(separator: ", ")
                    diagnostics.error(
                        "\(found.count) \(kind.name) configurations are named \"\(name)\" (\(ids)); use `id:` to say which one",
                        at: location)
                }
            }
            guard let match, let id = ConfigurationID(match.id, form: kind.idForm) else { continue }
            if kind.defaultConfigurationsUnassignable, match.priority == 0 {
                diagnostics.error(
                    "\"\(match.displayName)\" is the tenant's default \(kind.name): Intune applies it to every user and "
                        + "device no other configuration covers, and it takes no assignments; remove this entry",
                    at: location)
                continue
            }
            let key = ConfigurationKey(kind: kind, id: id)
            if let first = firstEntry[key] {
                diagnostics.error(
                    "this is the same \(kind.name) as the entry at \(describe(first.referenceMark)) (\"\(match.displayName)\", "
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
                diagnostics.append(.error(
                    "--target \(target): no manifest entry names this configuration", at: nil))
            }
            resolved = resolved.filter { wanted.contains($0.key) }
        }
        resolution.configurations = resolved
        return (resolution, diagnostics.all)
    }

    /// Every group id a plan mentions: those the manifests want (by id or resolved name) and those assigned now.
    /// Their display names come from the directory; a wanted id the directory does not know is an error in `build`.
    public static func groupIDs(
        _ state: DesiredState, _ resolution: Resolution, observed: [ConfigurationKey: ObservedConfiguration]
    ) -> [GUID] {
        var ids = Set<GUID>()
        for configuration in resolution.configurations {
            for assignment in configuration.spec.assignments {
                if let reference = assignment.target.groupReference, let id = groupID(reference, state, resolution) { ids.insert(id) }
            }
            for assignment in observed[configuration.key]?.assignments ?? [] {
                if let id = assignment["target"]?["groupId"]?.stringValue.flatMap(GUID.init) { ids.insert(id) }
            }
        }
        return ids.sorted()
    }

    /// The plan, from the resolution and the reads.
    /// - Parameters:
    ///   - observed: what was read for each resolved configuration.
    ///   - groupNames: display names of the ids `groupIDs` returned (ids the directory does not know are absent).
    public static func build(
        _ state: DesiredState, _ resolution: Resolution, observed: [ConfigurationKey: ObservedConfiguration],
        groupNames: [GUID: String], tenant: GUID, graphRoot: String, manifestDigest: String, targets: [TargetSelection] = [],
        knownDevices: Set<GUID>? = nil
    ) -> (Plan, [Diagnostic]) {
        var diagnostics = Diagnostics()
        if let knownDevices {
            for configuration in resolution.configurations {
                let missing = (configuration.spec.devices ?? []).filter { !knownDevices.contains($0) }
                for device in missing {
                    diagnostics.error(
                        "Autopilot device \(device) in `devices:` is not a device identity in the tenant; check the id "
                            + "(the device's Autopilot record, not its Entra or Intune device id)",
                        at: configuration.spec.mark.location)
                }
            }
        }
        var reportedGroups = Set<GUID>()
        var configurations: [ConfigurationPlan] = []
        var mentionedGroups = Set<GUID>(), mentionedFilters = Set<GUID>()
        for configuration in resolution.configurations {
            let kind = configuration.key.kind
            var wanted: [PlannedAssignment] = []
            for spec in configuration.spec.assignments {
                guard let assignment = plannedAssignment(spec, kind: kind, state, resolution) else { continue }
                if let reference = spec.target.groupReference, let id = GUID(assignment.target.object ?? ""),
                   groupNames[id] == nil
                {
                    if reportedGroups.insert(id).inserted {
                        diagnostics.error("no group has the id \(id) in the tenant; check the id",
                                          at: nameLocation(reference, state: state, filter: false))
                    }
                    continue
                }
                wanted.append(assignment)
            }
            let seen = observed[configuration.key] ?? ObservedConfiguration(assignments: [], fingerprint: "")
            var current: [PlannedAssignment] = []
            var unmanaged: [JSONValue] = []
            for value in seen.assignments {
                if let assignment = PlannedAssignment(graph: value, kind: kind) { current.append(assignment) } else { unmanaged.append(value) }
            }
            var plan = Planner.plan(
                kind: kind, id: configuration.key.id.description, mode: configuration.spec.mode, wanted: wanted,
                current: current, wantedDevices: configuration.spec.devices, currentDevices: seen.devices ?? [],
                unmanaged: unmanaged,
                filterName: { id in resolution.filters[id].map { "\"\($0)\"" } ?? id.description })
            plan.displayName = configuration.displayName
            plan.fingerprint = seen.fingerprint
            for change in plan.changes {
                for side in [change.before, change.after].compactMap({ $0 }) {
                    if let object = side.target.object, let id = GUID(object) { mentionedGroups.insert(id) }
                    if let filter = side.filter { mentionedFilters.insert(filter.id) }
                }
            }
            configurations.append(plan)
        }
        var names: [String: String] = [:]
        for id in mentionedGroups { if let name = groupNames[id] { names[id.description] = name } }
        var filterNames: [String: String] = [:]
        for id in mentionedFilters { if let name = resolution.filters[id] { filterNames[id.description] = name } }
        let plan = Plan(tenant: tenant, graphRoot: graphRoot, manifestDigest: manifestDigest, configurations: configurations,
                        groupNames: names, filterNames: filterNames, targets: targets.map(\.description))
        return (plan, diagnostics.all)
    }

    /// A manifest assignment in the planner's terms, every reference resolved (`nil` if one could not be, which
    /// `resolve` has reported).
    static func plannedAssignment(_ spec: AssignmentSpec, kind: Kind, _ state: DesiredState, _ resolution: Resolution)
        -> PlannedAssignment?
    {
        let target: ResolvedTarget
        switch spec.target {
        case let .group(reference), let .exclusionGroup(reference):
            guard let id = groupID(reference, state, resolution) else { return nil }
            target = ResolvedTarget(type: spec.target.type, object: id.description)
        case .allUsers, .allDevices:
            target = ResolvedTarget(type: spec.target.type)
        case let .collection(id):
            target = ResolvedTarget(type: .configurationManagerCollection, object: id.uppercased())
        }
        var filter: ResolvedFilter?
        if let reference = spec.filter {
            let id: GUID?
            switch state.resolve(reference) {
            case let .id(value): id = resolution.filters[value] != nil ? value : nil
            case let .name(name): id = resolution.filtersByName[name.lowercased()]
            case .alias: id = nil
            }
            guard let id else { return nil }
            filter = ResolvedFilter(mode: reference.mode, id: id)
        }
        var fields: [String: JSONValue] = [:]
        if let settings = spec.settings { fields[AssignmentField.settings.rawValue] = PlannedAssignment.normalised(.settings, settings) }
        if let run = spec.runRemediationScript { fields[AssignmentField.runRemediationScript.rawValue] = .bool(run) }
        if let schedule = spec.runSchedule {
            fields[AssignmentField.runSchedule.rawValue] = PlannedAssignment.normalised(.runSchedule, schedule.graphValue)
        }
        return PlannedAssignment(target: target, filter: filter, intent: spec.intent ?? kind.intent?.defaultValue, fields: fields)
    }

    static func groupID(_ reference: ObjectReference, _ state: DesiredState, _ resolution: Resolution) -> GUID? {
        switch state.resolve(reference) {
        case let .id(id): id
        case let .name(name): resolution.groupsByName[name.lowercased()]
        case .alias: nil
        }
    }

    /// Where a name is written: the alias definition for an alias (one error for every use), else the reference.
    static func nameLocation(_ reference: ObjectReference, state: DesiredState, filter: Bool) -> SourceLocation? {
        if let alias = reference.alias, let definition = (filter ? state.filterAliases : state.groupAliases)[alias] {
            return definition.mark.location
        }
        return reference.mark.location
    }

    static func describe(_ mark: SourceMark) -> String { mark.location?.description ?? "another manifest" }
}

extension RunSchedule {
    /// The schedule as Graph writes it (`deviceHealthScriptRunSchedule` and its subtypes).
    public var graphValue: JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("@odata.type", .string(frequency.odataType)), ("interval", .int(interval))]
        if let date { pairs.append(("date", .string(date))) }
        if let time { pairs.append(("time", .string(time))) }
        if let useUTC { pairs.append(("useUtc", .bool(useUTC))) }
        return .object(pairs)
    }
}
