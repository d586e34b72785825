internal import CYAML
public import IntuneAssignCore

/// The one door to libyaml's parser: bytes in, a `YAMLDocument` (or diagnostics) out.
///
/// Accepts a UTF-8 BOM and any of libyaml's line breaks; rejects input that is not UTF-8, a second document,
/// duplicate keys, undefined aliases, runaway alias expansion and absurd nesting, each with a location.
public enum YAMLReader {
    /// Deeper than this and the input is not a manifest; stopping here keeps every later walk shallow.
    public static let maximumDepth = 64
    /// Nodes a document may expand to through aliases (a "billion laughs" guard).
    public static let maximumExpandedNodes = 4_000_000

    /// Larger than this and the input is not a manifest (node offsets are 32-bit).
    public static let maximumBytes = 1 << 30

    public static func read(file: String, bytes: [UInt8]) -> (document: YAMLDocument?, diagnostics: [Diagnostic]) {
        guard bytes.count <= maximumBytes else {
            return (nil, [.error("the file is larger than 1 GiB; a manifest never is", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let source = SourceText(bytes: bytes)
        if let bad = firstInvalidUTF8(bytes) {
            let location = source.location(ofByte: bad, file: file)
            var diagnostic = Diagnostic.error(
                "the file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset "
                    + "\(bad)); save it as UTF-8", at: location)
            diagnostic.sourceLine = source.line(location.line)
            return (nil, [diagnostic])
        }
        let bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var builder = DocumentBuilder(file: file, source: source)
        bytes.withUnsafeBufferPointer { buffer in
            let body = UnsafeBufferPointer(rebasing: buffer[bomLength...])
            builder.run(body, bomLength: bomLength)
        }
        let diagnostics = attachingSourceLines(builder.diagnostics, [file: source])
        let failed = diagnostics.contains { $0.severity == .error }
        return (failed ? nil : builder.finished(), diagnostics)
    }

    /// Counts libyaml's events for `bytes` and does nothing else: the floor that the benchmark compares with.
    public static func scanEvents(_ bytes: [UInt8]) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return -1 }
        defer { yaml_parser_delete(&parser) }
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                count += 1
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if done { break }
            }
        }
        return count
    }

    /// The offset of the first byte that breaks UTF-8 (overlong forms, surrogates and values past U+10FFFF too).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer(firstInvalidUTF8)
    }

    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return nil }
        while index < count {
            // Eight ASCII bytes at a time: manifests are nearly all ASCII.
            while index + 8 <= count, base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            for offset in 1..<length {
                // A broken sequence is reported at its first byte, where the bad character starts.
                guard index + offset < count else { return index }
                let byte = bytes[index + offset]
                let (low, high) = offset == 1 ? (lower, upper) : (0x80, 0xBF)
                guard byte >= low, byte <= high else { return index }
            }
            index += length
        }
        return nil
    }
}

