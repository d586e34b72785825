import IntuneAssignCore

/// Typed readers: a string, integer, boolean, GUID, mapping or sequence where one is expected, or an error there.
extension ManifestDecoder {
    /// Reports an error at a node.
    mutating func error(_ message: String, _ node: Node, notes: [Diagnostic] = []) {
        diagnostics.error(message, at: document.location(node), notes: notes)
    }

    /// A non-blank string, or an error saying what `what` must be.
    mutating func string(_ node: Node, _ what: String) -> String? {
        if case .string(let value)? = scalar(node) {
            if Self.isBlank(value) {
                error("\(what) is empty", node)
                return nil
            }
            return value
        }
        var message = "\(what) must be a string, not \(describe(node))"
        if document.kind(node) == .scalar { message += "; put it in quotes if that is the text you mean" }
        error(message, node)
        return nil
    }

    /// An integer, or an error.
    mutating func integer(_ node: Node, _ what: String) -> Int? {
        if case .int(let value)? = scalar(node) { return value }
        error("\(what) must be an integer, not \(describe(node))", node)
        return nil
    }

    /// A boolean, or an error.
    mutating func boolean(_ node: Node, _ what: String) -> Bool? {
        if case .bool(let value)? = scalar(node) { return value }
        error("\(what) must be true or false, not \(describe(node))", node)
        return nil
    }

    /// A GUID, or an error that says what is wrong with it.
    mutating func guid(_ node: Node, _ what: String) -> GUID? {
        if document.kind(node) == .scalar, [.none, .string, .nonSpecific].contains(document.tag(node)),
            let id = document.withBytes(node, { GUID(utf8: $0) })
        {
            return id
        }
        guard case .string(let text)? = scalar(node) else {
            error(
                "\(what) must be an object id (a GUID such as 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01), not "
                    + describe(node), node)
            return nil
        }
        error(
            "\(what) '\(Self.abbreviate(text))' is not a GUID; object ids have the form "
                + "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (ids go into Graph URLs, so nothing else is accepted)", node)
        return nil
    }

    /// The pairs of a mapping whose keys are all in `allowed`, or `nil` (with a diagnostic) for anything else.
    /// Unknown and non-string keys are reported and left out.
    mutating func mapping(_ node: Node, _ what: String, allowed: KeyTable) -> [(
        key: String, keyNode: Node, value: Node
    )]? {
        guard document.kind(node) == .mapping else {
            error("\(what) must be a mapping, not \(describe(node))", node)
            return nil
        }
        let raw = document.nodes[Int(node.index)]
        var result: [(key: String, keyNode: Node, value: Node)] = []
        result.reserveCapacity(Int(raw.count) / 2)
        var member = Int(raw.start)
        let end = member + Int(raw.count)
        while member < end {
            let key = Node(index: document.members[member])
            let value = Node(index: document.members[member + 1])
            member += 2
            // Match the key's bytes against the table: no String is made for a known key.
            if document.kind(key) == .scalar, document.tag(key) == .none || document.tag(key) == .string,
                let known = document.withBytes(key, allowed.index(of:))
            {
                result.append((allowed.names[known], key, value))
                continue
            }
            guard case .string(let name)? = scalar(key) else {
                error("a key in \(what) must be a string, not \(describe(key))", key)
                continue
            }
            unknownKey(name, key, in: what, allowed: allowed.names)
        }
        return result
    }

    /// Reports an unknown key, suggesting the likely one or listing the allowed ones.
    mutating func unknownKey(_ name: String, _ node: Node, in what: String, allowed: [String]) {
        var message = "unknown key '\(Self.abbreviate(name))' in \(what)"
        if let best = Suggestions.best(for: name, among: allowed) {
            message += "; did you mean '\(best)'?"
        } else {
            message += "; expected one of: " + allowed.joined(separator: ", ")
        }
        error(message, node)
    }

    /// A sequence's items, or an error.
    mutating func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard document.kind(node) == .sequence else {
            var message = "\(what) must be a list, not \(describe(node))"
            if document.kind(node) == .scalar, case .null? = scalar(node) { message += "; write [] for an empty list" }
            error(message, node)
            return nil
        }
        return document.items(node)
    }
}
