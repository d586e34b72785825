import IntuneAssignCore
import Testing

@testable import ManifestYAML

/// Large files are parsed by libyaml on a thread of their own while the builder builds the document and the
/// decoder decodes each configuration entry as soon as it is complete (`EventProducer`, `ManifestDecoder.Ahead`).
/// These read the same large inputs both ways, on real libyaml, and require the same documents, manifests and
/// diagnostics, errors and early stops included.
@Suite struct PipelinedReadTests {
    /// A manifest over `EventProducer.threadedFrom` bytes: aliases, an anchored entry used again by alias, a merge,
    /// and `count` configurations; `entry` may change the text of the entry with a given number.
    static func manifest(count: Int = 1_200, version: Int = 1, entry: (Int, String) -> String = { $1 }) -> String {
        var text = "version: \(version)\ngroups:\n"
        for index in 0..<20 { text += "  team-\(index): \(id(index, 0xA))\n" }
        text += "filters:\n  corp: { name: Corporate }\nconfigurations:\n"
        text += """
              - &first
                kind: deviceConfiguration
                id: \(id(0, 0xF))
                assignments:
                  - group: team-0
              - *first

            """
        for index in 1..<count {
            let written = """
                  - kind: \(index % 2 == 0 ? "mobileApp" : "configurationPolicy")
                    id: \(id(index, 0xC))
                    assignments:
                      - group: team-\(index % 20)\(index % 2 == 0 ? "\n        intent: required" : "")
                      - exclude: team-\((index + 3) % 20)\(index % 2 == 0 ? "\n        intent: required" : "")
                      - allDevices: { filter: { include: corp }\(index % 2 == 0 ? ", intent: available" : "") }

                """
            text += entry(index, written)
        }
        return text
    }

    /// A deterministic object id.
    static func id(_ number: Int, _ salt: Int) -> String {
        GUID(high: UInt64(salt) << 32 | UInt64(number), low: 0x8000_0000_0000_0000 | UInt64(number)).description
    }

