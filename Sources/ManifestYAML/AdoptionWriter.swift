public import IntuneAssignCore

/// Writes `Adoption` edits into a manifest's text (`export --into`): only the items of the edited configurations'
/// `assignments:` and `devices:` lists change; every other byte of the file stays as it was — comments, blank
/// lines, quoting, the order of everything.
///
/// An item of a block list runs from its `- ` line, with the comment lines just above it at the dash's indentation
/// (a comment on the entry below it), to where the next item starts; the last ends at the last line indented
/// deeper than the dash, trailing comments and blank lines left where they are. Entries are rendered by
/// `ManifestWriter` and `YAMLWriter` at the dash's indentation, with the file's own line break. What the writer
/// cannot edit safely is refused with the place and the reason: a flow-style list that holds entries, an anchor or
/// an alias in the list, an item that does not start on its `- ` line.
public enum AdoptionWriter {
    /// Why a file cannot be edited, at `file:line:column`.
    public struct Refusal: Error, CustomStringConvertible {
        /// The place and the reason.
        public let description: String
    }

    /// The file's bytes with `edits` made (those of configurations in this file; the others are ignored).
    public static func edit(file: String, bytes: [UInt8], edits: [Adoption.Edit]) throws(Refusal) -> [UInt8] {
        let (document, problems) = YAMLReader.read(file: file, bytes: bytes)
        guard let document, let root = document.root, problems.isEmpty else {
            throw Refusal(description: "\(file): does not read as YAML any more; run again")
        }
        let text = Text(file: file, bytes: bytes, document: document)
        var configurations: [SourceLocation: YAMLDocument.Node] = [:]
        for (key, value) in document.pairs(root) where document.string(key) == "configurations" {
            for item in document.items(value) { configurations[document.location(item)] = item }
        }
        var splices: [Splice] = []
        for edit in edits where edit.configuration.file == file {
            guard let node = configurations[edit.configuration] else {
                throw Refusal(
                    description: "\(edit.configuration): no configuration starts here any more; the file changed "
                        + "since it was read, so run again")
            }
            try text.expectBlock(node, "this configuration")
            for (key, value) in document.pairs(node) {
                switch document.string(key) {
                case "assignments" where !edit.replacements.isEmpty || !edit.appended.isEmpty:
                    var replaced: [SourceLocation: [Adoption.NewEntry]] = [:]
                    for replacement in edit.replacements { replaced[replacement.item] = replacement.entries }
                    splices += try text.list(
                        key: key, value: value, replace: { replaced[document.location($0)].map(text.rendered) },
                        append: text.rendered(edit.appended))
                case "default" where edit.dropsDefault:
                    splices.append(try text.removedLine(key: key, value: value))
                case "deviceGroup", "members", "scope", "scopeTags":
                    splices += try text.values(key: document.string(key), value: value, edit)
                case "devices" where !edit.droppedDevices.isEmpty && text.firstByte(value) == UInt8(ascii: "["):
                    // A one-line list is written again without the devices that go.
                    let dropped = Set(edit.droppedDevices)
                    let kept = document.items(value).map { document.string($0) }.filter {
                        DeviceID(text: $0).map { !dropped.contains($0) } ?? true
                    }
                    splices.append(
                        try text.lineValue(
                            value, key: "devices", kept.isEmpty ? "[]" : "[ " + kept.joined(separator: ", ") + " ]"))
                case "devices" where !edit.droppedDevices.isEmpty:
                    let dropped = Set(edit.droppedDevices)
                    splices += try text.list(
                        key: key, value: value,
                        replace: { item in
                            DeviceID(text: document.string(item)).flatMap { dropped.contains($0) ? [] : nil }
                        },
                        append: [])
                default: break
                }
            }
        }
        var result = bytes
        for splice in splices.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(splice.range, with: splice.bytes)
        }
        return result
    }

    /// Bytes that take the place of a range of the file.
    struct Splice {
        var range: Range<Int>
        var bytes: [UInt8]
    }

    /// The file's text, by line, with the document read from it.
    struct Text {
        let file: String
        let bytes: [UInt8]
        let document: YAMLDocument
        let lines: SourceLines
        /// The file's line break, for the lines written.
        let lineBreak: [UInt8]

        init(file: String, bytes: [UInt8], document: YAMLDocument) {
            self.file = file
            self.bytes = bytes
            self.document = document
            self.lines = SourceLines(bytes: bytes)
            var index = 0
            while index < bytes.count, LineBreak.length(in: bytes, at: index) == 0 { index += 1 }
            let length = LineBreak.length(in: bytes, at: index)
            self.lineBreak = length > 0 ? Array(bytes[index..<index + length]) : [0x0A]
        }

        /// How many lines the file has.
        var lineCount: Int { lines.starts.count }
        /// Where line `number` (1-based) starts; the file's end past the last.
        func start(_ number: Int) -> Int { number <= lineCount ? lines.starts[number - 1] : bytes.count }
        /// Line `number`'s bytes without its break.
        func content(_ number: Int) -> ArraySlice<UInt8> {
            var end = start(number)
            while end < bytes.count, LineBreak.length(in: bytes, at: end) == 0 { end += 1 }
            return bytes[start(number)..<end]
        }
        /// The spaces a line starts with.
        func indentation(_ number: Int) -> Int { content(number).prefix { $0 == 0x20 }.count }
        /// Whether a line holds nothing but spaces.
        func isBlank(_ number: Int) -> Bool { content(number).allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        /// Whether a line holds a comment and nothing else.
        func isComment(_ number: Int) -> Bool { content(number).drop { $0 == 0x20 || $0 == 0x09 }.first == 0x23 }

        /// The byte offset of a location (columns count characters, as libyaml's do).
        func offset(_ location: SourceLocation) -> Int {
            var index = start(location.line)
            if location.line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            var column = 1
            while column < location.column, index < bytes.count {
                index += 1
                while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
                column += 1
            }
            return index
        }

        /// The byte a node's text starts with.
        func firstByte(_ node: YAMLDocument.Node) -> UInt8? {
            let at = offset(document.location(node))
            return at < bytes.count ? bytes[at] : nil
        }

        func refusal(_ node: YAMLDocument.Node, _ reason: String) -> Refusal {
            Refusal(description: "\(document.location(node)): \(reason)")
        }

        /// Refuses a node written in flow style (`{ ... }`), or with an anchor or a tag.
        func expectBlock(_ node: YAMLDocument.Node, _ what: String) throws(Refusal) {
            switch firstByte(node) {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                throw refusal(node, "\(what) is written in flow style; write it in block style to adopt drift into it")
            case UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"):
                throw refusal(
                    node, "\(what) carries an anchor, alias or tag, which other places may rely on; adopt by hand")
            default: break
            }
        }

        /// Entries rendered at indentation 0, each line with its break.
        func rendered(_ entries: [Adoption.NewEntry]) -> [[UInt8]] {
            entries.map { entry in
                let value = ManifestWriter.assignment(entry.spec)
                let text = YAMLWriter.text(
                    .sequence(
                        [entry.note.map { .commented(value, YAMLComments(beside: $0)) } ?? value], flow: false))
                return Array(text.utf8)
            }
        }

        /// Indents rendered entries by `indent` spaces, in the file's line breaks.
        func indented(_ entries: [[UInt8]], _ indent: Int) -> [UInt8] {
            var out: [UInt8] = []
            for entry in entries {
                for line in entry.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
                    out += [UInt8](repeating: 0x20, count: indent) + line + lineBreak
                }
            }
            return out
        }

        /// The splices that edit one list: `replace` gives the rendered entries for an item (`nil`: keep it as it
        /// is), `append` what is added at its end.
        func list(
            key: YAMLDocument.Node, value: YAMLDocument.Node, replace: (YAMLDocument.Node) -> [[UInt8]]?,
            append: [[UInt8]]
        ) throws(Refusal) -> [Splice] {
            let keyLocation = document.location(key)
            guard firstByte(key) != UInt8(ascii: "\""), firstByte(key) != UInt8(ascii: "'") else {
                throw refusal(key, "this key is quoted; write it plain to adopt drift into it")
            }
            let colon = offset(keyLocation) + document.string(key).utf8.count
            guard colon < bytes.count, bytes[colon] == UInt8(ascii: ":") else {
                throw refusal(key, "the `:` does not follow this key directly; write `key:` to adopt drift into it")
            }
            let items = document.items(value)
            if firstByte(value) == UInt8(ascii: "[") {
                return try flow(key: key, value: value, colon: colon, items: items, append: append)
            }
            guard document.kind(value) == .sequence, firstByte(value) == UInt8(ascii: "-") else {
                try expectBlock(value, "this list")
                throw refusal(value, "this is not a list; fix the manifest first")
            }
            // Each item's first line (with the comments just above it at the dash's indentation) and its dash column.
            let dash = indentation(document.location(items[0]).line)
            var starts: [Int] = []
            for item in items {
                let location = document.location(item)
                let before = content(location.line).prefix(offset(location) - start(location.line))
                guard location.line > keyLocation.line,
                    before.prefix(dash).allSatisfy({ $0 == 0x20 }),
                    before.dropFirst(dash).first == UInt8(ascii: "-"),
                    before.dropFirst(dash + 1).allSatisfy({ $0 == 0x20 })
                else {
                    throw refusal(
                        item,
                        "this entry does not start on its `- ` line at the list's indentation, or is an alias; "
                            + "adopt by hand")
                }
                var first = location.line
                while first - 1 > (starts.last ?? keyLocation.line), isComment(first - 1),
                    indentation(first - 1) == dash
                {
                    first -= 1
                }
                starts.append(first)
            }
            // The last item runs on while lines are indented deeper than the dash (or blank, or comments), less
            // the comments and blank lines at its end.
            var end = document.location(items[items.count - 1]).line + 1
            var lastContent = end - 1
            while end <= lineCount {
                if isBlank(end) || isComment(end) {
                    end += 1
                } else if indentation(end) > dash {
                    lastContent = end
                    end += 1
                } else {
                    break
                }
            }
            let blockEnd = lastContent + 1
            try checkContained(items, lines: starts[0]..<blockEnd)

            var out: [UInt8] = []
            var kept = 0
            for (index, item) in items.enumerated() {
                let range = start(starts[index])..<start(index + 1 < items.count ? starts[index + 1] : blockEnd)
                if let entries = replace(item) {
                    out += indented(entries, dash)
                    kept += entries.count
                } else {
                    out += bytes[range]
                    // The file's last line may have no break; what follows it needs one.
                    if range.upperBound == bytes.count, lines.starts[lines.starts.count - 1] < bytes.count {
                        out += lineBreak
                    }
                    kept += 1
                }
            }
            out += indented(append, dash)
            kept += append.count
            let blockRange = start(starts[0])..<start(blockEnd)
            var splices = [Splice(range: blockRange, bytes: out)]
            if kept == 0 { splices.append(Splice(range: colon + 1..<colon + 1, bytes: Array(" []".utf8))) }
            return splices
        }

        /// A flow list: only `[]` can take entries (the key's line keeps its comment, the entries follow it).
        func flow(
            key: YAMLDocument.Node, value: YAMLDocument.Node, colon: Int, items: [YAMLDocument.Node],
            append: [[UInt8]]
        ) throws(Refusal) -> [Splice] {
            let open = offset(document.location(value))
            let line = document.location(key).line
            var close = open + 1
            while close < bytes.count, bytes[close] == 0x20 { close += 1 }
            guard items.isEmpty, close < bytes.count, bytes[close] == UInt8(ascii: "]"),
                document.location(value).line == line
            else {
                throw refusal(
                    value,
                    "this list is written in flow style (`[...]`); write it as a block list, one `- ` entry per line, "
                        + "and run again")
            }
            guard !append.isEmpty else { return [] }
            let nextLine = start(line + 1)
            let needsBreak = line >= lineCount
            return [
                Splice(range: colon + 1..<close + 1, bytes: []),
                Splice(
                    range: nextLine..<nextLine,
                    bytes: (needsBreak ? lineBreak : []) + indented(append, indentation(line) + 2)),
            ]
        }

        /// Refuses a list whose nodes are not all written inside its lines (an alias, or a `<<` merge, points
        /// elsewhere), or that carries an anchor (other places may refer to it).
        func checkContained(_ items: [YAMLDocument.Node], lines range: Range<Int>) throws(Refusal) {
            var pending = items
            while let node = pending.popLast() {
                let location = document.location(node)
                guard range.contains(location.line) else {
                    throw refusal(
                        items.first!,
                        "this list holds an alias or a `<<` merge (from line \(location.line)); adopt by hand")
                }
                if firstByte(node) == UInt8(ascii: "&") {
                    throw refusal(node, "this list holds an anchor, to which other places may refer; adopt by hand")
                }
                switch document.kind(node) {
                case .sequence: pending += document.items(node)
                case .mapping: pending += document.pairs(node).flatMap { [$0.key, $0.value] }
                case .scalar: break
                }
            }
        }
    }
}
