import Foundation
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import ManifestYAML
import PlanRendering
import TestSupport
import Testing

/// Plans of the bundled examples against the bundled tenant, in every format, compared with golden files in
/// `Tests/Golden`. Re-record on purpose with INTUNE_ASSIGN_RECORD_GOLDEN=1 (the test then fails,
/// so that a recording never passes by itself).
@Suite struct PlanGoldenTests {
    /// Each example: the whole folder, and each manifest with the shared aliases.
    static let examples: [(name: String, files: [String])] = {
        let files = Repository.files(under: "examples/manifests", extensions: [".yaml"]).map(\.lastPathComponent)
        return [("all", files)]
            + files.filter { $0 != "aliases.yaml" }.map { (String($0.dropLast(5)), ["aliases.yaml", $0]) }
    }()

    static func plan(_ files: [String], tenantFile: String = "examples/tenant.json") async throws -> Plan {
        try await SimulatedGraph.examplePlan(files, tenantFile: tenantFile)
    }

    @Test(arguments: examples.map(\.name))
    func everyFormatMatchesItsGoldenFile(_ name: String) async throws {
        let files = Self.examples.first { $0.name == name }!.files
        let plan = try await Self.plan(files)
        try Golden.assert(PlanTextRenderer(color: false).render(plan), "\(name).txt")
        try Golden.assert(PlanMarkdownRenderer().render(plan), "\(name).md")
        try Golden.assert(PlanFile.encode(plan).serialized(pretty: true) + "\n", "\(name).json")
    }

    /// The Windows 365 and terms-and-conditions example on its own tenant.
    @Test func windows365MatchesItsGoldenFiles() async throws {
        let plan = try await SimulatedGraph.examplePlan(
            ["windows365.yaml"], tenantFile: "examples/windows365/tenant.json", folder: "examples/windows365")
        try Golden.assert(PlanTextRenderer(color: false).render(plan), "windows365.txt")
        try Golden.assert(PlanMarkdownRenderer().render(plan), "windows365.md")
        try Golden.assert(PlanFile.encode(plan).serialized(pretty: true) + "\n", "windows365.json")
    }

    /// The README's promise: the example shows adds, updates, removes and an inherited assignment.
    @Test func theExamplePlanShowsEveryKindOfLine() async throws {
        let plan = try await Self.plan(Self.examples[0].files)
        let summary = plan.summary
        #expect(summary.add > 0 && summary.update > 0 && summary.remove > 0 && summary.inherited > 0)
        let text = PlanTextRenderer(color: false).render(plan)
        #expect(text.contains("\n    # group \"All Staff\" (0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40) — from policy set"))
        #expect(
            text.hasSuffix(
                "\nPlan: 10 configurations to change (6 to add, 4 to update, 3 to remove), 11 Graph calls.\n"))
    }

    @Test func thePlanFileFollowsItsSchema() async throws {
        guard PythonJSONSchema.enabled else { return }
        var instances: [JSONValue] = []
        for example in Self.examples { instances.append(PlanFile.encode(try await Self.plan(example.files))) }
        // A broken plan must be rejected, or the check proves nothing.
        guard case .object(var pairs) = instances[0] else {
            Issue.record("not an object")
            return
        }
        pairs.removeAll { $0.key == "tenant" }
        instances.append(.object(pairs))
        let verdicts = try PythonJSONSchema.verdicts(
            schema: Repository.url("schemas/plan.schema.json"), instances: instances)
        #expect(verdicts == Array(repeating: "accepts", count: Self.examples.count) + ["rejects"])
    }
}
