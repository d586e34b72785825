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
}
