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
    /// Every configuration of every file, in file order, as written and with used sets in place: resolve aliases
    /// with `resolve(_:)`.
    public var configurations: [ConfigurationSpec]
    /// Assignment sets of every manifest, by name.
    public var assignmentSets: [String: AssignmentSetDefinition] = [:]

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
                        "tenant \(tenant) differs from tenant \(first) at \(firstMark.place); "
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

        reportOverlayOnly(manifests, into: &diagnostics)
        state.groupAliases = collectAliases(manifests.flatMap(\.groups), section: "group", into: &diagnostics)
        state.filterAliases = collectAliases(manifests.flatMap(\.filters), section: "filter", into: &diagnostics)

        state.assignmentSets = collectSets(manifests.flatMap(\.assignmentSets), into: &diagnostics)
        var usedSets = Set<String>()
        var reportedSetProblems = Set<String>()
        var expansionBudget = expansionLimits.total

        // Where each configuration was first listed (a mark, not the whole entry: this runs for every entry).
        var seenConfigurations: [EntryIdentity: SourceMark] = [:]
        seenConfigurations.reserveCapacity(manifests.reduce(0) { $0 + $1.configurations.count })
        let checker = TargetChecker(state: state)
        for manifest in manifests {
            for written in manifest.configurations {
                let configuration = expand(
                    written, sets: state.assignmentSets, used: &usedSets, reported: &reportedSetProblems,
                    budget: &expansionBudget, into: &diagnostics)
                let key = EntryIdentity(kind: configuration.kind, reference: configuration.reference)
                if let first = seenConfigurations[key] {
                    diagnostics.error(
                        "\(configuration.kind.name) with \(configuration.reference) is listed twice "
                            + "(first at \(first.place)); merge the two entries into one",
                        at: configuration.referenceMark.location,
                        notes: [.note("first listed here", at: first.location)])
                } else {
                    seenConfigurations[key] = configuration.referenceMark
                }
                checker.check(configuration, into: &diagnostics)
                state.configurations.append(configuration)
            }
        }
        reportUnused(state.assignmentSets, used: usedSets, into: &diagnostics)
        // A set's entry is checked once per configuration that uses it: the same problem at the same place is said
        // once, not once per use.
        var said = Set<Diagnostic>()
        return (state, diagnostics.all.filter { said.insert($0).inserted })
    }

    /// `override:` and `skip:` say how a fleet overlay changes the baseline for its tenant; the fleet merge takes
    /// them out, so any left are in a run with no baseline to change, and are errors.
    static func reportOverlayOnly(_ manifests: [Manifest], into diagnostics: inout Diagnostics) {
        let advice = "it has meaning only in a tenant's overlay of a fleet (plan --fleet FILE); remove it here"
        for manifest in manifests {
            for skip in manifest.skips {
                diagnostics.error(
                    "`skip:` drops a baseline configuration for one tenant; \(advice)", at: skip.mark.location)
            }
            for set in manifest.assignmentSets where set.overrides {
                diagnostics.error(
                    "`override: true` on set '\(set.name)' replaces a baseline set for one tenant; \(advice)",
                    at: set.mark.location)
            }
            for configuration in manifest.configurations where configuration.overrides {
                diagnostics.error(
                    "`override: true` replaces a baseline configuration for one tenant; \(advice)",
                    at: configuration.mark.location)
            }
        }
    }

    /// A configuration's identity within a run: its kind and how it is named.
    private struct EntryIdentity: Hashable {
        let kind: Kind
        let reference: ConfigurationReference
    }

    /// Named definitions shared by every manifest of a run (aliases, sets), by name; one defined twice is an error
    /// naming both places, `what` saying what it is ("group alias", "assignment set") and `plural` what they are.
    static func collectOnce<Definition>(
        _ definitions: [Definition], name: (Definition) -> String, mark: (Definition) -> SourceMark, what: String,
        plural: String, into diagnostics: inout Diagnostics
    ) -> [String: Definition] {
        var found: [String: Definition] = [:]
        for definition in definitions {
            if let first = found[name(definition)] {
                diagnostics.error(
                    "\(what) '\(name(definition))' is defined twice (first at \(mark(first).place)); \(plural) are "
                        + "shared by all manifests of a run, so keep one definition",
                    at: mark(definition).location, notes: [.note("first defined here", at: mark(first).location)])
            } else {
                found[name(definition)] = definition
            }
        }
        return found
    }

    /// Aliases of one section across every manifest.
    private static func collectAliases(
        _ definitions: [AliasDefinition], section: String, into diagnostics: inout Diagnostics
    ) -> [String: AliasDefinition] {
        collectOnce(
            definitions, name: \.name, mark: \.mark, what: "\(section) alias", plural: "aliases", into: &diagnostics)
    }

    /// Pairs (earlier index, later index) of equal keys. Assignment lists are short, so small ones are compared
    /// pairwise and only long ones hashed.
    static func duplicates<Key: Hashable>(_ keys: [Key]) -> [(Int, Int)] {
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
