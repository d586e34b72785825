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

    /// The pairs of a mapping whose keys are all in `allowed`, in the order written, or `nil` (with a diagnostic)
    /// for anything else. Unknown and non-string keys are reported and left out (see `keyed`, which this orders).
    mutating func mapping(_ node: Node, _ what: String, allowed: KeyTable) -> [(
        key: String, keyNode: Node, value: Node
    )]? {
        guard let entries = keyed(node, what, allowed: allowed) else { return nil }
        var result: [(key: String, keyNode: Node, value: Node)] = []
        result.reserveCapacity(entries.count)
        let raw = document.nodes[Int(node.index)]
        for member in stride(from: Int(raw.start), to: Int(raw.start + raw.count), by: 2) {
            let key = Node(index: document.members[member])
            for (index, name) in allowed.names.enumerated() where entries[index]?.keyNode == key {
                result.append((name, key, entries[index]!.value))
            }
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
