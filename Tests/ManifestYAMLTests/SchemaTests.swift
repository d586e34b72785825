import Foundation
import IntuneAssignCore
import ManifestYAML
import TestSupport
import Testing

/// schemas/manifest.schema.json and the decoder accept the same keys and values.
@Suite struct SchemaTests {
    static let committedURL = Repository.url("schemas/manifest.schema.json")

    func committed() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.committedURL)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func committedSchemaIsTheGeneratedOne() throws {
        let committed = try String(contentsOf: Self.committedURL, encoding: .utf8)
        #expect(
            committed == ManifestSchema.text,
            "regenerate with: swift run intune-assign schema > schemas/manifest.schema.json")
    }

    func keys(_ schema: [String: Any], _ path: String...) throws -> Set<String> {
        var node: Any = schema
        for key in path { node = try #require((node as? [String: Any])?[key], "no \(key) in schema") }
        return Set(try #require(node as? [String: Any]).keys)
    }

    func enumValues(_ schema: [String: Any], _ path: String...) throws -> [String] {
        var node: Any = schema
        for key in path { node = try #require((node as? [String: Any])?[key], "no \(key) in schema") }
        return try #require(node as? [String])
    }

    @Test func schemaKeysAreTheDecoderKeys() throws {
        let schema = try committed()
        #expect(try keys(schema, "properties") == Set(ManifestKeys.topLevel))
        #expect(try keys(schema, "$defs", "configuration", "properties") == Set(ManifestKeys.configuration))
        #expect(try keys(schema, "properties", "skip", "items", "properties") == Set(ManifestKeys.skip))
        #expect(
            try keys(schema, "$defs", "assignment", "properties")
                == Set(ManifestKeys.targets + ManifestKeys.assignmentOptions))
        #expect(try keys(schema, "$defs", "options", "properties") == Set(ManifestKeys.assignmentOptions))
        #expect(try keys(schema, "$defs", "filter", "properties") == Set(ManifestKeys.filter))
        #expect(try keys(schema, "$defs", "byName", "properties") == Set(ManifestKeys.nameReference))
        #expect(try keys(schema, "$defs", "runSchedule", "properties") == Set(ManifestKeys.runSchedule))
        #expect(try enumValues(schema, "$defs", "configuration", "properties", "kind", "enum") == ManifestKeys.kinds)
        #expect(try enumValues(schema, "$defs", "configuration", "properties", "mode", "enum") == ManifestKeys.modes)
        #expect(try enumValues(schema, "$defs", "options", "properties", "intent", "enum") == ManifestKeys.intents)
        #expect(
            try enumValues(schema, "$defs", "runSchedule", "properties", "type", "enum")
                == ManifestKeys.runScheduleTypes)
    }

    @Test(arguments: Kinds.all)
    func perKindRulesMatchTheRegistry(_ kind: Kind) throws {
        let schema = try committed()
        let rule = try #require(((schema["$defs"] as? [String: Any])?["assignment.\(kind.name)"]) as? [String: Any])
        let properties = try #require(rule["properties"] as? [String: Any])
        let forbidden = Set(properties.filter { ($0.value as? Bool) == false }.map(\.key))
        var expected = Set(TargetType.allCases.filter { !kind.accepts($0) }.map(\.manifestKey))
        expected.formUnion(AssignmentField.allCases.filter { !kind.accepts($0) }.map(\.rawValue))
        if kind.intent == nil { expected.insert("intent") }
        if !kind.targets.filters { expected.insert("filter") }
        #expect(forbidden == expected)
        if let intent = kind.intent {
            #expect((properties["intent"] as? [String: Any])?["enum"] as? [String] == intent.values)
            #expect((rule["anyOf"] != nil) == intent.required)
        }
    }

    // MARK: - A real JSON Schema validator agrees with the decoder

    @Test(.enabled(if: PythonJSONSchema.enabled, "needs python3 with jsonschema"))
    func jsonSchemaValidatorAgreesWithTheDecoder() throws {
        /// One file as JSON, and what the schema should say of it.
        struct Case {
            let name: String
            let json: JSONValue
            let schemaShould: String
        }
        var cases: [Case] = []
        for url in Repository.files(under: "examples/manifests", extensions: [".yaml", ".yml"]) {
            let bytes = [UInt8](try Data(contentsOf: url))
            let document = try #require(YAMLReader.read(file: url.lastPathComponent, bytes: bytes).document)
            cases.append(
                Case(
                    name: url.lastPathComponent, json: ManifestDecoder.json(document),
                    schemaShould: "accepts"))
        }
        for fixture in ManifestFixture.malformed() {
            for file in fixture.files {
                let verdict = try #require(file.text.comments("schema").first, "\(file.path) has no `# schema:` line")
                #expect(["accepts", "rejects", "unparsed"].contains(verdict), "\(file.path): \(verdict)")
                guard verdict != "unparsed" else { continue }
                let (document, _) = YAMLReader.read(file: file.path, bytes: file.text.bytes)
                let parsed = try #require(document, "\(file.path) is marked parseable but is not")
                cases.append(
                    Case(
                        name: file.path, json: ManifestDecoder.json(parsed),
                        schemaShould: verdict))
            }
        }
        let verdicts = try PythonJSONSchema.verdicts(schema: Self.committedURL, instances: cases.map(\.json))
        try #require(verdicts.count == cases.count)
        for (item, verdict) in zip(cases, verdicts) {
            #expect(verdict == item.schemaShould, "\(item.name): the schema \(verdict) it")
        }
        #expect(cases.count(where: { $0.schemaShould == "rejects" }) >= 50)
    }
}
