import Foundation
import IntuneAssignCore
import ManifestYAML
import TestSupport
import Testing

/// Manifest → YAML (libyaml's emitter) → Manifest gives back the same manifest.
@Suite struct RoundTripTests {
    func decode(_ text: String, file: String = "m.yaml") throws -> Manifest {
        let (document, readDiagnostics) = YAMLReader.read(file: file, bytes: Array(text.utf8))
        #expect(readDiagnostics.isEmpty, "\(readDiagnostics.map(\.headline))")
        let (manifest, diagnostics) = ManifestDecoder.decode(try #require(document))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.headline))\n\(text)")
        return try #require(manifest)
    }

    @Test(arguments: Repository.files(under: "examples/manifests", extensions: [".yaml", ".yml"]))
    func examplesRoundTrip(_ url: URL) throws {
        let original = try decode(String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
        let written = ManifestWriter.yaml(original, schemaPath: "../schemas/manifest.schema.json")
        let again = try decode(written, file: url.lastPathComponent)
        #expect(again == original)
        #expect(
            ManifestWriter.yaml(again, schemaPath: "../schemas/manifest.schema.json") == written,
            "writing is deterministic")
        #expect(written.hasPrefix("# yaml-language-server: $schema=../schemas/manifest.schema.json\nversion: 1\n"))
    }

    @Test func awkwardStringsAreQuotedWhereNeeded() throws {
        let names = [
            "true", "no", "123", "0x1F", "1.5", "null", "~", "", " leading space", "trailing space ",
            "colon: inside", "# not a comment", "- dash", "quote ' and \" both", "Café – naïve ☕", "<<", "@odata",
            "multi\nline", "tab\there", "[brackets]", "{braces}", "*star", "&amp", "!bang", "%percent", "a, b",
        ]
        let kind = try #require(Kinds.named("mobileApp"))
        var manifest = Manifest(file: "m.yaml", tenant: GUID("6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11"))
        manifest.groups = names.enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }.map {
            AliasDefinition(name: "g\($0.offset)", meaning: .name($0.element))
        }
        manifest.filters = [AliasDefinition(name: "f", meaning: .id(GUID(high: 1, low: 2)))]
        manifest.configurations = names.enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }.map {
            ConfigurationSpec(
                kind: kind, reference: .name($0.element),
                mode: $0.offset.isMultiple(of: 2) ? .authoritative : .additive,
                assignments: [
                    AssignmentSpec(
                        target: .group(ObjectReference(.name($0.element))), intent: "required",
                        settings: [
                            "@odata.type": "#microsoft.graph.win32LobAppAssignmentSettings",
                            "notifications": .string($0.element), "count": 3, "flag": false,
                            "nested": ["list": [1, "two", .null]],
                        ]),
                    AssignmentSpec(
                        target: .allUsers,
                        filter: FilterReference(mode: .exclude, filter: ObjectReference(.alias("f"))),
                        intent: "available"),
                ])
        }
        let written = ManifestWriter.yaml(manifest)
        #expect(try decode(written) == manifest)
    }

    @Test func everyTargetAndFieldRoundTrips() throws {
        let health = try #require(Kinds.named("deviceHealthScript"))
        let autopilot = try #require(Kinds.named("windowsAutopilotDeploymentProfile"))
        let policy = try #require(Kinds.named("configurationPolicy"))
        let id = try #require(GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"))
        let manifest = Manifest(
            file: "m.yaml",
            configurations: [
                ConfigurationSpec(
                    kind: health, reference: .id(ConfigurationID(id)),
                    assignments: [
                        AssignmentSpec(
                            target: .group(ObjectReference(.id(id))), runRemediationScript: true,
                            runSchedule: RunSchedule(
                                frequency: .once, interval: 1, time: "08:30:00", date: "2026-12-01", useUTC: true)),
                        AssignmentSpec(
                            target: .exclusionGroup(ObjectReference(.alias("x"))),
                            runSchedule: RunSchedule(frequency: .hourly, interval: 4)),
                    ]),
                ConfigurationSpec(
                    kind: autopilot, reference: .name("Kiosk"),
                    assignments: [
                        AssignmentSpec(target: .allDevices)
                    ], devices: [DeviceID(id), DeviceID(GUID(high: 5, low: 6))]),
                ConfigurationSpec(
                    kind: policy, reference: .id(ConfigurationID(id)),
                    assignments: [
                        AssignmentSpec(target: .collection("SMS00001")),
                        AssignmentSpec(
                            target: .allDevices,
                            filter: FilterReference(mode: .include, filter: ObjectReference(.name("Corp")))),
                    ]),
                ConfigurationSpec(kind: policy, reference: .name("Empty"), assignments: []),
                ConfigurationSpec(
                    kind: try #require(Kinds.named("deviceEnrollmentConfiguration")),
                    reference: .id(
                        try #require(
                            ConfigurationID("705B021C-021C-705B-1C02-5B701C025B70_DefaultLimit", form: .guidWithSuffix))
                    ),
                    assignments: [AssignmentSpec(target: .allUsers)]),
                ConfigurationSpec(
                    kind: try #require(Kinds.named("roleScopeTag")),
                    reference: .id(try #require(ConfigurationID("3", form: .integer))),
                    assignments: [AssignmentSpec(target: .group(ObjectReference(.id(id))))]),
            ])
        #expect(try decode(ManifestWriter.yaml(manifest)) == manifest)
    }

    /// An exported file is read back before it is written: one that does not read back as the manifest it was
    /// written from (here, an alias name the manifest format does not allow) is an error, not a file on disk.
    @Test func anExportThatDoesNotReadBackIsRefused() throws {
        let id = try #require(GUID("0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40"))
        let good = ManifestExport.File(
            name: "aliases.yaml",
            manifest: Manifest(file: "aliases.yaml", groups: [AliasDefinition(name: "all-staff", meaning: .id(id))]),
            header: ["Exported"], aliasNotes: ["all-staff": "All Staff\n- allDevices: {}"])
        let text = try ExportWriter.checked(good, schemaPath: "s.json")
        #expect(text.contains("  all-staff: 0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40  # All Staff\\u{a}- allDevices: {}\n"))
        var bad = good
        bad.manifest.groups = [AliasDefinition(name: "not an alias!", meaning: .id(id))]
        #expect(throws: ExportWriter.ReadBackError.self) { try ExportWriter.checked(bad, schemaPath: "s.json") }
        do {
            _ = try ExportWriter.checked(bad, schemaPath: "s.json")
        } catch {
            #expect(error.description.hasPrefix("aliases.yaml does not read back as a manifest: aliases.yaml:"))
        }
    }
}
