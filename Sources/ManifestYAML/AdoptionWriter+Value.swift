import IntuneAssignCore

extension AdoptionWriter.Text {
    /// The splice that writes `text` in place of a key's value on the key's line (a scalar, or a flow mapping or list
    /// that ends on that line), with `note` as a comment where the line has none. A comment after the value stays. A
    /// value that does not end on its own line (a block mapping or list, a flow one over several lines) is refused.
    func lineValue(_ value: YAMLDocument.Node, key: String, _ text: String, note: String? = nil)
        throws(AdoptionWriter.Refusal) -> AdoptionWriter.Splice
    {
        let location = document.location(value)
        let from = offset(location)
        let lineEnd = start(location.line) + content(location.line).count
        let flow = firstByte(value) == UInt8(ascii: "{") || firstByte(value) == UInt8(ascii: "[")
        // The value ends where a comment starts (` #` outside quotes) or at the end of the line.
        var end = lineEnd
        var quote: UInt8?
        var depth = 0
        var index = from
        while index < lineEnd {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
            } else if byte == UInt8(ascii: "#"), index > from, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 {
                end = index
                break
            }
            index += 1
        }
        guard quote == nil, depth == 0, document.kind(value) == .scalar || flow else {
            throw refusal(value, "`\(key)` is written over several lines; write it on one line to adopt drift")
        }
        let hasComment = end < lineEnd
        while end > from, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        var written = text
        if let note, !hasComment { written += "  # " + Printable.line(note, limit: 100) }
        return AdoptionWriter.Splice(range: from..<end, bytes: Array(written.utf8))
    }

    /// A group as a manifest names it in a value: an alias, an id or `{ name: "…" }`.
    static func words(_ form: ObjectReference.Form) -> String {
        switch form {
        case .alias(let alias): alias
        case .id(let id): id.description
        case .name(let name): "{ name: \(JSONValue.string(name).serialized()) }"
        }
    }

    /// The splices of a configuration's `deviceGroup:`, `members:`, `scope:` and `scopeTags:` values that an edit
    /// rewrites (the value of `key`, given as `value`).
    func values(key: String, value: YAMLDocument.Node, _ edit: Adoption.Edit) throws(AdoptionWriter.Refusal)
        -> [AdoptionWriter.Splice]
    {
        let list = { (items: [String]) in items.isEmpty ? "[]" : "[ " + items.joined(separator: ", ") + " ]" }
        switch key {
        case "deviceGroup":
            guard let group = edit.deviceGroup else { return [] }
            return [try lineValue(value, key: key, group.group.map(Self.words) ?? "none", note: group.note)]
        case "members":
            guard let access = edit.roleAccess else { return [] }
            return [try lineValue(value, key: key, list(access.members.map(Self.words)))]
        case "scope":
            guard let access = edit.roleAccess else { return [] }
            return [try lineValue(value, key: key, access.scopeWord ?? list(access.scope.map(Self.words)))]
        case "scopeTags":
            guard let tags = edit.roleAccess?.scopeTags else { return [] }
            return [try lineValue(value, key: key, list(tags))]
        default:
            return []
        }
    }

    /// The splice that takes out a key's line (with its comment), for a key whose value ends on that line.
    func removedLine(key: YAMLDocument.Node, value: YAMLDocument.Node) throws(AdoptionWriter.Refusal)
        -> AdoptionWriter.Splice
    {
        let line = document.location(key).line
        guard document.location(value).line == line, document.kind(value) == .scalar else {
            throw refusal(
                value, "`\(document.string(key))` is written over several lines; write it on one line to adopt drift")
        }
        return AdoptionWriter.Splice(range: start(line)..<start(line + 1), bytes: [])
    }
}
