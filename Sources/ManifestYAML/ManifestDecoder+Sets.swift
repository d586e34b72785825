import IntuneAssignCore

/// `assignmentSets:` and the `- use: NAME` entries that stand for a set's assignments.
extension ManifestDecoder {
    /// Whether an assignment entry is a `use:` entry: `nil` when it is not; `.some(nil)` when it is but is wrong
    /// (reported); `.some(name)` for a use of the set `name`.
    mutating func setUse(_ node: Node) -> String?? {
        guard document.kind(node) == .mapping else { return nil }
        // Every assignment entry comes through here: its keys are compared as bytes, with no String or array made.
        var use: (key: Node, value: Node)?
        var other: (key: Node, value: Node)?
        let raw = document.nodes[Int(node.index)]
        for member in stride(from: Int(raw.start), to: Int(raw.start + raw.count), by: 2) {
            let pair = (key: Node(index: document.members[member]), value: Node(index: document.members[member + 1]))
            let isUse =
                document.kind(pair.key) == .scalar && document.withBytes(pair.key) { $0.elementsEqual("use".utf8) }
            if isUse {
                if use == nil { use = pair }
            } else if other == nil {
                other = pair
            }
        }
        guard let use else { return nil }
        if let other {
            let key =
                document.kind(other.key) == .scalar
                ? "`\(Self.abbreviate(document.string(other.key)))`" : describe(other.key)
            error(
                "a `use:` entry stands for a whole set and takes nothing beside it; write \(key) in the set, or as an "
                    + "entry of its own", other.key)
            return .some(nil)
        }
        guard let name = string(use.value, "`use`") else { return .some(nil) }
        guard ManifestKeys.isValidAliasName(name) else {
            error("'\(Self.abbreviate(name))' is not a set name; set names are written like aliases", use.value)
            return .some(nil)
        }
        return .some(name)
    }

    /// The `assignmentSets:` section: set names to lists of assignments, checked for everything a kind does not
    /// decide (the configurations that use a set check the rest).
    mutating func assignmentSets(_ node: Node) -> [AssignmentSetDefinition] {
        guard document.kind(node) == .mapping else {
            error(
                "`assignmentSets` must be a mapping from set name to a list of assignments, not \(describe(node))", node
            )
            return []
        }
        var result: [AssignmentSetDefinition] = []
        for (key, value) in document.pairs(node) {
            guard case .string(let name)? = scalar(key), ManifestKeys.isValidAliasName(name) else {
                error(
                    "a set name in `assignmentSets` uses letters, digits, '.', '_' and '-', starting with a letter or "
                        + "digit; not \(describe(key))", key)
                continue
            }
            var assignments: [AssignmentSpec] = []
            var list = value
            var overrides = false
            if document.kind(value) == .mapping {
                // `{override: true, assignments: [...]}`: a fleet overlay replacing a baseline set.
                guard let entries = keyed(value, "set '\(name)'", allowed: KeyTable.setOverride) else { continue }
                if let flag = entries[0], let parsed = boolean(flag.value, "`override`") { overrides = parsed }
                guard let listed = entries[1] else {
                    error("set '\(name)' has no `assignments`; list the set's assignments under it", value)
                    continue
                }
                list = listed.value
            }
            for item in sequence(list, "set '\(name)'") ?? [] {
                if setUse(item) != nil {
                    error("sets do not use other sets; list the assignments of the other set here instead", item)
                } else {
                    assignment(item, kind: nil, into: &assignments)
                }
            }
            var definition = AssignmentSetDefinition(name: name, assignments: assignments, at: document.location(key))
            definition.overrides = overrides
            result.append(definition)
        }
        return result
    }
}
