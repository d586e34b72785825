public import IntuneAssignCore

/// The fleet file's keys, in one place (the decoder checks against them).
enum FleetKeys {
    static let topLevel = KeyTable(["version", "baseline", "tenants", "groups", "waves"])
    static let tenant = KeyTable(["name", "tenant", "cloud", "overlays", "variables", "tags", "signIn"])
    static let group = KeyTable(["tenants", "tags"])
    static let wave = KeyTable(["name", "tenants", "groups"])
    static let signIn = KeyTable(["clientId"])
}

/// Reads a fleet file (DESIGN §9) and checks what it can tell of itself.
public enum FleetLoader {
    /// The fleet (`nil` when it could not be made sense of) and every diagnostic, in file, line and column order,
    /// each with its source line.
    public static func load(_ source: ManifestSource) -> (fleet: Fleet?, diagnostics: [Diagnostic]) {
        let (document, readDiagnostics) = YAMLReader.read(file: source.path, bytes: source.bytes)
        guard let document else { return (nil, readDiagnostics) }
        var decoder = ManifestDecoder(document: document)
        let fleet = decoder.decodeFleet()
        var all = Diagnostics()
        all.append(
            contentsOf: attachingSourceLines(
                decoder.diagnostics.all + (fleet?.problems() ?? []), [source.path: document.source]))
        return (all.hasErrors ? nil : fleet, all.sorted)
    }
}

extension ManifestDecoder {
    /// The fleet file: its version first, then every section.
    mutating func decodeFleet() -> Fleet? {
        guard let root = document.root, !(document.kind(root) == .scalar && scalarIsNull(root)) else {
            diagnostics.error(
                "the fleet file is empty; it starts with `version: \(Fleet.currentVersion)`",
                at: SourceLocation(file: document.file, line: 1, column: 1))
            return nil
        }
        guard let entries = keyed(root, "the fleet file", allowed: FleetKeys.topLevel) else { return nil }
        guard let version = entries[0] else {
            error("missing `version`; add `version: \(Fleet.currentVersion)` at the top of the fleet file", root)
            return nil
        }
        guard let number = integer(version.value, "`version`") else { return nil }
        guard number == Fleet.currentVersion else {
            error(
                "fleet version \(number) is not supported; this intune-assign reads version \(Fleet.currentVersion)",
                version.value)
            return nil
        }
        var fleet = Fleet(file: document.file)
        if let baseline = entries[1] { fleet.baseline = strings(baseline.value, "`baseline`") }
        guard let tenants = entries[2] else {
            error("missing `tenants`; list the fleet's tenants, each with a `name` and its `tenant` id or domain", root)
            return nil
        }
        for item in sequence(tenants.value, "`tenants`") ?? [] {
            if let tenant = fleetTenant(item) { fleet.tenants.append(tenant) }
        }
        if let groups = entries[3] { fleet.groups = tenantGroups(groups.value) }
        if let waves = entries[4] {
            for item in sequence(waves.value, "`waves`") ?? [] {
                if let wave = wave(item) { fleet.waves.append(wave) }
            }
        }
        return fleet
    }

    /// One entry of `tenants:`.
    mutating func fleetTenant(_ node: Node) -> FleetTenant? {
        guard let entries = keyed(node, "a tenant", allowed: FleetKeys.tenant) else { return nil }
        guard let nameEntry = entries[0], let name = name(nameEntry.value, "a tenant's `name`") else {
            if entries[0] == nil {
                error("this tenant has no `name`; give it a short name for reports and waves", node)
            }
            return nil
        }
        guard let identityEntry = entries[1] else {
            error("tenant '\(name)' has no `tenant`; give its tenant id or one of its verified domains", node)
            return nil
        }
        // Every key is read even when the identity is wrong, so that one run reports every problem of the entry.
        let identity = identity(identityEntry.value)
        var tenant = FleetTenant(name: name, identity: identity ?? .domain(""), at: document.location(node))
        if let cloud = entries[2] {
            if let text = string(cloud.value, "`cloud`"), Fleet.clouds.contains(text) {
                tenant.cloud = text
            } else {
                error("`cloud` is one of: \(Fleet.clouds.joined(separator: ", "))", cloud.value)
            }
        }
        if let overlays = entries[3] { tenant.overlays = strings(overlays.value, "`overlays`") }
        if let variables = entries[4] { tenant.variables = self.variables(variables.value) }
        if let tags = entries[5] { tenant.tags = names(tags.value, "`tags`") }
        if let signIn = entries[6], let inner = keyed(signIn.value, "`signIn`", allowed: FleetKeys.signIn) {
            if let client = inner[0] { tenant.signInClientID = guid(client.value, "`clientId`") }
        }
        // Kept even when a field is wrong (those are reported, and the fleet is refused): groups and waves that name
        // it are then checked as written, and do not fail in turn.
        return tenant
    }

