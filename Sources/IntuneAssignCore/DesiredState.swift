/// The manifests of one run put together: aliases shared across files and resolved, and the checks that need
/// more than one file or more than one entry (duplicates, conflicts, undefined aliases, tenant agreement).
public struct DesiredState: Hashable, Sendable {
    /// The tenant every manifest that names one agrees on.
    public var tenant: GUID?
    public var groupAliases: [String: AliasDefinition]
    public var filterAliases: [String: AliasDefinition]
    /// Every configuration of every file, in file order, as written: resolve aliases with `resolve(_:)`.
    public var configurations: [ConfigurationSpec]

    public init(
        tenant: GUID? = nil, groupAliases: [String: AliasDefinition] = [:],
        filterAliases: [String: AliasDefinition] = [:], configurations: [ConfigurationSpec] = []
    ) {
        self.tenant = tenant
        self.groupAliases = groupAliases
        self.filterAliases = filterAliases
        self.configurations = configurations
    }

    public var assignmentCount: Int { configurations.reduce(0) { $0 + $1.assignments.count } }

    /// What a group or filter reference stands for: an id or a display name (an alias's meaning for an
    /// alias). An undefined alias comes back as itself; `assemble` has reported it.
    public func resolve(_ reference: ObjectReference, filter: Bool = false) -> ObjectReference.Form {
        guard case let .alias(name) = reference.form else { return reference.form }
        return (filter ? filterAliases : groupAliases)[name]?.meaning ?? reference.form
    }

    public func resolve(_ filter: FilterReference) -> ObjectReference.Form { resolve(filter.filter, filter: true) }

    /// Assembles decoded manifests. Every problem is reported; the state is meaningful only without errors.
    public static func assemble(_ manifests: [Manifest]) -> (state: DesiredState, diagnostics: [Diagnostic]) {
        var diagnostics = Diagnostics()
        var state = DesiredState()

        var tenantSource: SourceMark?
        for manifest in manifests {
            guard let tenant = manifest.tenant else { continue }
            if let first = state.tenant, let firstMark = tenantSource {
                if first != tenant {
                    diagnostics.error(
                        "tenant \(tenant) differs from tenant \(first) at \(describe(firstMark)); "
                            + "all manifests of one run must name the same tenant",
                        at: manifest.tenantMark.location,
                        notes: [.note("the other tenant is named here", at: firstMark.location)])
                }
            } else {
                state.tenant = tenant
                tenantSource = manifest.tenantMark
            }
        }

        state.groupAliases = collectAliases(manifests.flatMap(\.groups), section: "group", into: &diagnostics)
        state.filterAliases = collectAliases(manifests.flatMap(\.filters), section: "filter", into: &diagnostics)

        var seenConfigurations: [ConfigurationKey: ConfigurationSpec] = [:]
        for manifest in manifests {
            for configuration in manifest.configurations {
                let key = ConfigurationKey(kind: configuration.kind, reference: configuration.reference)
                if let first = seenConfigurations[key] {
                    diagnostics.error(
                        "\(configuration.kind.name) with \(configuration.reference) is listed twice "
                            + "(first at \(describe(first.referenceMark))); merge the two entries into one",
                        at: configuration.referenceMark.location,
                        notes: [.note("first listed here", at: first.referenceMark.location)])
                } else {
                    seenConfigurations[key] = configuration
                }
                for assignment in configuration.assignments {
                    checkAliases(assignment, state: state, diagnostics: &diagnostics)
                }
                checkTargets(configuration, state: state, into: &diagnostics)
            }
            state.configurations += manifest.configurations
        }
        return (state, diagnostics.all)
    }

    private static func describe(_ mark: SourceMark) -> String {
        mark.location.map(\.description) ?? "another manifest"
    }

    private struct ConfigurationKey: Hashable {
        let kind: Kind
        let reference: ConfigurationReference
    }

    private static func collectAliases(
        _ definitions: [AliasDefinition], section: String, into diagnostics: inout Diagnostics
    ) -> [String: AliasDefinition] {
        var aliases: [String: AliasDefinition] = [:]
        for definition in definitions {
            if let first = aliases[definition.name] {
                diagnostics.error(
                    "\(section) alias '\(definition.name)' is defined twice (first at \(describe(first.mark))); "
                        + "aliases are shared by all manifests of a run, so keep one definition",
                    at: definition.mark.location, notes: [.note("first defined here", at: first.mark.location)])
            } else {
                aliases[definition.name] = definition
            }
        }
        return aliases
    }

