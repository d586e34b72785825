import Foundation
import IntuneAssignCore
import ManifestYAML
import TestSupport
import Testing

/// `rules.yaml`: the example reads as written and follows its schema; every mistake is an error at its place, with
/// what to do.
@Suite struct RulesDecoderTests {
    func load(_ text: String) -> (RuleSet?, [String]) {
        let (rules, diagnostics) = RulesDecoder.load(file: "rules.yaml", bytes: Array(text.utf8))
        return (rules, diagnostics.map { "\($0.location.map { "\($0): " } ?? "")\($0.message)" })
    }

    @Test func theExampleReadsAsWrittenAndFollowsItsSchema() throws {
        let text = try String(contentsOf: Repository.url("examples/rules.yaml"), encoding: .utf8)
        let (rules, problems) = load(text)
        #expect(problems.isEmpty, "\(problems)")
        let set = try #require(rules)
        #expect(set.rules.map(\.name).count == 3)
        #expect(set.rules[1].forbid == [TargetMatch(target: .allUsers, intent: "required")])
        #expect(set.rules[2].forbid.first?.filter == TargetMatch.FilterCondition.none)
        #expect(
            set.kinds?.map(\.name) == [
                "deviceCompliancePolicy", "configurationPolicy", "mobileApp", "deviceConfiguration",
            ])
        guard PythonJSONSchema.enabled else { return }
        let broken: JSONValue = ["version": 1, "rules": [["name": "no target", "require": [["intent": "required"]]]]]
        let verdicts = try PythonJSONSchema.verdicts(
            schema: Repository.url("schemas/rules.schema.json"),
            instances: [try JSONValue.parse(Array(try yamlAsJSON(text).utf8)), broken])
        #expect(verdicts == ["accepts", "rejects"])
    }

    /// The example as JSON, through the manifest reader's own conversion.
    func yamlAsJSON(_ text: String) throws -> String {
        let (document, _) = YAMLReader.read(file: "rules.yaml", bytes: Array(text.utf8))
        return ManifestDecoder.json(try #require(document)).serialized()
    }

    @Test func mistakesAreErrorsAtTheirPlace() {
        let (rules, problems) = load(
            """
            version: 1
            rules:
              - name: a
                select: { kinds: [deviceCompliancePolicies], nmaes: [x] }
                require:
                  - exclude: break-glass
                    group: staff
              - select: { kinds: [mobileApp] }
                forbid: [{ allUsers: { filter: some } }]
              - name: nothing
                select: { kinds: [mobileApp] }
            """)
        #expect(rules == nil)
        #expect(
            problems == [
                "rules.yaml:4:50: unknown key 'nmaes' in `select`; did you mean 'names'?",
                "rules.yaml:4:23: unknown kind 'deviceCompliancePolicies'; did you mean 'deviceCompliancePolicy'?",
                "rules.yaml:7:9: one target per entry; `group` belongs in an entry of its own",
                "rules.yaml:9:36: `filter` in a rule is none or any, not 'some'",
                "rules.yaml:8:5: a rule needs a `name`, which violations quote",
                "rules.yaml:10:5: rule 'nothing' requires and forbids nothing; give `require` or `forbid`",
            ], "\(problems)")
    }
}
