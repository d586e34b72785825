import IntuneAssignCore

extension AdoptionWriter.Text {
    /// The splice that writes a `deviceGroup:` value in place of the one written, on the key's line: an alias, an id
    /// (with the group's name in a comment, where the line has none) or `none`. A comment after the value stays. A
    /// value that does not end on its own line (a block mapping, a flow mapping over several lines) is refused.
    func scalarValue(_ value: YAMLDocument.Node, _ group: Adoption.NewDeviceGroup) throws(AdoptionWriter.Refusal)
        -> AdoptionWriter.Splice
    {
        let location = document.location(value)
        let from = offset(location)
        let lineEnd = start(location.line) + content(location.line).count
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
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
            } else if byte == UInt8(ascii: "#"), index > from, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 {
                end = index
                break
            }
            index += 1
        }
        guard quote == nil, depth == 0, document.kind(value) == .scalar || firstByte(value) == UInt8(ascii: "{")
        else {
            throw refusal(value, "`deviceGroup` is written over several lines; write it on one line to adopt drift")
        }
        let hasComment = end < lineEnd
        while end > from, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        var text: String
        switch group.group {
        case .alias(let alias)?: text = alias
        case .id(let id)?: text = id.description
        case .name(let name)?: text = "{ name: \(JSONValue.string(name).serialized()) }"
        case nil: text = "none"
        }
        if let note = group.note, !hasComment { text += "  # " + Printable.line(note, limit: 100) }
        return AdoptionWriter.Splice(range: from..<end, bytes: Array(text.utf8))
    }
}
