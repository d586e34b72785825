/// `export --fleet` (issue 28, item 3): the exports of many tenants, made by display name, split into a baseline that
/// every tenant gets and one overlay per tenant. Pure: each tenant's export comes in as its files.
///
/// A configuration goes to the baseline when every tenant has it, by the same kind and display name, with the same
/// assignments written the same way, and every alias those assignments use means the same display name in every
/// tenant (so that it resolves in each tenant to that tenant's own group or filter). Everything else stays in its
/// tenant's overlay, with the aliases it uses that the baseline does not define. Merging the baseline and a tenant's
/// overlay gives that tenant's export again, so a plan of the fleet right after the export has no changes.
public enum FleetExport {
    /// One tenant's export.
    public struct Tenant: Sendable {
        /// The tenant's name in the fleet file.
        public var name: String
        /// Its export: the aliases file, then one file per kind.
        public var files: [ManifestExport.File]

        /// A tenant's export.
        public init(name: String, files: [ManifestExport.File]) {
            self.name = name
            self.files = files
        }
    }

    /// The baseline and the overlays.
    public struct Split: Sendable {
        /// The files every tenant gets (the aliases file first, when any alias is shared).
        public var baseline: [ManifestExport.File]
        /// Each tenant's own files, in the order given.
        public var overlays: [Tenant]
        /// Configurations in the baseline.
        public var shared: Int
    }

    /// The aliases of one export, by kind of object and name.
    struct Aliases {
        var groups: [String: AliasDefinition] = [:]
        var filters: [String: AliasDefinition] = [:]

        init(_ files: [ManifestExport.File]) {
            for file in files where file.name == ManifestExport.aliasFile {
                for alias in file.manifest.groups { groups[alias.name] = alias }
                for alias in file.manifest.filters { filters[alias.name] = alias }
            }
        }
    }

    /// The group and filter aliases a configuration's assignments use.
    static func aliases(of spec: ConfigurationSpec) -> (groups: Set<String>, filters: Set<String>) {
        var groups = Set<String>()
        var filters = Set<String>()
        for assignment in spec.assignments {
            if let alias = assignment.target.namedGroup?.alias { groups.insert(alias) }
            if let alias = assignment.filter?.filter.alias { filters.insert(alias) }
        }
        return (groups, filters)
    }

    /// Splits the tenants' exports (at least one) into a baseline and overlays.
    public static func split(_ tenants: [Tenant], exportedAt: String) -> Split {
        guard let first = tenants.first else { return Split(baseline: [], overlays: [], shared: 0) }
        let aliases = tenants.map { Aliases($0.files) }
        /// The same alias, by display name, in every tenant.
        func sameEverywhere(_ name: String, _ table: KeyPath<Aliases, [String: AliasDefinition]>) -> Bool {
            guard let definition = aliases[0][keyPath: table][name], case .name = definition.meaning else {
                return false
            }
            return aliases.allSatisfy { $0[keyPath: table][name]?.meaning == definition.meaning }
        }
        // Each tenant's configurations by kind and display name, once: a fleet of hundreds of tenants compares each
        // configuration with one lookup per tenant, not a walk over every file.
        let byKey = tenants.map { tenant in
            var specs: [String: ConfigurationSpec] = [:]
            for file in tenant.files {
                for spec in file.manifest.configurations where specs[key(spec)] == nil { specs[key(spec)] = spec }
            }
            return specs
        }
        /// A configuration every tenant has, the same way; keyed by kind and display name.
        func isShared(_ spec: ConfigurationSpec) -> Bool {
            // Autopilot devices, a device group and a role assignment's access stay with their tenant: the aliases
            // they use are the tenant's.
            guard case .name = spec.reference, spec.uses.isEmpty, spec.devices == nil, spec.deviceGroup == nil,
                spec.roleAccess == nil
            else {
                return false
            }
            let used = Self.aliases(of: spec)
            guard used.groups.allSatisfy({ sameEverywhere($0, \.groups) }),
                used.filters.allSatisfy({ sameEverywhere($0, \.filters) })
            else { return false }
            return byKey.dropFirst().allSatisfy { specs in
                guard let other = specs[key(spec)] else { return false }
                return other.mode == spec.mode && other.assignments == spec.assignments && other.uses.isEmpty
                    && other.devices == nil && other.deviceGroup == nil && other.roleAccess == nil
            }
        }
        var shared = Set<String>()
        for file in first.files {
            for spec in file.manifest.configurations where isShared(spec) { shared.insert(key(spec)) }
        }
        let baseline = files(first.files, keeping: { shared.contains(key($0)) }, tenant: false, without: Aliases([]))
        let defined = Aliases(baseline)
        let overlays = tenants.map { tenant in
            Tenant(
                name: tenant.name,
                files: files(tenant.files, keeping: { !shared.contains(key($0)) }, tenant: true, without: defined))
        }
        return Split(
            baseline: baseline.map {
                stamped(
                    $0,
                    "The baseline of \(tenants.count) tenants: what all of them have "
                        + "the same way, exported at \(exportedAt).")
            },
            overlays: overlays, shared: shared.count)
    }

    /// A configuration's key across tenants: its kind and display name.
    static func key(_ spec: ConfigurationSpec) -> String { "\(spec.kind.name)\u{0}\(spec.reference)" }

    /// `files` with only the configurations `keeping` keeps, and an aliases file with the aliases those use, less the
    /// ones `without` defines (the baseline's); files left with nothing are dropped. `tenant: false` drops the tenant
    /// id (a baseline has none).
    static func files(
        _ files: [ManifestExport.File], keeping: (ConfigurationSpec) -> Bool, tenant: Bool, without: Aliases
    ) -> [ManifestExport.File] {
        var kept: [ManifestExport.File] = []
        var usedGroups = Set<String>()
        var usedFilters = Set<String>()
        for var file in files where file.name != ManifestExport.aliasFile {
            let indices = file.manifest.configurations.indices.filter { keeping(file.manifest.configurations[$0]) }
            guard !indices.isEmpty else { continue }
            let notes = file.configurationNotes
            file.manifest.configurations = indices.map { file.manifest.configurations[$0] }
            file.configurationNotes = indices.map { $0 < notes.count ? notes[$0] : [] }
            file.manifest.tenant = nil
            for spec in file.manifest.configurations {
                let used = aliases(of: spec)
                usedGroups.formUnion(used.groups)
                usedFilters.formUnion(used.filters)
            }
            kept.append(file)
        }
        guard var aliasFile = files.first(where: { $0.name == ManifestExport.aliasFile }) else { return kept }
        aliasFile.manifest.groups.removeAll { !usedGroups.contains($0.name) || without.groups[$0.name] != nil }
        aliasFile.manifest.filters.removeAll { !usedFilters.contains($0.name) || without.filters[$0.name] != nil }
        let names = Set(aliasFile.manifest.groups.map(\.name) + aliasFile.manifest.filters.map(\.name))
        aliasFile.aliasNotes = aliasFile.aliasNotes.filter { names.contains($0.key) }
        if !tenant { aliasFile.manifest.tenant = nil }
        guard !names.isEmpty || aliasFile.manifest.tenant != nil else { return kept }
        return [aliasFile] + kept
    }

    /// The file with `line` in place of its header's first line.
    static func stamped(_ file: ManifestExport.File, _ line: String) -> ManifestExport.File {
        var file = file
        file.header = [line] + file.header.dropFirst()
        return file
    }
}
