import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering
import TestSupport
import Testing

/// Display names a tenant's admin (or an attacker with rights on one group) can set, fed through every output:
/// export, then validate and plan of what was exported; the plan in text and markdown; diagnostics.
@Suite struct HostileNamesTests {
    /// Names that try to end a YAML comment, start a workflow command, fake diff lines, notify or link people,
    /// reorder text, or drive the terminal.
    static let names = [
        "Pilot\u{2028}  - allDevices: {}", "Pilot\u{2029}configurations: []", "Pilot\u{85}- allUsers: {}",
        "Line\nbreak\n::warning::pwned\n+ group \"Everyone\"", "@octocat see https://evil.example and www.evil.example",
        "abc\u{202E}gnp.exe", "zero\u{200B}width", "\u{1B}[31mred\u{1B}[0m\u{7}",
        String(repeating: "long ", count: 2_000),
    ]

    static let filterID = "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9"

    /// One configuration per hostile name, assigned to a group of that name (with a filter of a hostile name).
    static func tenant() -> SimulatedTenant {
        var groups: [SimulatedTenant.Group] = []
        var configurations: [SimulatedTenant.Configuration] = []
        let kind = Kinds.named("deviceConfiguration")!
        for (index, name) in names.enumerated() {
            let group = GUID(high: 0xB000_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0000).description
            groups.append(.init(id: group, displayName: name))
            let assignment: JSONValue = [
                "id": .string("a\(index)"), "source": "direct", "intent": "apply",
                "target": [
                    "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": .string(group),
                    "deviceAndAppManagementAssignmentFilterId": .string(filterID),
                    "deviceAndAppManagementAssignmentFilterType": "include",
                ],
            ]
            configurations.append(
                .init(
                    kind: kind.name,
                    id: GUID(high: 0xC000_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0001).description,
                    displayName: name, assignments: [assignment]))
        }
        return SimulatedTenant(
            tenantId: "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11", groups: groups,
            assignmentFilters: [
                .init(id: filterID, displayName: "Filter\n- allDevices: {}", platform: "windows10AndLater")
            ],
            configurations: configurations)
    }

    /// Whether text has any character that hides or breaks a line (tabs and line feeds between lines aside).
    static func hasHidden(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 != "\n" && Printable.isHidden($0) }
    }

    @Test(arguments: [false, true])
    func anExportOfHostileNamesIsPlainYAMLAndPlansToNoChanges(_ byName: Bool) async throws {
        let tenant = Self.tenant()
        let graph = IntuneGraph(session: SimulatedGraph.session(tenant))
        let input = try await ManifestExport.read(
            GraphTenantReader(graph: graph), kinds: [Kinds.named("deviceConfiguration")!], byName: byName)
        let files = ManifestExport.files(input, options: .init(byName: byName), exportedAt: "2026-11-29T00:00:00Z")
        let texts = files.map { ExportWriter.text($0, schemaPath: "manifest.schema.json") }
        for text in texts { #expect(!Self.hasHidden(text), "a hidden character in:\n\(text)") }
        // What the files say is exactly what the tenant holds: no name became content.
        let sources = zip(files, texts).map { ManifestSource(path: $0.name, bytes: Array($1.utf8)) }
        let loaded = ManifestLoader.load(sources)
        #expect(!loaded.hasErrors, "\(loaded.diagnostics.map(\.message))")
        #expect(loaded.state.configurations.count == Self.names.count)
        #expect(loaded.state.configurations.allSatisfy { $0.assignments.count == 1 })
        #expect(!loaded.state.configurations.flatMap(\.assignments).contains { $0.target.type != .group })
        let (plan, diagnostics) = try await PlanMaker.make(loaded.state, manifestDigest: "d", graph: graph)
        #expect(diagnostics.isEmpty)
        #expect(plan?.summaryLine == "No changes. The tenant matches the manifests.")
    }

    /// A plan that removes every hostile assignment, so that each name shows in the changes.
    func plan() async throws -> Plan {
        let tenant = Self.tenant()
        let graph = IntuneGraph(session: SimulatedGraph.session(tenant))
        let entries = tenant.configurations.map {
            "  - kind: deviceConfiguration\n    id: \($0.id)\n    assignments: []"
        }
        let text = "version: 1\nconfigurations:\n" + entries.joined(separator: "\n") + "\n"
        let loaded = ManifestLoader.load([ManifestSource(path: "m.yaml", bytes: Array(text.utf8))])
        let (plan, diagnostics) = try await PlanMaker.make(loaded.state, manifestDigest: "d", graph: graph)
        #expect(diagnostics.isEmpty)
        return try #require(plan)
    }

    @Test func thePlanShowsEveryNameOnItsOwnVisibleLine() async throws {
        let plan = try await plan()
        let text = PlanTextRenderer(color: false).render(plan)
        #expect(!Self.hasHidden(text))
        let lines = text.split(separator: "\n")
        #expect(!lines.contains { $0.hasPrefix("::") || $0.hasPrefix("+ group \"Everyone\"") })
        #expect(text.contains(#""Line\u{a}break\u{a}::warning::pwned\u{a}+ group \"Everyone\"""#))
        #expect(text.contains(#""abc\u{202e}gnp.exe""#))
        #expect(lines.allSatisfy { $0.count < 1_000 }, "a 10,000-character name is cut")
    }

    @Test func thePullRequestCommentNeitherMentionsNorLinksNorHides() async throws {
        let plan = try await plan()
        let markdown = PlanMarkdownRenderer().render(plan)
        #expect(!Self.hasHidden(markdown))
        // Outside the fenced plan text (where markdown is inert), no mention and no link is left.
        let outside = markdown.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            .joined()
        #expect(!outside.contains("@octocat"))
        #expect(!outside.contains("https://evil.example") && !outside.contains("www.evil.example"))
        #expect(!markdown.split(separator: "\n").contains { $0.hasPrefix("::") })
    }

    @Test func diagnosticsShowHostileTextOnOneLine() {
        let diagnostic = Diagnostic.error(
            "no assignment filter is named \"x\"; did you mean \"\(Self.names[3])\u{1B}[2J\"?",
            at: SourceLocation(file: "m.yaml", line: 1, column: 3))
        var withLine = diagnostic
        withLine.sourceLine = "a:\t\u{1B}[31mb\u{202E}c"
        let text = DiagnosticRenderer(color: false).render([withLine])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4, "message, source line, caret, end: \(lines)")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        #expect(lines[1] == "a:\t?[31mb?c", "one character for each hidden one, so that the caret lines up")
    }
}

