import IntuneAssignCore

/// The top level of a manifest: version, tenant, and the `groups:` and `filters:` aliases.
extension ManifestDecoder {
    /// The whole document: its version first (a newer format is refused before anything else), then every section.
    mutating func decodeManifest() -> Manifest? {
        guard let root = document.root, !(document.kind(root) == .scalar && scalarIsNull(root)) else {
            diagnostics.error(
                "the file is empty; a manifest starts with `version: \(Manifest.currentVersion)`",
                at: SourceLocation(file: document.file, line: 1, column: 1))
            return nil
        }
        guard let pairs = mapping(root, "the manifest", allowed: KeyTable.topLevel) else { return nil }
        var manifest = Manifest(file: document.file)
        guard let versionPair = pairs.first(where: { $0.key == "version" }) else {
            error("missing `version`; add `version: \(Manifest.currentVersion)` at the top of the file", root)
            return nil
        }
        guard let version = integer(versionPair.value, "`version`") else { return nil }
        guard version == Manifest.currentVersion else {
            error(
                "manifest version \(version) is not supported; this intune-assign reads version "
                    + "\(Manifest.currentVersion)", versionPair.value)
            return nil
        }
        for (key, _, value) in pairs {
            switch key {
            case "tenant":
                manifest.tenant = guid(value, "`tenant`")
                manifest.tenantMark = SourceMark(document.location(value))
            case "groups":
                manifest.groups = aliases(value, section: "groups")
            case "filters":
                manifest.filters = aliases(value, section: "filters")
            case "assignmentSets":
                manifest.assignmentSets = assignmentSets(value)
            case "skip":
                manifest.skips = (sequence(value, "`skip`") ?? []).compactMap { skip($0) }
            case "configurations":
                let items = sequence(value, "`configurations`") ?? []
                manifest.configurations.reserveCapacity(items.count)
                for item in items {
                    let found: ConfigurationSpec?
                    if let decoded = ahead.entries.removeValue(forKey: item.index) {
                        diagnostics.append(contentsOf: decoded.diagnostics)
                        found = decoded.spec
                    } else {
                        found = configuration(item)
                    }
                    if let found { manifest.configurations.append(found) }
                }
            default:
                break
            }
        }
        return manifest
    }

    /// Whether a node is an empty or null scalar.
    func scalarIsNull(_ node: Node) -> Bool {
        if case .null? = scalar(node) { return true }
        return false
    }

    /// The `groups:` or `filters:` section: alias names to ids or `{ name: ... }`.
    mutating func aliases(_ node: Node, section: String) -> [AliasDefinition] {
        guard document.kind(node) == .mapping else {
            error(
                "`\(section)` must be a mapping from alias to object id or { name: ... }, not \(describe(node))", node)
            return []
        }
        var result: [AliasDefinition] = []
        for (key, value) in document.pairs(node) {
            guard case .string(let name)? = scalar(key) else {
                error("an alias in `\(section)` must be a name, not \(describe(key))", key)
                continue
            }
            if ManifestKeys.looksLikeGUID(name) {
                error("alias '\(name)' looks like an object id; an alias is a short name that stands for one", key)
                continue
            }
            guard ManifestKeys.isValidAliasName(name) else {
                error(
                    "alias '\(Self.abbreviate(name))' is not a valid name; use letters, digits, '.', '_' and '-', "
                        + "starting with a letter or digit", key)
                continue
            }
            let what = "alias '\(name)'"
            let meaning: ObjectReference.Form?
            if document.kind(value) == .mapping {
                meaning = nameForm(value, what)
            } else {
                meaning = guid(value, what).map(ObjectReference.Form.id)
            }
            if let meaning { result.append(AliasDefinition(name: name, meaning: meaning, at: document.location(key))) }
        }
        return result
    }

    /// `{ name: ... }`.
    mutating func nameForm(_ node: Node, _ what: String) -> ObjectReference.Form? {
        guard let pairs = mapping(node, "\(what)'s { name: ... }", allowed: KeyTable.nameReference) else { return nil }
        guard let pair = pairs.first else {
            error("\(what) needs `name:` with the exact display name", node)
            return nil
        }
        return string(pair.value, "the name of \(what)").map(ObjectReference.Form.name)
    }

    /// A group or filter as written at a use: an alias, an object id, or `{ name: ... }`.
    mutating func reference(_ node: Node, _ what: String, aliasSection: String) -> ObjectReference? {
        let location = document.location(node)
        switch document.kind(node) {
        case .mapping:
            return nameForm(node, what).map { ObjectReference($0, at: location) }
        case .scalar where [.none, .string, .nonSpecific].contains(document.tag(node)):
            // The common cases, straight from the bytes: an id, or an alias.
            if let id = document.withBytes(node, { GUID(utf8: $0) }) { return ObjectReference(.id(id), at: location) }
            if document.withBytes(node, ManifestKeys.isValidAliasName) {
                return ObjectReference(.alias(document.string(node)), at: location)
            }
        default:
            break
        }
        guard case .string(let text)? = scalar(node) else {
            error("\(what) must be an alias, an object id or { name: ... }, not \(describe(node))", node)
            return nil
        }
        if ManifestKeys.looksLikeGUID(text) {
            error(
                "\(what) '\(Self.abbreviate(text))' is not a well-formed GUID; object ids have the form "
                    + "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", node)
            return nil
        }
        error(
            "'\(Self.abbreviate(text))' is neither an alias from `\(aliasSection):` nor an object id; to match "
                + "a display name write { name: \(text) }", node)
        return nil
    }
}
