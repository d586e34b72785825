import Foundation
import GraphClient
import GraphSimulator
import IntuneAssignCore
import ManifestYAML
import PlanRendering
import Testing
import TestSupport

/// Plans of the bundled examples against the bundled tenant, in every format, compared with golden files in
/// `Tests/PlanRenderingTests/Golden`. Re-record on purpose with INTUNE_ASSIGN_RECORD_GOLDEN=1 (the test then fails,
/// so that a recording never passes by itself).
@Suite struct PlanGoldenTests {
    /// Each example: the whole folder, and each manifest with the shared aliases.
    static let examples: [(name: String, files: [String])] = {
        let files = Repository.files(under: "examples/manifests", extensions: [".yaml"]).map(\.lastPathComponent)
        return [("all", files)] + files.filter { $0 != "aliases.yaml" }.map { (String($0.dropLast(5)), ["aliases.yaml", $0]) }
    }()

    static func plan(_ files: [String], tenantFile: String = "examples/tenant.json") async throws -> Plan {
        let sources = try files.map { file in
            ManifestSource(path: "examples/manifests/\(file)", bytes: [UInt8](try Data(contentsOf: Repository.url("examples/manifests/\(file)"))))
        }
        let loaded = ManifestLoader.load(sources)
        try #require(!loaded.hasErrors)
        let tenant = try SimulatedTenant.load(Data(contentsOf: Repository.url(tenantFile)))
        let simulator = GraphSimulator(tenant: tenant, options: .init(baseURL: "https://graph.microsoft.com", limits: nil))
        let session = GraphSession(transport: InProcessTransport(simulator), cloud: Cloud.named("global")!)
        let digest = PlanReader.manifestDigest(sources.map { ($0.path, $0.bytes) })
        let (plan, diagnostics) = try await PlanReader(graph: IntuneGraph(session: session)).plan(loaded.state, manifestDigest: digest)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        return try #require(plan)
    }

    static let recording = ProcessInfo.processInfo.environment["INTUNE_ASSIGN_RECORD_GOLDEN"] == "1"

    static func assertGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = Repository.url("Tests/PlanRenderingTests/Golden/\(name)")
        if recording {
            try Data(actual.utf8).write(to: url)
            Issue.record("re-recorded \(name); run again without INTUNE_ASSIGN_RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record("""
                \(name) differs from the golden file at line \(line + 1):
                  expected: \(line < e.count ? String(e[line]) : "<end>")
                  actual:   \(line < a.count ? String(a[line]) : "<end>")
                """, sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: examples.map(\.name))
    func everyFormatMatchesItsGoldenFile(_ name: String) async throws {
        let files = Self.examples.first { $0.name == name }!.files
        let plan = try await Self.plan(files)
        try Self.assertGolden(PlanTextRenderer(color: false).render(plan), "\(name).txt")
        try Self.assertGolden(PlanMarkdownRenderer().render(plan), "\(name).md")
        try Self.assertGolden(PlanFile.encode(plan).serialized(pretty: true) + "\n", "\(name).json")
    }

    /// The README's promise: the example shows adds, updates, removes and an inherited assignment.
    @Test func theExamplePlanShowsEveryKindOfLine() async throws {
        let plan = try await Self.plan(Self.examples[0].files)
        let summary = plan.summary
        #expect(summary.add > 0 && summary.update > 0 && summary.remove > 0 && summary.inherited > 0)
        let text = PlanTextRenderer(color: false).render(plan)
        #expect(text.contains("\n    # group \"All Staff\" (0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40) — from policy set"))
        #expect(text.hasSuffix("\nPlan: 10 configurations to change (6 to add, 4 to update, 3 to remove), 11 Graph calls.\n"))
    }

    @Test func thePlanFileFollowsItsSchema() async throws {
        guard PythonJSONSchema.enabled else { return }
        var instances: [JSONValue] = []
        for example in Self.examples { instances.append(PlanFile.encode(try await Self.plan(example.files))) }
        // A broken plan must be rejected, or the check proves nothing.
        guard case var .object(pairs) = instances[0] else { Issue.record("not an object"); return }
        pairs.removeAll { $0.key == "tenant" }
        instances.append(.object(pairs))
        let verdicts = try PythonJSONSchema.verdicts(schema: Repository.url("schemas/plan.schema.json"), instances: instances)
        #expect(verdicts == Array(repeating: "accepts", count: Self.examples.count) + ["rejects"])
    }
}