extension SourceText {
    /// The line and column (in characters, 1-based) of a byte offset, counting breaks as libyaml does.
    func location(ofByte offset: Int, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < min(offset, bytes.count) {
            let length = LineBreak.length(in: bytes, at: index)
            if length > 0 {
                line += 1
                column = 1
                index += length
                continue
            }
            // Columns count characters: continuation bytes belong to the character before them.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// Fills in the source line of every diagnostic and note that points into one of `texts` (indexing the lines
/// of each file once, and only if something points into it).
func attachingSourceLines(_ diagnostics: [Diagnostic], _ texts: [String: SourceText]) -> [Diagnostic] {
    var lines: [String: SourceLines] = [:]
    func attach(_ diagnostic: Diagnostic) -> Diagnostic {
        var result = diagnostic
        if result.sourceLine == nil, let location = result.location, let text = texts[location.file] {
            if lines[location.file] == nil { lines[location.file] = text.lines() }
            result.sourceLine = lines[location.file]?.line(location.line)
        }
        result.notes = result.notes.map(attach)
        return result
    }
    return diagnostics.map(attach)
}

/// Turns libyaml's event stream into a `YAMLDocument`.
private struct DocumentBuilder {
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

    init(file: String, source: SourceText) { document = Parts(file: file, source: source) }

    func finished() -> YAMLDocument {
        YAMLDocument(file: document.file, source: document.source, nodes: document.nodes, members: document.members,
                     scalarBytes: document.scalarBytes, root: document.root)
    }

    /// libyaml's marks are 0-based; ours are 1-based. This is the only place that converts.
    private func position(_ mark: yaml_mark_t) -> (line: Int32, column: Int32) {
        (Int32(clamping: mark.line + 1), Int32(clamping: mark.column + 1))
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        let (line, column) = position(mark)
        return SourceLocation(file: document.file, line: Int(line), column: Int(column))
    }

    private func location(ofNode index: Int32) -> SourceLocation {
        document.location(YAMLDocument.Node(index: index))
    }

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

    private mutating func reportParserError(_ parser: yaml_parser_t, bomLength: Int) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        var where_: SourceLocation
        if parser.error == YAML_READER_ERROR {
            where_ = document.source.location(ofByte: parser.problem_offset + bomLength, file: document.file)
        } else {
            where_ = location(parser.problem_mark)
        }
        var message = problem
        if let character = document.source.lines().character(line: where_.line, column: where_.column), character == "\t" {
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
        diagnostics.append(.error("YAML syntax: \(message)", at: where_))
    }

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

    private static func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// Handles one event; false stops the parse.
    private mutating func handle(_ event: yaml_event_t) -> Bool {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(.error(
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
            document.nodes.append(YAMLDocument.RawNode(
                kind: .scalar, quoted: scalar.style != YAML_PLAIN_SCALAR_STYLE, tag: tag(scalar.tag), line: line,
                column: column, start: start, count: Int32(scalar.length)))
            return finish(index, size: 1, anchor: Self.anchorName(scalar.anchor))
        case YAML_SEQUENCE_START_EVENT:
            return begin(.sequence, event.start_mark, tag(event.data.sequence_start.tag),
                         Self.anchorName(event.data.sequence_start.anchor))
        case YAML_MAPPING_START_EVENT:
            return begin(.mapping, event.start_mark, tag(event.data.mapping_start.tag),
                         Self.anchorName(event.data.mapping_start.anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return end()
        case YAML_ALIAS_EVENT:
            let name = Self.anchorName(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                diagnostics.append(.error(
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

    private mutating func begin(
        _ kind: YAMLDocument.NodeKind, _ mark: yaml_mark_t, _ tag: YAMLDocument.Tag, _ anchor: String?
    ) -> Bool {
        guard open.count < YAMLReader.maximumDepth else {
            diagnostics.append(.error(
                "nesting goes deeper than \(YAMLReader.maximumDepth) levels; a manifest never needs this",
                at: location(mark)))
            return false
        }
        let (line, column) = position(mark)
        let index = Int32(document.nodes.count)
        document.nodes.append(YAMLDocument.RawNode(
            kind: kind, quoted: false, tag: tag, line: line, column: column, start: 0, count: 0))
        open.append(Open(node: index, memberStart: pending.count, anchor: anchor, size: 1))
        return true
    }

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

    private mutating func add(_ index: Int32, size: Int, at aliasMark: yaml_mark_t?) -> Bool {
        guard !open.isEmpty else {
            document.root = YAMLDocument.Node(index: index)
            return true
        }
        pending.append(index)
        open[open.count - 1].size += size
        if open[open.count - 1].size > YAMLReader.maximumExpandedNodes {
            diagnostics.append(.error(
                "aliases expand this document past \(YAMLReader.maximumExpandedNodes) nodes; a manifest never "
                    + "needs this", at: aliasMark.map(location) ?? location(ofNode: index)))
            return false
        }
        return true
    }

    private func isMergeKey(_ index: Int32) -> Bool {
        let raw = document.nodes[Int(index)]
        guard raw.kind == .scalar, !raw.quoted, raw.tag == .none, raw.count == 2 else { return false }
        return document.scalarBytes[Int(raw.start)] == UInt8(ascii: "<")
            && document.scalarBytes[Int(raw.start) + 1] == UInt8(ascii: "<")
    }

    /// Whether two nodes are scalars with the same text.
    private func sameScalar(_ a: Int32, _ b: Int32) -> Bool {
        let x = document.nodes[Int(a)], y = document.nodes[Int(b)]
        guard x.kind == .scalar, y.kind == .scalar, x.count == y.count else { return false }
        return document.scalarBytes.withUnsafeBufferPointer { bytes in
            var i = Int(x.start), j = Int(y.start)
            let end = i + Int(x.count)
            while i < end {
                if bytes[i] != bytes[j] { return false }
                i += 1
                j += 1
            }
            return true
        }
    }

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
            let key = pending[position], value = pending[position + 1]
            position += 2
            if isMergeKey(key) {
                merges.append(value)
                continue
            }
            if let first = existing(key, in: self) {
                let text = String(decoding: scalarBytes(key) ?? [], as: UTF8.self)
                let firstLocation = location(ofNode: first)
                diagnostics.append(.error(
                    "duplicate key '\(text)' (first at \(firstLocation)); a key may appear once in a mapping",
                    at: location(ofNode: key), notes: [.note("first used here", at: firstLocation)]))
                continue
            }
            if index != nil, let bytes = scalarBytes(key) { index![bytes] = key }
            document.members.append(key)
            document.members.append(value)
        }
        guard !merges.isEmpty else { return }
        index = nil  // merges are rare: compare pairwise
        for source in mergeSources(merges) {
            let raw = document.nodes[Int(source)]
            var member = Int(raw.start)
            while member + 1 < Int(raw.start + raw.count) {
                let key = document.members[member], value = document.members[member + 1]
                member += 2
                if document.nodes[Int(key)].kind == .scalar, existing(key, in: self) != nil { continue }
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
                        diagnostics.append(.error("a `<<` merge list may hold only mappings", at: location(ofNode: item)))
                    }
                }
            case .scalar:
                diagnostics.append(.error(
                    "`<<` merges a mapping (or a list of mappings) into this one, not a scalar",
                    at: location(ofNode: merge)))
            }
        }
        return sources
    }
}
