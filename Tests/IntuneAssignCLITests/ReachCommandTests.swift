import Foundation
import TestSupport
import Testing

/// `plan --reach`, `--max-reach` and `apply --max-reach/--allow-reach` on the bundled tenant, whose groups have
/// members: each changed line says what it reaches, the plan says its bounds, a plan above the limit leads its
/// pull-request comment with it, and apply refuses it with nothing written unless allowed.
@Suite struct ReachCommandTests {
    let cli = CommandRunner()

    /// A scratch copy of the example tenant.
    func tenantCopy() throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("reach-\(UUID().uuidString).json")
        try FileManager.default.copyItem(at: Repository.url("examples/tenant.json"), to: file)
        return file
    }

    @Test func eachChangeSaysWhatItReachesAndThePlanItsBounds() throws {
        let run = try cli.run(["plan", "examples/manifests", "--simulate", "examples/tenant.json", "--reach"])
        #expect(run.status == 0, "\(run.stderr)")
        for line in [
            "    - group \"Finance\" (7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b), intent available — reaches 9 users\n",
            "    ~ All devices: filter exclude \"Corporate Windows\" → include \"Corporate Windows\" — reaches 24 devices\n",
            "    + collection NWT00014 — reach not counted (a Configuration Manager collection)\n",
            "    reach: newly reaches at most 9 users\n",
            "Reach: newly reaches at most 76 users and 25 devices, and 1 target not counted; stops reaching at most 83 "
                + "users and 43 devices.\n",
        ] {
            #expect(run.stdout.contains(line), "missing: \(line)\n\(run.stdout)")
        }
    }

    @Test func aPlanAboveTheLimitLeadsItsCommentWithIt() throws {
        let run = try cli.run([
            "plan", "examples/manifests", "--simulate", "examples/tenant.json", "--max-reach", "50", "--format",
            "markdown",
        ])
        #expect(run.status == 0)
        #expect(
            run.stdout.hasPrefix(
                "### intune-assign plan\n\n> [!WARNING]\n> **Above the reach limit.** Reach: newly reaches at most 76 "
                    + "users and 25 devices, and 1 target not counted; stops reaching at most 83 users and 43 devices. "
                    + "The limit is 50, and not every target is counted: apply refuses it without --allow-reach."),
            "\(run.stdout.prefix(600))")
        let json = try cli.run([
            "plan", "examples/manifests", "--simulate", "examples/tenant.json", "--max-reach", "50", "--format", "json",
        ])
        let root = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let reach = try #require(root?["reach"] as? [String: Any])
        #expect(reach["above_limit"] as? Bool == true)
        #expect((reach["stops"] as? [String: Any])?["devices"] as? Int == 43)
    }

    @Test func applyRefusesAboveTheLimitWithNothingWrittenUnlessAllowed() throws {
        let tenant = try tenantCopy()
        defer { try? FileManager.default.removeItem(at: tenant) }
        let before = try Data(contentsOf: tenant)
        // Finance (9 users) added to one policy: above a limit of 5.
        let target = ["--target", "groupPolicyConfiguration/e9cd6426-abcf-5df0-aa33-2de0166673c6"]
        let refused = try cli.run(
            ["apply", "examples/manifests", "--simulate", tenant.path, "--auto-approve", "--max-reach", "5"] + target)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "refusing the plan: it newly reaches at most 9 users, above --max-reach 5; nothing was changed. Give "
                    + "--allow-reach to apply it all the same"), "\(refused.stderr)")
        #expect(try Data(contentsOf: tenant) == before)
        let allowed = try cli.run(
            [
                "apply", "examples/manifests", "--simulate", tenant.path, "--auto-approve", "--max-reach", "5",
                "--allow-reach",
            ] + target)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("Reach: newly reaches at most 9 users. Above the limit of 5"))
        let within = try cli.run(["apply", "examples/manifests", "--simulate", tenant.path, "--auto-approve"] + target)
        #expect(within.stdout.contains("No changes"), "\(within.stdout)")
        let lone = try cli.run(["apply", "examples/manifests", "--simulate", tenant.path, "--allow-reach"])
        #expect(lone.status == 64)
    }

    @Test func aCountGraphRefusesIsSaidAndThePlanGoesOn() throws {
        let (server, url) = try cli.startSimulator([
            "--tenant", "examples/tenant.json", "--forbid", "/groups/7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b",
        ])
        defer { server.terminate() }
        let run = try cli.run(
            ["plan", "examples/manifests", "--reach", "--detailed-exitcode"],
            environment: CommandRunner.exampleSignIn(at: url))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "    - group \"Finance\" (7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b), intent available — reaches an unknown "
                    + "number of users and devices\n"), "\(run.stdout)")
        #expect(
            run.stdout.contains(
                "Reach unavailable in part: needs the permission GroupMember.Read.All (Graph answered 403)."))
    }
}
