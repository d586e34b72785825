import IntuneAssignCore

/// A mapping's entries by key, for the keys of one `KeyTable`: each key's node and value node, found without
/// making a String or an array. Keys are unique in a mapping (the reader refuses duplicates), so one slot per key
/// holds all there is.
///
/// The decoder reads every assignment of every manifest through this; the array of pairs it replaced cost one
/// allocation per mapping, a fifth of the decode time of a 10,000-configuration manifest.
struct KeyedMapping {
    /// A key's node and its value's node.
    typealias Entry = (keyNode: YAMLDocument.Node, value: YAMLDocument.Node)

    /// Tables hold at most this many keys (`KeyTable.init` checks it).
    static let capacity = 16

    /// Node indices of key and value per table index; -1 where the key is absent.
    private var slots = InlineArray<16, (Int32, Int32)>(repeating: (-1, -1))
    /// How many keys are present.
    private(set) var count = 0

    /// The entry of the key at `index` of the table.
    subscript(_ index: Int) -> Entry? {
        get {
            let (key, value) = slots[index]
            return key < 0 ? nil : (YAMLDocument.Node(index: key), YAMLDocument.Node(index: value))
        }
        set {
            if newValue == nil, slots[index].0 >= 0 { count -= 1 }
            if newValue != nil, slots[index].0 < 0 { count += 1 }
            slots[index] = newValue.map { ($0.keyNode.index, $0.value.index) } ?? (-1, -1)
        }
    }

    /// The entry of a key, by name (the name must be in the table).
    subscript(_ key: String, in table: KeyTable) -> Entry? {
        guard let index = table.names.firstIndex(of: key) else { return nil }
        return self[index]
    }
}

extension ManifestDecoder {
    /// The known keys of a mapping, by table index, or `nil` (with a diagnostic) for anything but a mapping.
    /// Unknown and non-string keys are reported and left out.
    mutating func keyed(_ node: Node, _ what: @autoclosure () -> String, allowed: KeyTable) -> KeyedMapping? {
        guard document.kind(node) == .mapping else {
            error("\(what()) must be a mapping, not \(describe(node))", node)
            return nil
        }
        var result = KeyedMapping()
        let raw = document.nodes[Int(node.index)]
        var member = Int(raw.start)
        let end = member + Int(raw.count)
        while member < end {
            let key = Node(index: document.members[member])
            let value = Node(index: document.members[member + 1])
            member += 2
            // Match the key's bytes against the table: no String is made for a known key.
            if document.kind(key) == .scalar, document.tag(key) == .none || document.tag(key) == .string,
                let known = document.withBytes(key, { allowed.index(of: $0) })
            {
                result[known] = (key, value)
                continue
            }
            guard case .string(let name)? = scalar(key) else {
                error("a key in \(what()) must be a string, not \(describe(key))", key)
                continue
            }
            unknownKey(name, key, in: what(), allowed: allowed.names)
        }
        return result
    }
}
