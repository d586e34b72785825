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

    /// The example plan with blame: one configuration's author known, the others not.
    static func blamed() async throws -> Plan {
        var plan = try await Self.plan(Self.examples[0].files)
        let changing = plan.configurations.filter { !$0.isNoOp }
        plan.blame = Blame(
            since: "2026-09-01T00:00:00Z", status: .read(complete: true, pages: 1, events: 4),
            entries: [
                changing[0].key: Blame.Entry(
                    eventID: "a0d10000-0000-4000-8000-00000000e002", actor: "admin1@northwind.example",
                    actorType: "user", time: "2026-11-20T14:02:11Z", activity: "Assign MobileApp",
                    assignmentChange: true, ours: false)
            ])
        return plan
    }

    @Test func blameIsSavedAndReadBackForShow() async throws {
        let plan = try await Self.blamed()
        let read = try PlanFile.decode(Array(PlanFile.encode(plan).serialized(pretty: true).utf8))
        #expect(read.blame == plan.blame)
        #expect(PlanTextRenderer(color: false).render(read) == PlanTextRenderer(color: false).render(plan))
        var unavailable = plan
        unavailable.blame = .unavailable(since: "2026-09-01T00:00:00Z", "needs the permission X (Graph answered 403)")
        let readUnavailable = try PlanFile.decode(Array(PlanFile.encode(unavailable).serialized(pretty: true).utf8))
        #expect(readUnavailable.blame == unavailable.blame)
    }

    @Test func thePlanFileFollowsItsSchema() async throws {
        guard PythonJSONSchema.enabled else { return }
        var instances: [JSONValue] = []
        for example in Self.examples { instances.append(PlanFile.encode(try await Self.plan(example.files))) }
        instances.append(PlanFile.encode(try await Self.blamed()))
        // A broken plan must be rejected, or the check proves nothing.
        guard case .object(var pairs) = instances[0] else {
            Issue.record("not an object")
            return
        }
        pairs.removeAll { $0.key == "tenant" }
        instances.append(.object(pairs))
        let verdicts = try PythonJSONSchema.verdicts(
            schema: Repository.url("schemas/plan.schema.json"), instances: instances)
        #expect(verdicts == Array(repeating: "accepts", count: Self.examples.count + 1) + ["rejects"])
    }
}