/// Export builds its YAML from structure: names long enough that libyaml would fold them, and that need quotes,
/// come out on one line each, with the notes of the next configuration outside them, and read back as exported.
extension HostileNamesTests {
    static let folded = [
        "Finance: 'EU' " + String(repeating: "long words, with: colons and 'quotes' ", count: 8),
        "# not a comment " + String(repeating: "words ", count: 60),
        "- not an entry: " + String(repeating: "x y ", count: 80) + "\u{2028}tail",
        String(repeating: "\"double\" ", count: 40),
        // Folded at width 120, a continuation line of this name starts with `- kind: `: where a line-by-line
        // writer put the next configuration's note, inside the quoted name.
        "'quoted' " + String(repeating: "- kind: deviceConfiguration ", count: 12),
    ]

    @Test(arguments: [false, true])
    func longQuotedNamesReadBackAsExportedWithEveryNoteOutsideThem(_ byName: Bool) async throws {
        var tenant = Self.tenant()
        let kind = Kinds.named("deviceConfiguration")!
        for (index, name) in Self.folded.enumerated() {
            let group = GUID(high: 0xD000_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0000).description
            tenant.groups.append(.init(id: group, displayName: name + " group"))
            let assignment: JSONValue = [
                "id": .string("f\(index)"), "source": "direct", "intent": "apply",
                "target": ["@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": .string(group)],
            ]
            tenant.configurations.append(
                .init(
                    kind: kind.name,
                    id: GUID(high: 0xE000_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0001).description,
                    displayName: name, assignments: [assignment]))
        }
        // Two configurations of one name, exported by id with their name as a note, after the long names.
        for index in 0..<2 {
            tenant.configurations.append(
                .init(
                    kind: kind.name,
                    id: GUID(high: 0xF000_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0001).description,
                    displayName: "Duplicate name", assignments: []))
        }
        let graph = IntuneGraph(session: SimulatedGraph.session(tenant))
        let input = try await ManifestExport.read(GraphTenantReader(graph: graph), kinds: [kind], byName: byName)
        let files = ManifestExport.files(
            input, options: .init(byName: byName, includeEmpty: true), exportedAt: "2026-12-05T00:00:00Z")
        var sources: [ManifestSource] = []
        for file in files {
            // `checked` reads each file back and compares it with the manifest it was written from.
            let text = try ExportWriter.checked(file, schemaPath: "manifest.schema.json")
            sources.append(ManifestSource(path: file.name, bytes: Array(text.utf8)))
            let lines = text.split(separator: "\n")
            if byName, !file.manifest.configurations.isEmpty {
                for name in Self.folded {
                    #expect(lines.contains { $0.hasPrefix("  name: ") && $0.count > name.count }, "one line: \(name)")
                }
            }
        }
        let loaded = ManifestLoader.load(sources)
        #expect(!loaded.hasErrors, "\(loaded.diagnostics.map(\.message))")
        let (plan, diagnostics) = try await PlanMaker.make(loaded.state, manifestDigest: "d", graph: graph)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        #expect(plan?.summaryLine == "No changes. The tenant matches the manifests.")
    }
}
