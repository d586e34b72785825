import IntuneAssignCore
import TestSupport
import Testing

@testable import ManifestYAML

/// The libyaml reader: positions, anchors, merges, encodings and the guards, on real libyaml.
@Suite struct YAMLReaderTests {
    func read(_ text: String) -> (YAMLDocument?, [Diagnostic]) {
        YAMLReader.read(file: "t.yaml", bytes: Array(text.utf8))
    }

    func value(_ document: YAMLDocument, _ path: String...) -> YAMLDocument.Node? {
        var node = document.root
        for key in path {
            guard let current = node else { return nil }
            if let index = Int(key) {
                let items = document.items(current)
                node = index < items.count ? items[index] : nil
            } else {
                node = document.pairs(current).first { document.string($0.key) == key }?.value
            }
        }
        return node
    }

    @Test func positionsAreOneBasedAndCountCharacters() throws {
        let (document, diagnostics) = read("a:\n  name: Café ☕\n  b: [x, 'ünï', z]\n")
        #expect(diagnostics.isEmpty)
        let doc = try #require(document)
        let name = try #require(value(doc, "a", "name"))
        #expect(doc.location(name) == SourceLocation(file: "t.yaml", line: 2, column: 9))
        let z = try #require(value(doc, "a", "b", "2"))
        // 'ünï' is 5 characters but 7 bytes: columns count characters, as libyaml does.
        #expect(doc.location(z) == SourceLocation(file: "t.yaml", line: 3, column: 17))
        let quoted = try #require(value(doc, "a", "b", "1"))
        #expect(doc.string(quoted) == "ünï")
        #expect(doc.isQuoted(quoted))
    }

    @Test func anchorsAndAliasesResolveToTheAnchoredNode() throws {
        let (document, diagnostics) = read(
            """
            base: &pilot { group: pilot, intent: required }
            list: [*pilot, *pilot]
            """)
        #expect(diagnostics.isEmpty)
        let doc = try #require(document)
        let list = try #require(value(doc, "list"))
        let items = doc.items(list)
        #expect(items.count == 2)
        #expect(items[0] == value(doc, "base"))
        let intent = try #require(value(doc, "list", "1", "intent"))
        #expect(doc.string(intent) == "required")
    }

    @Test func mergeKeysApplyWithExplicitKeysWinning() throws {
        let (document, diagnostics) = read(
            """
            defaults: &defaults { intent: available, filter: f1 }
            more: &more { intent: uninstall, extra: e }
            entry:
              <<: [*defaults, *more]
              intent: required
              group: g
            """)
        #expect(diagnostics.isEmpty)
        let doc = try #require(document)
        let entry = try #require(value(doc, "entry"))
        let keys = doc.pairs(entry).map { doc.string($0.key) }
        #expect(keys == ["intent", "group", "filter", "extra"])
        let intent = try #require(value(doc, "entry", "intent"))
        let extra = try #require(value(doc, "entry", "extra"))
        #expect(doc.string(intent) == "required")
        #expect(doc.string(extra) == "e")
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let (document, _) = read("'<<': 1\n")
        let doc = try #require(document)
        let root = try #require(doc.root)
        #expect(doc.pairs(root).map { doc.string($0.key) } == ["<<"])
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nbb: x\r\n".utf8)
        let (document, diagnostics) = YAMLReader.read(file: "t.yaml", bytes: bytes)
        #expect(diagnostics.isEmpty)
        let doc = try #require(document)
        let root = try #require(doc.root)
        let keys = doc.pairs(root).map(\.key)
        #expect(doc.location(keys[0]).column == 1, "the BOM is not a column")
        #expect(doc.location(keys[1]) == SourceLocation(file: "t.yaml", line: 2, column: 1))
        let bb = try #require(value(doc, "bb"))
        #expect(doc.string(bb) == "x", "no CR left in values")
        #expect(doc.sourceLine(1) == "a: 1")
        #expect(doc.sourceLine(2) == "bb: x")
    }

    @Test func lonelyCarriageReturnsAndUnicodeBreaksCountAsLines() throws {
        let (document, diagnostics) = read("a: 1\rb: 2\r\nc: 3\n")
        #expect(diagnostics.isEmpty)
        let doc = try #require(document)
        let root = try #require(doc.root)
        let c = try #require(doc.pairs(root).last?.key)
        #expect(doc.location(c).line == 3)
        #expect(doc.sourceLine(2) == "b: 2")
    }

    @Test func invalidUTF8IsReportedAtTheFirstBadByte() {
        for (bytes, line, column) in [
            (Array("a: b\nc: \u{e9}".utf8) + [0xFF], 2, 5),
            (Array("x: ".utf8) + [0xC3], 1, 4),  // truncated sequence at the end
            (Array("x: ".utf8) + [0xED, 0xA0, 0x80], 1, 4),  // an encoded surrogate
            (Array("x: ".utf8) + [0xC0, 0xAF], 1, 4),  // overlong
            ([0xFF, 0xFE] + Array("a: 1".utf8), 1, 1),  // UTF-16 byte order mark
        ] {
            let (document, diagnostics) = YAMLReader.read(file: "t.yaml", bytes: bytes)
            #expect(document == nil)
            #expect(diagnostics.count == 1)
            #expect(diagnostics.first?.location == SourceLocation(file: "t.yaml", line: line, column: column))
            #expect(diagnostics.first?.message.hasPrefix("the file is not valid UTF-8") == true)
        }
    }

    @Test func aliasBombsStopWithADiagnostic() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let (document, diagnostics) = read(text)
        #expect(document == nil)
        #expect(diagnostics.first?.message.contains("aliases expand this document past") == true)
    }

    @Test func deepNestingStopsWithADiagnostic() {
        let depth = YAMLReader.maximumDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let (document, diagnostics) = read(text)
        #expect(document == nil)
        #expect(diagnostics.map(\.location?.column) == [YAMLReader.maximumDepth + 1])
        #expect(diagnostics.first?.message.contains("nesting goes deeper than") == true)
    }

    @Test func aRecursiveAliasIsUndefinedAtItsUse() {
        let (document, diagnostics) = read("a: &x [1, *x]\n")
        #expect(document == nil)
        #expect(
            diagnostics.map(\.headline) == [
                "t.yaml:1:11: error: alias *x refers to no anchor defined before it; define &x first"
            ])
    }

    @Test func everyDuplicateKeyIsReportedWithItsFirstPlace() {
        let (_, diagnostics) = read("a: 1\nb: 2\na: 3\nb: 4\n")
        #expect(
            diagnostics.map(\.headline) == [
                "t.yaml:3:1: error: duplicate key 'a' (first at t.yaml:1:1); a key may appear once in a mapping",
                "t.yaml:4:1: error: duplicate key 'b' (first at t.yaml:2:1); a key may appear once in a mapping",
            ])
        #expect(diagnostics.first?.notes.map(\.headline) == ["t.yaml:1:1: note: first used here"])
    }

    @Test func largeMappingsFindDuplicatesToo() {
        var text = ""
        for index in 0..<500 { text += "key\(index): \(index)\n" }
        text += "key250: again\n"
        let (_, diagnostics) = read(text)
        #expect(
            diagnostics.map(\.headline) == [
                "t.yaml:501:1: error: duplicate key 'key250' (first at t.yaml:251:1); a key may appear once in a mapping"
            ])
    }

    @Test func eventScanCountsLibyamlEvents() {
        // stream start, document start, mapping start, 2 scalars, mapping end, document end, stream end
        #expect(YAMLReader.scanEvents(Array("a: 1\n".utf8)) == 8)
    }
}
