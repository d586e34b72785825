import IntuneAssignCore

/// Turns libyaml's event stream into a `YAMLDocument`.
struct DocumentBuilder {
    /// A collection whose end event has not come yet.
    struct Open {
        var node: Int32
        var memberStart: Int
        var anchor: String?
        var size: Int
        /// Whether it is the sequence whose items `watch` wants.
        var watched = false
    }

    /// The key of the root mapping whose sequence items are handed out as soon as each is complete, and what
    /// receives them (with the document as built so far, in which the item and everything before it is final).
    struct Watch {
        var key: [UInt8]
        var each: (YAMLDocument, YAMLDocument.Node) -> Void
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
    /// What wants the items of one top-level sequence as they complete, if anything.
    var watch: Watch?

    /// A builder for one file.
    init(file: String, source: SourceText) { document = Parts(file: file, source: source) }

    /// The document built.
    func finished() -> YAMLDocument {
        YAMLDocument(
            file: document.file, source: document.source, nodes: document.nodes, members: document.members,
            scalarBytes: document.scalarBytes, root: document.root)
    }

    /// A location in this file.
    private func location(_ line: Int32, _ column: Int32) -> SourceLocation {
        SourceLocation(file: document.file, line: Int(line), column: Int(column))
    }

    /// Where a node starts, as a location.
    private func location(ofNode index: Int32) -> SourceLocation {
        document.location(YAMLDocument.Node(index: index))
    }

    /// Builds the document from libyaml's events until the end, an error or a limit. libyaml runs on a thread of
    /// its own for large inputs (`EventProducer`); the document is the same either way.
    mutating func run(_ input: UnsafeBufferPointer<UInt8>, bomLength: Int, threaded: Bool? = nil) {
        let producer = EventProducer(input, threaded: threaded)
        // The input must outlive the worker: `close()` waits for it.
        defer { producer.close() }
        guard producer.isReady else {
            diagnostics.append(.error("libyaml could not start (out of memory)", at: nil))
            return
        }
        // Rough sizes from the input, so the arrays grow once or twice rather than twenty times.
        document.nodes.reserveCapacity(input.count / 8)
        document.members.reserveCapacity(input.count / 8)
        document.scalarBytes.reserveCapacity(input.count / 2)
        while true {
            let batch = producer.next()
            for event in batch.events where !handle(event, in: batch) { return }
            if let failure = batch.failure {
                reportParserError(failure, bomLength: bomLength)
                return
            }
            if batch.last { return }
            producer.recycle(consume batch)
        }
    }

    /// Reports libyaml's error at its position (a byte offset for encoding errors, else its mark).
    private mutating func reportParserError(_ failure: ParserFailure, bomLength: Int) {
        let problemLocation: SourceLocation
        if let offset = failure.problemOffset {
            problemLocation = document.source.location(ofByte: offset + bomLength, file: document.file)
        } else {
            problemLocation = location(failure.problemLine, failure.problemColumn)
        }
        var message = failure.problem
        if let character = document.source.lines().character(
            line: problemLocation.line, column: problemLocation.column),
            character == "\t"
        {
            message = "a tab is used for indentation here; YAML indents with spaces only"
        } else if failure.problem == "found a tab character that violates indentation" {
            message = "a tab is used for indentation; YAML indents with spaces only"
        } else if let context = failure.context {
            message += " (\(context.text) that starts at line \(context.line), column \(context.column))"
        }
        if let character = failure.character {
            message += " (character U+\(String(character, radix: 16, uppercase: true)))"
        }
        diagnostics.append(.error("YAML syntax: \(message)", at: problemLocation))
    }

    /// Handles one event; false stops the parse.
    private mutating func handle(_ event: YAMLEvent, in batch: EventBatch) -> Bool {
        let anchor = event.anchor >= 0 ? batch.anchors[Int(event.anchor)] : nil
        switch event.kind {
        case .documentStart:
            documents += 1
            if documents > 1 {
                diagnostics.append(
                    .error(
                        "a second YAML document starts here; a manifest file holds one document, so move it to a file "
                            + "of its own", at: location(event.line, event.column)))
                return false
            }
        case .scalar:
            let start = Int32(document.scalarBytes.count)
            if event.count > 0 { batch.withBytes(event) { document.scalarBytes.append(contentsOf: $0) } }
            let index = Int32(document.nodes.count)
            document.nodes.append(
                YAMLDocument.RawNode(
                    kind: .scalar, quoted: event.quoted, tag: event.tag, line: event.line, column: event.column,
                    start: start, count: event.count))
            return finish(index, size: 1, anchor: anchor)
        case .sequenceStart:
            return begin(.sequence, event, anchor, in: batch)
        case .mappingStart:
            return begin(.mapping, event, anchor, in: batch)
        case .sequenceEnd, .mappingEnd:
            return end()
        case .alias:
            let name = anchor ?? ""
            guard let target = anchors[name] else {
                diagnostics.append(
                    .error(
                        "alias *\(name) refers to no anchor defined before it; define &\(name) first",
                        at: location(event.line, event.column)))
                return true
            }
            return add(target.node, size: target.size, at: location(event.line, event.column))
        case .streamEnd:
            return false
        case .other:
            break
        }
        return true
    }

    /// Opens a sequence or mapping; refuses nesting past the limit.
    private mutating func begin(
        _ kind: YAMLDocument.NodeKind, _ event: YAMLEvent, _ anchor: String?, in batch: EventBatch
    ) -> Bool {
        guard open.count < YAMLReader.maximumDepth else {
            diagnostics.append(
                .error(
                    "nesting goes deeper than \(YAMLReader.maximumDepth) levels; a manifest never needs this",
                    at: location(event.line, event.column)))
            return false
        }
        let index = Int32(document.nodes.count)
        document.nodes.append(
            YAMLDocument.RawNode(
                kind: kind, quoted: false, tag: event.tag, line: event.line, column: event.column, start: 0, count: 0))
        var collection = Open(node: index, memberStart: pending.count, anchor: anchor, size: 1)
        collection.watched = kind == .sequence && isWatchedKey()
        open.append(collection)
        return true
    }

    /// Whether a sequence starting now is the value of the watched key of the root mapping.
    private func isWatchedKey() -> Bool {
        guard let watch, open.count == 1, document.nodes[Int(open[0].node)].kind == .mapping,
            (pending.count - open[0].memberStart) % 2 == 1, let key = pending.last
        else { return false }
        let raw = document.nodes[Int(key)]
        guard raw.kind == .scalar, raw.tag == .none || raw.tag == .string else { return false }
        return document.scalarBytes[Int(raw.start)..<Int(raw.start + raw.count)].elementsEqual(watch.key)
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
    private mutating func add(_ index: Int32, size: Int, at aliasLocation: SourceLocation?) -> Bool {
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
                        + "needs this", at: aliasLocation ?? location(ofNode: index)))
            return false
        }
        if open.count == 2, open[1].watched, let watch {
            // The document handed out shares the builder's arrays; it is gone again before the next append, so
            // nothing is copied.
            watch.each(finished(), YAMLDocument.Node(index: index))
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
