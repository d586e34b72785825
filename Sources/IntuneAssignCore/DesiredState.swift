/// The manifests of one run put together: aliases shared across files and resolved, and the checks that need
/// more than one file or more than one entry (duplicates, conflicts, undefined aliases, tenant agreement).
public struct DesiredState: Hashable, Sendable {
    /// The tenant every manifest that names one agrees on.
    public var tenant: GUID?
    public var groupAliases: [String: AliasDefinition]
    public var filterAliases: [String: AliasDefinition]
    /// Every configuration of every file, in file order, with aliases resolved.
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

        var seenConfigurations: [String: ConfigurationSpec] = [:]
        for manifest in manifests {
            for var configuration in manifest.configurations {
                let key = configurationKey(configuration)
                if let first = seenConfigurations[key] {
                    diagnostics.error(
                        "\(configuration.kind.name) with \(configuration.reference) is listed twice "
                            + "(first at \(describe(first.referenceMark))); merge the two entries into one",
                        at: configuration.referenceMark.location,
                        notes: [.note("first listed here", at: first.referenceMark.location)])
                } else {
                    seenConfigurations[key] = configuration
                }
                for index in configuration.assignments.indices {
                    resolve(&configuration.assignments[index], state: state, diagnostics: &diagnostics)
                }
                checkTargets(configuration, into: &diagnostics)
                state.configurations.append(configuration)
            }
        }
        return (state, diagnostics.all)
    }

    private static func describe(_ mark: SourceMark) -> String {
        mark.location.map(\.description) ?? "another manifest"
    }

    private static func configurationKey(_ configuration: ConfigurationSpec) -> String {
        switch configuration.reference {
        case let .id(id): "\(configuration.kind.name) id \(id)"
        case let .name(name): "\(configuration.kind.name) name \(name)"
        }
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

    private static func resolve(_ assignment: inout AssignmentSpec, state: DesiredState, diagnostics: inout Diagnostics) {
        switch assignment.target {
        case var .group(reference):
            resolveAlias(&reference, in: state.groupAliases, section: "groups", diagnostics: &diagnostics)
            assignment.target = .group(reference)
        case var .exclusionGroup(reference):
            resolveAlias(&reference, in: state.groupAliases, section: "groups", diagnostics: &diagnostics)
            assignment.target = .exclusionGroup(reference)
        case .allUsers, .allDevices, .collection:
            break
        }
        if var filter = assignment.filter {
            resolveAlias(&filter.filter, in: state.filterAliases, section: "filters", diagnostics: &diagnostics)
            assignment.filter = filter
        }
    }

    private static func resolveAlias(
        _ reference: inout ObjectReference, in aliases: [String: AliasDefinition], section: String,
        diagnostics: inout Diagnostics
    ) {
        guard let alias = reference.alias else { return }
        if let definition = aliases[alias] {
            reference.resolved = definition.meaning
            return
        }
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
    private static func referenceKey(_ form: ObjectReference.Form) -> String {
        switch form {
        case let .id(id): "id:\(id)"
        case let .name(name): "name:\(name.lowercased())"
        case let .alias(alias): "alias:\(alias)"
        }
    }

    private static func checkTargets(_ configuration: ConfigurationSpec, into diagnostics: inout Diagnostics) {
        let intentIsIdentity = configuration.kind.intent?.isIdentity ?? false
        var seen: [String: AssignmentSpec] = [:]
        var included: [String: AssignmentSpec] = [:]
        var excluded: [String: AssignmentSpec] = [:]
        for assignment in configuration.assignments {
            var key = assignment.target.type.rawValue
            if let reference = assignment.target.groupReference {
                key += " " + referenceKey(reference.target)
                if case .group = assignment.target {
                    included[referenceKey(reference.target)] = included[referenceKey(reference.target)] ?? assignment
                } else {
                    excluded[referenceKey(reference.target)] = excluded[referenceKey(reference.target)] ?? assignment
                }
            } else if case let .collection(id) = assignment.target {
                key += " " + id.uppercased()
            }
            if intentIsIdentity { key += " intent:\(assignment.intent ?? "")" }
            if let first = seen[key] {
                diagnostics.error(
                    "the same target is assigned twice in this configuration (first at \(describe(first.mark))); "
                        + "keep one entry",
                    at: assignment.mark.location, notes: [.note("first assigned here", at: first.mark.location)])
            } else {
                seen[key] = assignment
            }
        }
        for (key, exclusion) in excluded {
            guard let inclusion = included[key] else { continue }
            let later = inclusion.mark.location.map { l in exclusion.mark.location.map { l > $0 } ?? true } ?? false
            let (second, first) = later ? (inclusion, exclusion) : (exclusion, inclusion)
            diagnostics.error(
                "this group is both included and excluded (the other entry is at \(describe(first.mark))); "
                    + "Intune lets the exclusion win, so remove one of the two",
                at: second.targetMark.location, notes: [.note("the other entry", at: first.targetMark.location)])
        }
    }
}