    private static func checkAliases(_ assignment: AssignmentSpec, state: DesiredState, diagnostics: inout Diagnostics) {
        if let reference = assignment.target.groupReference {
            checkAlias(reference, in: state.groupAliases, section: "groups", diagnostics: &diagnostics)
        }
        if let filter = assignment.filter {
            checkAlias(filter.filter, in: state.filterAliases, section: "filters", diagnostics: &diagnostics)
        }
    }

    private static func checkAlias(
        _ reference: ObjectReference, in aliases: [String: AliasDefinition], section: String,
        diagnostics: inout Diagnostics
    ) {
        guard case let .alias(alias) = reference.form, aliases[alias] == nil else { return }
        var message = "'\(alias)' is not defined in `\(section):`"
        let close = aliases.keys.filter { editDistance($0, alias) <= 2 }.sorted()
        if let best = close.first {
            message += "; did you mean '\(best)'?"
        } else {
            message += "; define it there, or write an object id or { name: ... } instead"
        }
        diagnostics.error(message, at: reference.mark.location)
    }

    /// The identity of a target for duplicate and conflict checks: ids by value, display names
    /// case-insensitively (Entra matches `displayName eq` without regard to case).
    private struct TargetKey: Hashable {
        enum Object: Hashable {
            case none
            case id(GUID)
            case name(String)
            case collection(String)
        }

        let type: TargetType
        let object: Object
        let intent: String?

        init(_ assignment: AssignmentSpec, intentIsIdentity: Bool, state: DesiredState) {
            type = assignment.target.type
            switch assignment.target {
            case let .group(reference), let .exclusionGroup(reference):
                switch state.resolve(reference) {
                case let .id(id): object = .id(id)
                case let .name(name): object = .name(name.lowercased())
                case let .alias(alias): object = .name("alias:" + alias)  // unresolved: already reported
                }
            case let .collection(id): object = .collection(id.uppercased())
            case .allUsers, .allDevices: object = .none
            }
            intent = intentIsIdentity ? assignment.intent : nil
        }
    }

    /// Pairs (earlier index, later index) of equal keys. Assignment lists are short, so small ones are compared
    /// pairwise and only long ones hashed.
    private static func duplicates<Key: Hashable>(_ keys: [Key]) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        if keys.count <= 32 {
            for later in keys.indices {
                if let earlier = keys[..<later].firstIndex(of: keys[later]) { result.append((earlier, later)) }
            }
        } else {
            var first: [Key: Int] = [:]
            for (index, key) in keys.enumerated() {
                if let earlier = first[key] { result.append((earlier, index)) } else { first[key] = index }
            }
        }
        return result
    }

    private static func checkTargets(
        _ configuration: ConfigurationSpec, state: DesiredState, into diagnostics: inout Diagnostics
    ) {
        let intentIsIdentity = configuration.kind.intent?.isIdentity ?? false
        let assignments = configuration.assignments
        let keys = assignments.map { TargetKey($0, intentIsIdentity: intentIsIdentity, state: state) }
        for (earlier, later) in duplicates(keys) {
            let first = assignments[earlier], second = assignments[later]
            diagnostics.error(
                "the same target is assigned twice in this configuration (first at \(describe(first.mark))); "
                    + "keep one entry",
                at: second.mark.location, notes: [.note("first assigned here", at: first.mark.location)])
        }
        // A group both included and excluded: compare the groups alone (no type, no intent).
        let groups = assignments.indices.compactMap { index -> (index: Int, key: TargetKey.Object)? in
            guard assignments[index].target.groupReference != nil else { return nil }
            return (index, TargetKey(assignments[index], intentIsIdentity: false, state: state).object)
        }
        var reported = Set<TargetKey.Object>()
        for (earlier, later) in duplicates(groups.map(\.key)) {
            let a = assignments[groups[earlier].index], b = assignments[groups[later].index]
            guard a.target.type != b.target.type, reported.insert(groups[later].key).inserted else { continue }
            diagnostics.error(
                "this group is both included and excluded (the other entry is at \(describe(a.targetMark))); "
                    + "Intune lets the exclusion win, so remove one of the two",
                at: b.targetMark.location, notes: [.note("the other entry", at: a.targetMark.location)])
        }
    }
}
