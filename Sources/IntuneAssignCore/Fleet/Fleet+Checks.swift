extension Fleet {
    /// What one fleet file can tell wrong of itself, each at its place: a tenant listed twice (by name or by
    /// identity), a group or wave naming what does not exist, a wave selecting no tenant, a wave name given twice,
    /// and (a warning) a tenant in none of the waves.
    public func problems() -> [Diagnostic] {
        var diagnostics = Diagnostics()
        var names: [String: FleetTenant] = [:]
        var identities: [FleetTenant.Identity: FleetTenant] = [:]
        for tenant in tenants {
            if let first = names[tenant.name] {
                diagnostics.error(
                    "tenant '\(tenant.name)' is listed twice (first at \(first.mark.place)); give each tenant one "
                        + "entry", at: tenant.mark.location,
                    notes: [.note("first listed here", at: first.mark.location)])
                continue
            }
            names[tenant.name] = tenant
            let key = Self.normalized(tenant.identity)
            // An empty domain stands for an identity the decoder already reported wrong.
            if key != .domain(""), let first = identities[key] {
                diagnostics.error(
                    "'\(tenant.name)' is the same tenant as '\(first.name)' (at \(first.mark.place)); a tenant is "
                        + "listed once, with its overlays", at: tenant.mark.location,
                    notes: [.note("listed here as '\(first.name)'", at: first.mark.location)])
            }
            identities[key] = identities[key] ?? tenant
        }
        var groupNames: Set<String> = []
        for group in groups {
            groupNames.insert(group.name)
            for member in group.tenants {
                guard case .tenant(let name) = member.target, names[name] == nil else { continue }
                unknown("tenant", name, at: member.mark, known: Array(names.keys), into: &diagnostics)
            }
            if !group.tags.isEmpty, group.tenants.isEmpty, select([TenantSelector("@" + group.name)!]).isEmpty {
                diagnostics.append(
                    Diagnostic(
                        .warning,
                        "group '\(group.name)' selects no tenant: none carries the tags "
                            + group.tags.map { "'\($0)'" }.joined(separator: ", "), at: group.mark.location))
            }
        }
        var waveNames: [String: Wave] = [:]
        var inAWave: Set<String> = []
        for wave in waves {
            if let first = waveNames[wave.name] {
                diagnostics.error(
                    "wave '\(wave.name)' is given twice (first at \(first.mark.place)); name each wave once",
                    at: wave.mark.location)
            }
            waveNames[wave.name] = waveNames[wave.name] ?? wave
            var known = true
            for selector in wave.selectors {
                switch selector.target {
                case .tenant(let name) where names[name] == nil:
                    unknown("tenant", name, at: selector.mark, known: Array(names.keys), into: &diagnostics)
                    known = false
                case .group(let name) where !groupNames.contains(name):
                    unknown(
                        "group", "@" + name, at: selector.mark, known: groups.map { "@" + $0.name }, into: &diagnostics)
                    known = false
                default: break
                }
            }
            let selected = select(wave.selectors)
            inAWave.formUnion(selected.map(\.name))
            if known, selected.isEmpty {
                diagnostics.error(
                    "wave '\(wave.name)' selects no tenant; name tenants, or groups that hold some",
                    at: wave.mark.location)
            }
        }
        if !waves.isEmpty {
            var warned: Set<String> = []
            for tenant in tenants where !inAWave.contains(tenant.name) && warned.insert(tenant.name).inserted {
                diagnostics.append(
                    Diagnostic(
                        .warning,
                        "tenant '\(tenant.name)' is in none of the waves, so `apply --wave` never applies to it; add "
                            + "it to a wave", at: tenant.mark.location))
            }
        }
        return diagnostics.all
    }

    /// The tenants that selectors name, directly or through groups, in the fleet's order (unknown names select
    /// nothing).
    public func select(_ selectors: [TenantSelector]) -> [FleetTenant] {
        var names: Set<String> = []
        var tags: Set<String> = []
        for selector in selectors {
            switch selector.target {
            case .tenant(let name): names.insert(name)
            case .group(let name):
                for group in groups where group.name == name {
                    for member in group.tenants { if case .tenant(let name) = member.target { names.insert(name) } }
                    tags.formUnion(group.tags)
                }
            }
        }
        return tenants.filter { names.contains($0.name) || !tags.isDisjoint(with: $0.tags) }
    }

    /// An identity compared as Entra does: domains without regard to case.
    static func normalized(_ identity: FleetTenant.Identity) -> FleetTenant.Identity {
        if case .domain(let domain) = identity { return .domain(domain.lowercased()) }
        return identity
    }

    /// Reports a name the fleet does not define, suggesting a close one.
    private func unknown(
        _ what: String, _ name: String, at mark: SourceMark, known: [String], into diagnostics: inout Diagnostics
    ) {
        diagnostics.error(Self.unknownMessage(what, name, known: known), at: mark.location)
    }

    /// `no tenant 'x' in this fleet; did you mean 'y'?`.
    static func unknownMessage(_ what: String, _ name: String, known: [String]) -> String {
        var message = "no \(what) '\(name)' in this fleet"
        if let best = Suggestions.best(for: name, among: known) {
            message += "; did you mean '\(best)'?"
        } else if !known.isEmpty {
            message += "; the \(what)s are: " + known.sorted().joined(separator: ", ")
        }
        return message
    }

    /// What is wrong with selectors given on the command line (`--tenants`, `--wave`): a sentence for each name
    /// the fleet does not define.
    public func unknownSelections(_ selectors: [TenantSelector]) -> [String] {
        selectors.compactMap { selector in
            switch selector.target {
            case .tenant(let name) where !tenants.contains { $0.name == name }:
                Self.unknownMessage("tenant", name, known: tenants.map(\.name))
            case .group(let name) where !groups.contains { $0.name == name }:
                Self.unknownMessage("group", "@" + name, known: groups.map { "@" + $0.name })
            default: nil
            }
        }
    }
}
