public import IntuneAssignCore

/// A parsed YAML document: every node in one flat array, scalar text in one byte arena, collection members in
/// one index array. Aliases are resolved (an alias is the index of the anchored node) and `<<` merges applied.
/// A struct of immutable arrays, so that reading a node costs no reference counting.
/// Loading thousands of configurations therefore allocates a handful of arrays, not one object per node.
public struct YAMLDocument: Sendable {
    /// Scalar, sequence or mapping.
    public enum NodeKind: UInt8, Sendable {
        case scalar, sequence, mapping
    }

    /// The scalar's explicit tag, reduced to what the decoder acts on.
    public enum Tag: UInt8, Sendable {
        case none, string, integer, boolean, null, float, mapping, sequence, nonSpecific, other
    }

    /// One node as stored: 20 bytes, positions already 1-based.
    struct RawNode {
        var kind: NodeKind
        /// True for single- or double-quoted and block scalars: never null, boolean or number.
        var quoted: Bool
        var tag: Tag
        var line: Int32
        var column: Int32
        /// Scalars: byte offset into `scalarBytes`; collections: offset into `members`.
        var start: Int32
        /// Scalars: byte count; sequences: item count; mappings: key and value count (twice the pairs).
        var count: Int32
    }

    /// A reference to one node of this document.
    public struct Node: Hashable, Sendable {
        public let index: Int32
    }

    public let file: String
    // Immutable once built (by `DocumentBuilder`), so reading needs no exclusivity checks.
    let nodes: [RawNode]
    let members: [Int32]
    let scalarBytes: [UInt8]
    public let root: Node?
    /// Lines of the source, found lazily for diagnostics.
    let source: SourceText

    init(file: String, source: SourceText, nodes: [RawNode], members: [Int32], scalarBytes: [UInt8], root: Node?) {
        self.file = file
        self.source = source
        self.nodes = nodes
        self.members = members
        self.scalarBytes = scalarBytes
        self.root = root
    }

    public var nodeCount: Int { nodes.count }

    public func kind(_ node: Node) -> NodeKind { nodes[Int(node.index)].kind }
    public func tag(_ node: Node) -> Tag { nodes[Int(node.index)].tag }
    public func isQuoted(_ node: Node) -> Bool { nodes[Int(node.index)].quoted }

    public func location(_ node: Node) -> SourceLocation {
        let raw = nodes[Int(node.index)]
        return SourceLocation(file: file, line: Int(raw.line), column: Int(raw.column))
    }

    /// The text of a scalar (empty for collections).
    public func string(_ node: Node) -> String {
        let raw = nodes[Int(node.index)]
        guard raw.kind == .scalar else { return "" }
        return scalarBytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(raw.start)..<Int(raw.start + raw.count)]), as: UTF8.self)
        }
    }

    /// Calls `body` with the scalar's UTF-8 bytes, without making a String.
    public func withBytes<R>(_ node: Node, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let raw = nodes[Int(node.index)]
        let range = raw.kind == .scalar ? Int(raw.start)..<Int(raw.start + raw.count) : 0..<0
        return scalarBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The items of a sequence (empty for other nodes).
    public func items(_ node: Node) -> [Node] {
        let raw = nodes[Int(node.index)]
        guard raw.kind == .sequence else { return [] }
        return members[Int(raw.start)..<Int(raw.start + raw.count)].map(Node.init(index:))
    }

    /// The key/value pairs of a mapping, in order, merges applied (empty for other nodes).
    public func pairs(_ node: Node) -> [(key: Node, value: Node)] {
        let raw = nodes[Int(node.index)]
        guard raw.kind == .mapping else { return [] }
        var result: [(key: Node, value: Node)] = []
        result.reserveCapacity(Int(raw.count) / 2)
        var index = Int(raw.start)
        let end = Int(raw.start + raw.count)
        while index < end {
            result.append((Node(index: members[index]), Node(index: members[index + 1])))
            index += 2
        }
        return result
    }

    /// The source line a location points into, for diagnostics.
    public func sourceLine(_ line: Int) -> String? { source.line(line) }
}

/// The bytes of a source file, kept for diagnostics: `lines()` indexes them (once per file that has something
/// to report) to show the offending line.
public struct SourceText: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The line index of this text. Line breaks are those libyaml counts: LF, CR LF, CR, NEL, LS and PS.
    public func lines() -> SourceLines { SourceLines(bytes: bytes) }

    public func line(_ number: Int) -> String? { lines().line(number) }
}

/// Where each line of a source text starts.
public struct SourceLines: Sendable {
    let bytes: [UInt8]
    let starts: [Int]

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let length = LineBreak.length(in: bytes, at: index)
            index += max(length, 1)
            if length > 0 { starts.append(index) }
        }
        self.starts = starts
    }

    /// Line `number` (1-based) without its line break, cut at the first invalid UTF-8 byte if there is one.
    /// After a final line break there is one more, empty line: where libyaml reports an unexpected end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= starts.count else { return nil }
        var start = starts[number - 1]
        if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        // The line ends at its line break (there is none inside a line), or where the next line starts.
        let limit = number < starts.count ? starts[number] : bytes.count
        var end = start
        while end < limit, LineBreak.length(in: bytes, at: end) == 0 { end += 1 }
        let slice = Array(bytes[start..<max(start, end)])
        if let valid = String(validating: slice, as: UTF8.self) { return valid }
        var prefix = slice
        while !prefix.isEmpty, String(validating: prefix, as: UTF8.self) == nil { prefix.removeLast() }
        return String(decoding: prefix, as: UTF8.self)
    }

    /// The character at a 1-based line and column, if any.
    func character(line: Int, column: Int) -> Character? {
        guard let text = self.line(line), column >= 1 else { return nil }
        let characters = Array(text.unicodeScalars)
        guard column <= characters.count else { return nil }
        return Character(characters[column - 1])
    }
}
