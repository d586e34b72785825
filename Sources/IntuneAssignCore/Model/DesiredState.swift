/// The manifests of one run put together: aliases shared across files (looked up with `resolve(_:)`), and the checks that need
/// more than one file or more than one entry (duplicates, conflicts, undefined aliases, tenant agreement).
public struct DesiredState: Hashable, Sendable {
    /// The tenant every manifest that names one agrees on.
    public var tenant: GUID?
    /// Where that tenant is first named.
    public var tenantMark = SourceMark()
    /// Group aliases of every manifest, by alias.
    public var groupAliases: [String: AliasDefinition]
    /// Filter aliases of every manifest, by alias.
    public var filterAliases: [String: AliasDefinition]
    /// Every configuration of every file, in file order, as written: resolve aliases with `resolve(_:)`.
    public var configurations: [ConfigurationSpec]

    /// A desired state from its parts (`assemble` makes one from manifests).
    public init(
        tenant: GUID? = nil, groupAliases: [String: AliasDefinition] = [:],
        filterAliases: [String: AliasDefinition] = [:], configurations: [ConfigurationSpec] = []
    ) {
        self.tenant = tenant
        self.groupAliases = groupAliases
        self.filterAliases = filterAliases
        self.configurations = configurations
    }

    /// How many assignments the manifests list, over every configuration.
    public var assignmentCount: Int { configurations.reduce(0) { $0 + $1.assignments.count } }

    /// What a group or filter reference stands for: an id or a display name (an alias's meaning for an
    /// alias). An undefined alias comes back as itself; `assemble` has reported it.
    public func resolve(_ reference: ObjectReference, filter: Bool = false) -> ObjectReference.Form {
        guard case .alias(let name) = reference.form else { return reference.form }
        return (filter ? filterAliases : groupAliases)[name]?.meaning ?? reference.form
    }

    /// What a filter reference means, its alias resolved.
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
                state.tenantMark = manifest.tenantMark
                tenantSource = manifest.tenantMark
            }
        }

        state.groupAliases = collectAliases(manifests.flatMap(\.groups), section: "group", into: &diagnostics)
        state.filterAliases = collectAliases(manifests.flatMap(\.filters), section: "filter", into: &diagnostics)

        var seenConfigurations: [ConfigurationKey: ConfigurationSpec] = [:]
        seenConfigurations.reserveCapacity(manifests.reduce(0) { $0 + $1.configurations.count })
        let checker = TargetChecker(state: state)
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
                checker.check(configuration, into: &diagnostics)
            }
            state.configurations += manifest.configurations
        }
        return (state, diagnostics.all)
    }

    private static func describe(_ mark: SourceMark) -> String {
        mark.location.map(\.description) ?? "another manifest"
    }

    /// A configuration's identity within a run: its kind and how it is named.
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

    /// Checks the targets of configurations: aliases defined, no target twice, no group both included and
    /// excluded. Alias meanings are worked out once, not at every use.
    private struct TargetChecker {
        /// The identity of a target: ids by value, display names case-insensitively (Entra matches
        /// `displayName eq` without regard to case).
        enum Object: Hashable {
            case none
            case id(GUID)
            case name(String)
            case collection(String)

            init(_ form: ObjectReference.Form) {
                switch form {
                case .id(let id): self = .id(id)
                case .name(let name): self = .name(name.lowercased())
                case .alias(let alias): self = .name("alias:" + alias)  // undefined: reported, compared as written
                }
            }
        }

        /// The identity of one assignment (DESIGN.md §3).
        struct Key: Hashable {
            let type: TargetType
            let object: Object
            let intent: String?
        }

        let groups: [String: Object]
        let groupAliases: [String]
        let filterAliases: [String: AliasDefinition]

        init(state: DesiredState) {
            groups = state.groupAliases.mapValues { Object($0.meaning) }
            groupAliases = state.groupAliases.keys.sorted()
            filterAliases = state.filterAliases
        }

        func object(_ reference: ObjectReference, into diagnostics: inout Diagnostics) -> Object {
            guard case .alias(let alias) = reference.form else { return Object(reference.form) }
            if let object = groups[alias] { return object }
            report(alias, at: reference.mark, known: groupAliases, section: "groups", into: &diagnostics)
            return Object(reference.form)
        }

        func report(
            _ alias: String, at mark: SourceMark, known: [String], section: String, into diagnostics: inout Diagnostics
        ) {
            var message = "'\(alias)' is not defined in `\(section):`"
            if let best = Suggestions.best(for: alias, among: known) {
                message += "; did you mean '\(best)'?"
            } else {
                message += "; define it there, or write an object id or { name: ... } instead"
            }
            diagnostics.error(message, at: mark.location)
        }

        func check(_ configuration: ConfigurationSpec, into diagnostics: inout Diagnostics) {
            let intentIsIdentity = configuration.kind.intent?.isIdentity ?? false
            let assignments = configuration.assignments
            var keys: [Key] = []
            keys.reserveCapacity(assignments.count)
            var includes = false
            var excludes = false
            for assignment in assignments {
                let object: Object
                switch assignment.target {
                case .group(let reference):
                    includes = true
                    object = self.object(reference, into: &diagnostics)
                case .exclusionGroup(let reference):
                    excludes = true
                    object = self.object(reference, into: &diagnostics)
                case .collection(let id):
                    object = .collection(id.uppercased())
                case .allUsers, .allDevices:
                    object = .none
                }
                if let filter = assignment.filter, case .alias(let alias) = filter.filter.form,
                    filterAliases[alias] == nil
                {
                    report(
                        alias, at: filter.filter.mark, known: filterAliases.keys.sorted(), section: "filters",
                        into: &diagnostics)
                }
                keys.append(
                    Key(
                        type: assignment.target.type, object: object,
                        intent: intentIsIdentity ? assignment.intent : nil))
            }
            for (earlier, later) in duplicates(keys) {
                let first = assignments[earlier]
                let second = assignments[later]
                diagnostics.error(
                    "the same target is assigned twice in this configuration (first at \(describe(first.mark))); "
                        + "keep one entry",
                    at: second.mark.location, notes: [.note("first assigned here", at: first.mark.location)])
            }
            guard includes, excludes else { return }
            // A group both included and excluded: compare the groups alone (no intent).
            let groupIndices = keys.indices.filter { keys[$0].type == .group || keys[$0].type == .exclusionGroup }
            var reported = Set<Object>()
            for (earlier, later) in duplicates(groupIndices.map { keys[$0].object }) {
                let a = assignments[groupIndices[earlier]]
                let b = assignments[groupIndices[later]]
                guard a.target.type != b.target.type, reported.insert(keys[groupIndices[later]].object).inserted else {
                    continue
                }
                diagnostics.error(
                    "this group is both included and excluded (the other entry is at \(describe(a.targetMark))); "
                        + "Intune lets the exclusion win, so remove one of the two",
                    at: b.targetMark.location, notes: [.note("the other entry", at: a.targetMark.location)])
            }
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
}
