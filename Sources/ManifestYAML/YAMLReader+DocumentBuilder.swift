internal import CYAML
import IntuneAssignCore

/// Turns libyaml's event stream into a `YAMLDocument`.
struct DocumentBuilder {
    /// A collection whose end event has not come yet.
    struct Open {
        var node: Int32
        var memberStart: Int
        var anchor: String?
        var size: Int
    }

    /// The document under construction: plain arrays owned by this struct, handed to `YAMLDocument` at the end.
    struct Parts {
        let file: String
        let source: SourceText
        var nodes: [YAMLDocument.RawNode] = []
        var members: [Int32] = []
        var scalarBytes: [UInt8] = []
        var root: YAMLDocument.Node?

        /// Where a node starts.
        func location(_ node: YAMLDocument.Node) -> SourceLocation {
            let raw = nodes[Int(node.index)]
            return SourceLocation(file: file, line: Int(raw.line), column: Int(raw.column))
        }
    }

    var document: Parts
    var diagnostics: [Diagnostic] = []
    private var pending: [Int32] = []
    private var open: [Open] = []
    /// Anchored nodes with the number of nodes each expands to (aliases count in full).
    private var anchors: [String: (node: Int32, size: Int)] = [:]
    private var documents = 0

    /// A builder for one file.
    init(file: String, source: SourceText) { document = Parts(file: file, source: source) }

    /// The document built.
    func finished() -> YAMLDocument {
        YAMLDocument(
            file: document.file, source: document.source, nodes: document.nodes, members: document.members,
            scalarBytes: document.scalarBytes, root: document.root)
    }

    /// libyaml's marks are 0-based; ours are 1-based. This is the only place that converts.
    private func position(_ mark: yaml_mark_t) -> (line: Int32, column: Int32) {
        (Int32(clamping: mark.line + 1), Int32(clamping: mark.column + 1))
    }