    /// Each diagnostic as `place: message`, in order.
    static func described(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.location?.description ?? "-"): \($0.message)" }
    }

    /// Reads, decodes and assembles on one thread with nothing decoded ahead: what `ManifestLoader.load` did
    /// before it overlapped the work.
    static func loadInline(_ text: String) -> (state: DesiredState, diagnostics: [String]) {
        let (document, readDiagnostics) = YAMLReader.read(
            file: "big.yaml", bytes: Array(text.utf8), watch: nil, threaded: false)
        var diagnostics = readDiagnostics
        var manifests: [Manifest] = []
        if let document {
            let (manifest, decodeDiagnostics) = ManifestDecoder.decode(document)
            diagnostics += decodeDiagnostics
            manifests += manifest.map { [$0] } ?? []
        }
        let (state, assembly) = DesiredState.assemble(manifests)
        var sorted = Diagnostics()
        sorted.append(contentsOf: diagnostics + assembly)
        return (state, described(sorted.sorted))
    }

    /// The pipelined load of the same text.
    static func load(_ text: String) -> (state: DesiredState, diagnostics: [String]) {
        #expect(text.utf8.count >= EventProducer.threadedFrom, "the input must be large enough to use the thread")
        let result = ManifestLoader.load([ManifestSource(path: "big.yaml", bytes: Array(text.utf8))])
        return (result.state, described(result.diagnostics))
    }

    @Test func aLargeValidManifestLoadsAsItDoesInline() throws {
        let text = Self.manifest()
        let (state, diagnostics) = Self.load(text)
        let inline = Self.loadInline(text)
        #expect(diagnostics == inline.diagnostics)
        // The alias item repeats the first entry: listed twice, said once, in both ways of reading.
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.contains("is listed twice") == true)
        #expect(state.configurations.count == 1_201)  // the first entry, its alias and 1,199 more
        #expect(state.configurations == inline.state.configurations)
        #expect(state.configurations.map(\.mark.location) == inline.state.configurations.map(\.mark.location))
    }

    @Test func theDocumentIsTheSameNodeForNodeOnAThreadAndInline() throws {
        let bytes = Array(Self.manifest().utf8)
        let threaded = try #require(YAMLReader.read(file: "big.yaml", bytes: bytes, watch: nil, threaded: true).0)
        let inline = try #require(YAMLReader.read(file: "big.yaml", bytes: bytes, watch: nil, threaded: false).0)
        #expect(threaded.nodeCount == inline.nodeCount)
        #expect(ManifestDecoder.json(threaded) == ManifestDecoder.json(inline))
        for index in stride(from: 0, to: inline.nodeCount, by: 97) {
            let node = YAMLDocument.Node(index: Int32(index))
            #expect(threaded.location(node) == inline.location(node))
            #expect(threaded.kind(node) == inline.kind(node))
        }
    }

    @Test func everyEntryIsHandedOutAsItIsReadAndDecodesAsItWouldLater() throws {
        // The overlap rests on this: each item of `configurations:` reaches the watch complete, before the read ends.
        let bytes = Array(Self.manifest().utf8)
        final class Seen: @unchecked Sendable {
            var ahead = ManifestDecoder.Ahead()
            var nodeCounts: [Int] = []
        }
        let seen = Seen()
        let (read, _) = YAMLReader.read(file: "big.yaml", bytes: bytes, itemsOf: "configurations") { partial, item in
            seen.nodeCounts.append(partial.nodeCount)
            seen.ahead.decode(item, of: partial)
        }
        let document = try #require(read)
        // 1,200 entries and the alias item that repeats the first.
        #expect(seen.nodeCounts.count == 1_201)
        #expect(seen.ahead.count == 1_200)
        // Handed out while the document was still growing, not all at the end.
        #expect(seen.nodeCounts.first! < document.nodeCount / 100)
        let withAhead = ManifestDecoder.decode(document, ahead: seen.ahead)
        let plain = ManifestDecoder.decode(document)
        #expect(withAhead.manifest == plain.manifest)
        #expect(withAhead.diagnostics == plain.diagnostics)
    }

    @Test func entryErrorsFoundAheadAreReportedInTheirPlaces() {
        let text = Self.manifest { index, written in
            switch index {
            case 10: written.replacingOccurrences(of: "group: team-10", with: "group: team-nope")
            case 501: written.replacingOccurrences(of: "kind: configurationPolicy", with: "kind: configPolicy")
            case 900: written.replacingOccurrences(of: "intent: available", with: "intent: sometimes")
            case 1_100: written.replacingOccurrences(of: "      - allDevices", with: "      - allDevicez")
            default: written
            }
        }
        let (_, diagnostics) = Self.load(text)
        #expect(diagnostics == Self.loadInline(text).diagnostics)
        #expect(diagnostics.contains { $0.contains("'team-nope' is not defined in `groups:`") })
        #expect(diagnostics.contains { $0.contains("unknown kind 'configPolicy'") })
        #expect(diagnostics.contains { $0.contains("sometimes") })
        #expect(diagnostics.contains { $0.contains("allDevicez") })
    }

    @Test func aNewerVersionStillHidesWhatWasDecodedAhead() {
        // Entries are decoded before the version is looked at; their errors must not show for a refused version.
        let text = Self.manifest(version: 2) { index, written in
            index == 7 ? written.replacingOccurrences(of: "kind: configurationPolicy", with: "kind: nope") : written
        }
        let (_, diagnostics) = Self.load(text)
        #expect(diagnostics == Self.loadInline(text).diagnostics)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.contains("manifest version 2 is not supported") == true)
    }

    @Test func stopsHalfWayAreTheSameOnAThreadAndInline() {
        // libyaml's own error near the end; the builder's stop at a second document; and at runaway nesting. The
        // worker is told to stop (or has stopped) and the read returns, with the diagnostics of an inline read.
        let base = Self.manifest()
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        let cases = [
            base + "  - kind: deviceConfiguration\n    id: [unclosed\n",
            base + "---\nversion: 1\n",
            base.replacingOccurrences(of: "  team-3: ", with: "  team-3x: \(deep)\n  team-3: "),
        ]
        for text in cases {
            let (_, diagnostics) = Self.load(text)
            #expect(!diagnostics.isEmpty)
            #expect(diagnostics == Self.loadInline(text).diagnostics)
        }
    }
}
