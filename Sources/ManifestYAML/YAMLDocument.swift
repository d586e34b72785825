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
        /// The node's index in the document.
        public let index: Int32
    }

    /// The file's path as the user wrote it.
    public let file: String
    // Immutable once built (by `DocumentBuilder`), so reading needs no exclusivity checks.
    let nodes: [RawNode]
    let members: [Int32]
    let scalarBytes: [UInt8]
    /// The document's root node (`nil` for an empty document).
    public let root: Node?
    /// Lines of the source, found lazily for diagnostics.
    let source: SourceText

    /// A document from the builder's parts.
    init(file: String, source: SourceText, nodes: [RawNode], members: [Int32], scalarBytes: [UInt8], root: Node?) {
        self.file = file
        self.source = source
        self.nodes = nodes
        self.members = members
        self.scalarBytes = scalarBytes
        self.root = root
    }

    /// How many nodes the document has.
    public var nodeCount: Int { nodes.count }

    /// Whether a node is a scalar, a sequence or a mapping.
    public func kind(_ node: Node) -> NodeKind { nodes[Int(node.index)].kind }
    /// A node's tag.
    public func tag(_ node: Node) -> Tag { nodes[Int(node.index)].tag }
    /// Whether a scalar was written in quotes.
    public func isQuoted(_ node: Node) -> Bool { nodes[Int(node.index)].quoted }

    /// Where a node starts.
    public func location(_ node: Node) -> SourceLocation {
        let raw = nodes[Int(node.index)]
        return SourceLocation(file: file, line: Int(raw.line), column: Int(raw.column))
    }

    /// The text of a scalar (empty for collections).
    public func string(_ node: Node) -> String {
        let raw = nodes[Int(node.index)]
        guard raw.kind == .scalar else { return "" }
        return scalarBytes.withUnsafeBufferPointer {
            String(
                decoding: UnsafeBufferPointer(rebasing: $0[Int(raw.start)..<Int(raw.start + raw.count)]), as: UTF8.self)
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