    /// A tenant id, or a domain such as `contoso.onmicrosoft.com`.
    mutating func identity(_ node: Node) -> FleetTenant.Identity? {
        if let id = document.withBytes(node, { GUID(utf8: $0) }), document.kind(node) == .scalar {
            return .id(id)
        }
        guard let text = string(node, "`tenant`") else { return nil }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let isDomain =
            labels.count >= 2
            && labels.allSatisfy { label in
                !label.isEmpty && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
        guard isDomain else {
            error(
                "'\(Self.abbreviate(text))' is neither a tenant id (a GUID) nor a domain such as "
                    + "contoso.onmicrosoft.com", node)
            return nil
        }
        return .domain(text)
    }

    /// `groups:`: group names to `{ tenants: [...], tags: [...] }`.
    mutating func tenantGroups(_ node: Node) -> [TenantGroup] {
        guard document.kind(node) == .mapping else {
            error(
                "`groups` must be a mapping from group name to { tenants: [...], tags: [...] }, not \(describe(node))",
                node)
            return []
        }
        var result: [TenantGroup] = []
        for (key, value) in document.pairs(node) {
            guard let name = name(key, "a group name"),
                let entries = keyed(value, "group '\(name)'", allowed: FleetKeys.group)
            else { continue }
            var group = TenantGroup(name: name, at: document.location(key))
            if let tenants = entries[0] { group.tenants = selectors(tenants.value, "`tenants`", group: false) }
            if let tags = entries[1] { group.tags = names(tags.value, "`tags`") }
            if entries.count == 0 { error("group '\(name)' selects nothing; give `tenants:` or `tags:`", key) }
            result.append(group)
        }
        return result
    }

    /// One entry of `waves:`.
    mutating func wave(_ node: Node) -> Wave? {
        guard let entries = keyed(node, "a wave", allowed: FleetKeys.wave) else { return nil }
        guard let nameEntry = entries[0], let name = name(nameEntry.value, "a wave's `name`") else {
            if entries[0] == nil { error("this wave has no `name`; `apply --wave NAME` picks it by name", node) }
            return nil
        }
        var selectors: [TenantSelector] = []
        if let tenants = entries[1] { selectors += self.selectors(tenants.value, "`tenants`", group: false) }
        if let groups = entries[2] { selectors += self.selectors(groups.value, "`groups`", group: true) }
        if entries[1] == nil, entries[2] == nil {
            error("wave '\(name)' selects nothing; give `tenants:` or `groups:`", node)
            return nil
        }
        return Wave(name: name, selectors: selectors, at: document.location(node))
    }

    /// A list of tenant (or group) names, each where it is written.
    mutating func selectors(_ node: Node, _ what: String, group: Bool) -> [TenantSelector] {
        var result: [TenantSelector] = []
        for item in sequence(node, what) ?? [] {
            guard let name = name(item, "a name in \(what)") else { continue }
            result.append(TenantSelector(group ? "@" + name : name, at: document.location(item))!)
        }
        return result
    }

    /// `variables:`: names to string values, in the order written.
    mutating func variables(_ node: Node) -> [FleetTenant.Variable] {
        guard document.kind(node) == .mapping else {
            error("`variables` must be a mapping from name to text, not \(describe(node))", node)
            return []
        }
        var result: [FleetTenant.Variable] = []
        for (key, value) in document.pairs(node) {
            guard let name = name(key, "a variable name"), let text = string(value, "variable '\(name)'") else {
                continue
            }
            result.append(FleetTenant.Variable(name, text))
        }
        return result
    }

    /// A list of names (tags).
    mutating func names(_ node: Node, _ what: String) -> [String] {
        (sequence(node, what) ?? []).compactMap { name($0, "a name in \(what)") }
    }

    /// A list of non-empty strings (paths).
    mutating func strings(_ node: Node, _ what: String) -> [String] {
        (sequence(node, what) ?? []).compactMap { string($0, "a path in \(what)") }
    }

    /// A name written like an alias: letters, digits, '.', '_' and '-', starting with a letter or digit.
    mutating func name(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard ManifestKeys.isValidAliasName(text) else {
            error(
                "\(what) '\(Self.abbreviate(text))' is not a valid name; use letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit", node)
            return nil
        }
        return text
    }
}
