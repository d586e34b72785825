import Foundation
import IntuneAssignCore
import TestSupport
import Testing

/// `intune-assign usage` with the built binary on the example tenant: a group by alias (planned changes included), an
/// unused group by name, and All devices, in all three formats; unknown groups exit 1.
@Suite struct UsageCommandTests {
    static let question = [
        "usage", "all-staff", "--name", "Former Interns", "--all-devices", "--manifests", "examples/manifests",
        "--simulate", "examples/tenant.json",
    ]

    @Test(arguments: [("text", "usage.txt"), ("markdown", "usage.md"), ("json", "usage.json")])
    func everyFormatMatchesItsGoldenFile(_ format: String, _ golden: String) throws {
        let result = try CommandRunner().run(Self.question + ["--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        try Golden.assert(result.stdout, golden)
    }

    @Test(.enabled(if: PythonJSONSchema.enabled)) func theJSONFollowsItsSchema() throws {
        let result = try CommandRunner().run(Self.question + ["--format", "json"])
        let good = try JSONValue.parse(Array(result.stdout.utf8))
        // A report without its subject must be rejected, or the check proves nothing.
        let broken = try JSONValue.parse(
            Array(result.stdout.replacingOccurrences(of: "\"subject\":", with: "\"subjekt\":").utf8))
        let verdicts = try PythonJSONSchema.verdicts(
            schema: Repository.url("schemas/usage.schema.json"), instances: [good, broken])
        #expect(verdicts == ["accepts", "rejects"])
    }

    @Test func unknownGroupsExitOneAndNameTheProblem() throws {
        let cli = CommandRunner()
        let unknown = try cli.run([
            "usage", "11111111-2222-4333-8444-555555555555", "--name", "Nobody Here", "--simulate",
            "examples/tenant.json",
        ])
        #expect(unknown.status == 1)
        #expect(
            unknown.stderr == """
                Unknown groups:
                  11111111-2222-4333-8444-555555555555: no group has the id 11111111-2222-4333-8444-555555555555
                  Nobody Here: no group is named "Nobody Here"

                """)
        let alias = try cli.run(["usage", "all-staff", "--simulate", "examples/tenant.json"])
        #expect(alias.status == 1)
        #expect(
            alias.stderr.contains(
                "'all-staff' is neither a group object id nor an alias (aliases need --manifests PATH)"))
        let nothing = try cli.run(["usage", "--simulate", "examples/tenant.json"])
        #expect(nothing.status == 64)
    }

    /// manifests → usage → apply → usage: what the plan would remove and add is gone once applied, and kept is kept.
    @Test func afterTheApplyEveryOwnedAssignmentIsKept() throws {
        let tenant = FileManager.default.temporaryDirectory.appendingPathComponent("usage-\(UUID().uuidString).json")
        try FileManager.default.copyItem(at: Repository.url("examples/tenant.json"), to: tenant)
        defer { try? FileManager.default.removeItem(at: tenant) }
        let cli = CommandRunner()
        let question = ["usage", "all-staff", "--manifests", "examples/manifests", "--simulate", tenant.path]
        let before = try cli.run(question)
        #expect(before.stdout.contains("removed by the plan") && before.stdout.contains("added by the plan"))
        let apply = try cli.run(["apply", "examples/manifests", "--simulate", tenant.path, "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let after = try cli.run(question)
        #expect(after.status == 0)
        #expect(!after.stdout.contains("by the plan"), "\(after.stdout)")
        #expect(
            after.stdout.contains(
                "mobileApp \"Expense Tracker (retired)\" (61f0a3c5-7e2d-4b9a-8c6e-1d4f7a2b9e35): include, intent "
                    + "uninstall — in the manifests, kept"))
    }
}