    /// A libyaml mark as a 1-based location (libyaml counts from 0).
    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        let (line, column) = position(mark)
        return SourceLocation(file: document.file, line: Int(line), column: Int(column))
    }

    /// Where a node starts, as a location.
    private func location(ofNode index: Int32) -> SourceLocation {
        document.location(YAMLDocument.Node(index: index))
    }

    /// Parses the input event by event until the end, an error or a limit.
    mutating func run(_ input: UnsafeBufferPointer<UInt8>, bomLength: Int) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(.error("libyaml could not start (out of memory)", at: nil))
            return
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, input.baseAddress, input.count)
        // Rough sizes from the input, so the arrays grow once or twice rather than twenty times.
        document.nodes.reserveCapacity(input.count / 8)
        document.members.reserveCapacity(input.count / 8)
        document.scalarBytes.reserveCapacity(input.count / 2)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportParserError(parser, bomLength: bomLength)
                return
            }
            let keepGoing = handle(event)
            yaml_event_delete(&event)
            if !keepGoing { return }
        }
    }

    /// Reports libyaml's error at its position (a byte offset for encoding errors, else its mark).
    private mutating func reportParserError(_ parser: yaml_parser_t, bomLength: Int) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        var problemLocation: SourceLocation
        if parser.error == YAML_READER_ERROR {
            problemLocation = document.source.location(ofByte: parser.problem_offset + bomLength, file: document.file)
        } else {
            problemLocation = location(parser.problem_mark)
        }
        var message = problem
        if let character = document.source.lines().character(
            line: problemLocation.line, column: problemLocation.column),
            character == "\t"
        {
            message = "a tab is used for indentation here; YAML indents with spaces only"
        } else if problem == "found a tab character that violates indentation" {
            message = "a tab is used for indentation; YAML indents with spaces only"
        } else if let context = parser.context.map({ String(cString: $0) }) {
            let contextLocation = location(parser.context_mark)
            message += " (\(context) that starts at line \(contextLocation.line), column \(contextLocation.column))"
        }
        if parser.error == YAML_READER_ERROR, parser.problem_value != -1 {
            message += " (character U+\(String(parser.problem_value, radix: 16, uppercase: true)))"
        }
        diagnostics.append(.error("YAML syntax: \(message)", at: problemLocation))
    }

    /// A node's tag: none, or one of the core schema's.
    private func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> YAMLDocument.Tag {
        guard let pointer else { return .none }
        switch String(cString: pointer) {
        case "tag:yaml.org,2002:str": return .string
        case "tag:yaml.org,2002:int": return .integer
        case "tag:yaml.org,2002:bool": return .boolean
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:float": return .float
        case "tag:yaml.org,2002:map": return .mapping
        case "tag:yaml.org,2002:seq": return .sequence
        case "!": return .nonSpecific
        default: return .other
        }
    }

    /// An anchor's name.
    private static func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// Handles one event; false stops the parse.
    private mutating func handle(_ event: yaml_event_t) -> Bool {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(
                    .error(
                        "a second YAML document starts here; a manifest file holds one document, so move it to a file "
                            + "of its own", at: location(event.start_mark)))
                return false
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let (line, column) = position(event.start_mark)
            let start = Int32(document.scalarBytes.count)
            if let value = scalar.value, scalar.length > 0 {
                document.scalarBytes.append(contentsOf: UnsafeBufferPointer(start: value, count: scalar.length))
            }
            let index = Int32(document.nodes.count)
            document.nodes.append(
                YAMLDocument.RawNode(
                    kind: .scalar, quoted: scalar.style != YAML_PLAIN_SCALAR_STYLE, tag: tag(scalar.tag), line: line,
                    column: column, start: start, count: Int32(scalar.length)))
            return finish(index, size: 1, anchor: Self.anchorName(scalar.anchor))
        case YAML_SEQUENCE_START_EVENT:
            return begin(
                .sequence, event.start_mark, tag(event.data.sequence_start.tag),
                Self.anchorName(event.data.sequence_start.anchor))
        case YAML_MAPPING_START_EVENT:
            return begin(
                .mapping, event.start_mark, tag(event.data.mapping_start.tag),
                Self.anchorName(event.data.mapping_start.anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return end()
        case YAML_ALIAS_EVENT:
            let name = Self.anchorName(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                diagnostics.append(
                    .error(
                        "alias *\(name) refers to no anchor defined before it; define &\(name) first",
                        at: location(event.start_mark)))
                return true
            }
            return add(target.node, size: target.size, at: event.start_mark)
        case YAML_STREAM_END_EVENT:
            return false
        default:
            break
        }
        return true
    }

    /// Opens a sequence or mapping; refuses nesting past the limit.
    private mutating func begin(
        _ kind: YAMLDocument.NodeKind, _ mark: yaml_mark_t, _ tag: YAMLDocument.Tag, _ anchor: String?
    ) -> Bool {
        guard open.count < YAMLReader.maximumDepth else {
            diagnostics.append(
                .error(
                    "nesting goes deeper than \(YAMLReader.maximumDepth) levels; a manifest never needs this",
                    at: location(mark)))
            return false
        }
        let (line, column) = position(mark)
        let index = Int32(document.nodes.count)
        document.nodes.append(
            YAMLDocument.RawNode(
                kind: kind, quoted: false, tag: tag, line: line, column: column, start: 0, count: 0))
        open.append(Open(node: index, memberStart: pending.count, anchor: anchor, size: 1))
        return true
    }

    /// Closes the innermost collection.
    private mutating func end() -> Bool {
        guard let collection = open.popLast() else { return true }
        let node = Int(collection.node)
        let start = document.members.count
        if document.nodes[node].kind == .mapping {
            appendCheckedMapping(from: collection.memberStart)
        } else {
            document.members.append(contentsOf: pending[collection.memberStart...])
        }
        pending.removeLast(pending.count - collection.memberStart)
        document.nodes[node].start = Int32(start)
        document.nodes[node].count = Int32(document.members.count - start)
        return finish(collection.node, size: collection.size, anchor: collection.anchor)
    }

    /// A finished node: remember its anchor and hand it to its parent (or make it the root).
    private mutating func finish(_ index: Int32, size: Int, anchor: String?) -> Bool {
        if let anchor { anchors[anchor] = (index, size) }
        return add(index, size: size, at: nil)
    }

    /// Hands a finished node to its parent (or makes it the root), counting what aliases expand to.
    private mutating func add(_ index: Int32, size: Int, at aliasMark: yaml_mark_t?) -> Bool {
        guard !open.isEmpty else {
            document.root = YAMLDocument.Node(index: index)
            return true
        }
        pending.append(index)
        open[open.count - 1].size += size
        if open[open.count - 1].size > YAMLReader.maximumExpandedNodes {
            diagnostics.append(
                .error(
                    "aliases expand this document past \(YAMLReader.maximumExpandedNodes) nodes; a manifest never "
                        + "needs this", at: aliasMark.map(location) ?? location(ofNode: index)))
            return false
        }
        return true
    }

    /// Whether a node is the merge key `<<`.
    private func isMergeKey(_ index: Int32) -> Bool {
        let raw = document.nodes[Int(index)]
        guard raw.kind == .scalar, !raw.quoted, raw.tag == .none, raw.count == 2 else { return false }
        return document.scalarBytes[Int(raw.start)] == UInt8(ascii: "<")
            && document.scalarBytes[Int(raw.start) + 1] == UInt8(ascii: "<")
    }

    /// Whether two nodes are scalars with the same text.
    private func sameScalar(_ a: Int32, _ b: Int32) -> Bool {
        let x = document.nodes[Int(a)]
        let y = document.nodes[Int(b)]
        guard x.kind == .scalar, y.kind == .scalar, x.count == y.count else { return false }
        return document.scalarBytes.withUnsafeBufferPointer { bytes in
            var i = Int(x.start)
            var j = Int(y.start)
            let end = i + Int(x.count)
            while i < end {
                if bytes[i] != bytes[j] { return false }
                i += 1
                j += 1
            }
            return true
        }
    }

    /// A scalar's bytes; `nil` for a collection.
    private func scalarBytes(_ index: Int32) -> ArraySlice<UInt8>? {
        let raw = document.nodes[Int(index)]
        guard raw.kind == .scalar else { return nil }
        return document.scalarBytes[Int(raw.start)..<Int(raw.start + raw.count)]
    }

    /// Appends a finished mapping's pairs (in `pending` from `memberStart`) to the document's members,
    /// rejecting duplicate keys (pointing at the second, naming the first) and applying `<<` merges:
    /// explicit keys win over merged ones, and earlier merge sources over later ones.
    private mutating func appendCheckedMapping(from memberStart: Int) {
        let start = document.members.count
        let pairCount = (pending.count - memberStart) / 2
        // Small mappings (nearly all) compare keys pairwise; large ones index them.
        var index: [ArraySlice<UInt8>: Int32]? = pairCount > 16 ? [:] : nil
        var merges: [Int32] = []
        /// The key already in the mapping that equals `key`, if any.
        func existing(_ key: Int32, in builder: DocumentBuilder) -> Int32? {
            if let index { return builder.scalarBytes(key).flatMap { index[$0] } }
            var member = start
            while member < builder.document.members.count {
                let other = builder.document.members[member]
                if builder.sameScalar(other, key) { return other }
                member += 2
            }
            return nil
        }
        var position = memberStart
        while position + 1 < pending.count {
            let key = pending[position]
            let value = pending[position + 1]
            position += 2
            if isMergeKey(key) {
                merges.append(value)
                continue
            }
            if let first = existing(key, in: self) {
                let text = String(decoding: scalarBytes(key) ?? [], as: UTF8.self)
                let firstLocation = location(ofNode: first)
                diagnostics.append(
                    .error(
                        "duplicate key '\(text)' (first at \(firstLocation)); a key may appear once in a mapping",
                        at: location(ofNode: key), notes: [.note("first used here", at: firstLocation)]))
                continue
            }
            if index != nil, let bytes = scalarBytes(key) { index![bytes] = key }
            document.members.append(key)
            document.members.append(value)
        }
        guard !merges.isEmpty else { return }
        // Merged keys are checked against an index of the keys so far, never by a scan per key: one large mapping
        // merged into many others would otherwise cost its size squared each time (a 789 KB manifest ran past 30 s).
        var keys = index ?? [:]
        if index == nil {
            for member in stride(from: start, to: document.members.count, by: 2) {
                if let bytes = scalarBytes(document.members[member]) { keys[bytes] = document.members[member] }
            }
        }
        for source in mergeSources(merges) {
            let raw = document.nodes[Int(source)]
            var member = Int(raw.start)
            while member + 1 < Int(raw.start + raw.count) {
                let key = document.members[member]
                let value = document.members[member + 1]
                member += 2
                if let bytes = scalarBytes(key) {
                    // Explicit keys, and earlier merge sources, win.
                    guard keys[bytes] == nil else { continue }
                    keys[bytes] = key
                }
                document.members.append(key)
                document.members.append(value)
            }
        }
    }

    /// The mappings that `<<` values name, in order; anything else is reported.
    private mutating func mergeSources(_ merges: [Int32]) -> [Int32] {
        var sources: [Int32] = []
        for merge in merges {
            let raw = document.nodes[Int(merge)]
            switch raw.kind {
            case .mapping:
                sources.append(merge)
            case .sequence:
                for item in document.members[Int(raw.start)..<Int(raw.start + raw.count)] {
                    if document.nodes[Int(item)].kind == .mapping {
                        sources.append(item)
                    } else {
                        diagnostics.append(
                            .error("a `<<` merge list may hold only mappings", at: location(ofNode: item)))
                    }
                }
            case .scalar:
                diagnostics.append(
                    .error(
                        "`<<` merges a mapping (or a list of mappings) into this one, not a scalar",
                        at: location(ofNode: merge)))
            }
        }
        return sources
    }
}
