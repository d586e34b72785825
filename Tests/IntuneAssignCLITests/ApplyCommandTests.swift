import Foundation
import TestSupport
import Testing

/// `intune-assign apply`, run as a pipeline runs it, on a copy of the example tenant file (`--simulate` writes the
/// tenant back): plan → apply → plan shows no changes; stale plans, missing approval, too many removals and another
/// tenant are refused with the tenant untouched.
@Suite struct ApplyCommandTests {
    let cli = CommandRunner()

    /// A folder holding a copy of the example tenant.
    func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("apply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Repository.url("examples/tenant.json"), to: folder.appendingPathComponent("tenant.json"))
        return folder
    }

    /// Edits the tenant file as JSON.
    func edit(_ path: String, _ change: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: path)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        change(&json)
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: url)
    }

    /// Multi Admin Approval on settings catalog: the plan's two settings-catalog writes await approval (exit 3), the
    /// rest is applied; once approved (in the tenant file, as an admin would in the portal), the same plan applied
    /// again finishes them.
    @Test func aPlanUnderMultiAdminApprovalExitsThreeUntilApprovedThenTheSameApplyFinishesIt() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let planFile = folder.appendingPathComponent("plan.json").path
        try edit(tenant) { $0["multiAdminApproval"] = ["protectedPaths": ["/deviceManagement/configurationPolicies"]] }
        #expect(try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--out", planFile]).status == 0)

        let long = try cli.run(
            ["apply", planFile, "--simulate", tenant, "--justification", String(repeating: "é", count: 1_025)])
        #expect(long.status != 0 && long.status != 3)
        #expect(long.stderr.contains("the justification has 1025 characters; Multi Admin Approval takes at most 1024"))
        let without = try cli.run(["apply", planFile, "--simulate", tenant, "--write-limit", "0/0"])
        #expect(without.status == 1)
        #expect(without.stdout.contains("run apply again with --justification TEXT (nothing was filed)"))

        let environment = ["INTUNE_ASSIGN_JUSTIFICATION": "PR #7: BitLocker for all Windows devices"]
        let first = try cli.run(["apply", planFile, "--simulate", tenant], environment: environment)
        #expect(first.status == 3, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("\nawaiting approval  configurationPolicy \"BitLocker - Windows\""))
        #expect(first.stdout.contains("Apply waiting for approval: 0 changed, 2 awaiting approval (2 requests)."))
        #expect(first.stderr.contains(", awaiting approval: request "))

        let again = try cli.run(["apply", planFile, "--simulate", tenant], environment: environment)
        #expect(again.status == 3, "still waiting: \(again.stdout)")

        try edit(tenant) { json in
            let requests = (json["approvalRequests"] as? [[String: Any]]) ?? []
            #expect(requests.count == 2, "one request per configuration, filed once")
            json["approvalRequests"] = requests.map { request in
                var approved = request
                approved["status"] = "approved"
                return approved
            }
        }
        let finished = try cli.run(["apply", planFile, "--simulate", tenant], environment: environment)
        #expect(finished.status == 0, "\(finished.stdout)\(finished.stderr)")
        #expect(
            finished.stdout.hasSuffix(
                "Apply complete: 2 configurations changed with 2 Graph calls; the tenant matches the plan.\n"))
        let after = try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--detailed-exitcode"])
        #expect(after.status == 0, "\(after.stdout)")
    }

    @Test func planApplyPlanConvergesTheSamePlanIsThenDoneAndAChangeMakesItStale() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let planFile = folder.appendingPathComponent("plan.json").path
        #expect(try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--out", planFile]).status == 0)

        let applied = try cli.run(["apply", planFile, "--simulate", tenant])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(
            applied.stdout.hasPrefix(
                "\nApplying 10 configurations to change (6 to add, 4 to update, 3 to remove), 11 Graph calls.\n"))
        #expect(
            applied.stdout.contains(
                "\nchanged  configurationPolicy \"BitLocker - Windows\" (c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81) — 1 call of 1 made\n"
            ))
        #expect(
            applied.stdout.hasSuffix(
                "\nApply complete: 10 configurations changed with 11 Graph calls; the tenant matches the plan.\n"))
        // A line per configuration as its writes are answered, then the tenant saved.
        let progress = applied.stderr.split(separator: "\n").map(String.init)
        #expect(progress.count == 11)
        #expect(progress.prefix(10).allSatisfy { $0.hasPrefix("written: ") && $0.hasSuffix(" calls made") })
        #expect(
            progress.contains(
                "written: configurationPolicy \"BitLocker - Windows\" (c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81) — 1 of 1 calls made"
            ))
        #expect(progress.last == "Saved the simulated tenant to \(tenant).")

        let after = try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--detailed-exitcode"])
        #expect(after.status == 0)
        #expect(after.stdout.hasSuffix("No changes. The tenant matches the manifests.\n"))

        // The same plan again (a rerun of the merge job): everything is done already, and nothing is written.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tenant))
        let again = try cli.run(["apply", planFile, "--simulate", tenant])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("Already done by an earlier apply of this plan (10):\n"))
        #expect(again.stdout.hasSuffix("Nothing to apply.\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == bytes, "nothing written")

        // A change made outside the plan since: the plan is stale, and nothing is written.
        let portal = folder.appendingPathComponent("portal.yaml")
        try Data(
            """
            version: 1
            configurations:
              - kind: deviceCompliancePolicy
                id: 6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87
                assignments: []

            """.utf8
        ).write(to: portal)
        #expect(try cli.run(["apply", portal.path, "--simulate", tenant, "--auto-approve"]).status == 0)
        let changed = try Data(contentsOf: URL(fileURLWithPath: tenant))
        let stale = try cli.run(["apply", planFile, "--simulate", tenant])
        #expect(stale.status == 1)
        #expect(
            stale.stderr.hasPrefix("Error: the plan is stale: 1 of its configurations changed since it was made:\n"))
        #expect(stale.stderr.hasSuffix("Nothing was changed. Run plan again.\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == changed, "nothing written")
    }

    @Test func anInterruptedApplyIsFinishedByApplyingTheSamePlanAgain() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let planFile = folder.appendingPathComponent("plan.json").path
        #expect(try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--out", planFile]).status == 0)
        // An apply that stopped after one configuration (here: that configuration applied on its own).
        let first = try cli.run([
            "apply", "examples/manifests", "--simulate", tenant, "--auto-approve",
            "--target", "configurationPolicy/c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let resumed = try cli.run(["apply", planFile, "--simulate", tenant])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(
            resumed.stdout.hasPrefix(
                "Already done by an earlier apply of this plan (1):\n  configurationPolicy \"BitLocker - Windows\" "
                    + "(c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81)\n"))
        #expect(resumed.stdout.contains("\nApplying 9 configurations to change"))
        #expect(resumed.stdout.hasSuffix("the tenant matches the plan.\n"))
        let after = try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--detailed-exitcode"])
        #expect(after.status == 0, "converged: \(after.stdout)")
    }

    @Test func aPlanIsAppliedOnlyWithTheManifestsItWasMadeFrom() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let planFile = folder.appendingPathComponent("plan.json").path
        #expect(try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--out", planFile]).status == 0)
        // Other manifests than the plan's: a plan from a branch must not pass for what was merged.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tenant))
        let other = try cli.run([
            "apply", planFile, "--manifests", "examples/manifests/apps.yaml", "--simulate", tenant,
        ])
        #expect(other.status == 1)
        #expect(
            other.stderr.hasPrefix("Error: the plan was made from other manifests than examples/manifests/apps.yaml"))
        #expect(other.stderr.contains("nothing was changed"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == bytes, "nothing written")
        // The same manifests: applied.
        let same = try cli.run(["apply", planFile, "--manifests", "examples/manifests", "--simulate", tenant])
        #expect(same.status == 0, "\(same.stderr)")
        // --manifests belongs to a saved plan.
        let misplaced = try cli.run(["apply", "examples/manifests", "--manifests", "examples/manifests"])
        #expect(misplaced.status != 0)
        #expect(misplaced.stderr.contains("--manifests checks a saved plan"))
    }

    @Test func applyingManifestsNeedsApprovalWithoutATerminal() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tenant))
        let refused = try cli.run(["apply", "examples/manifests", "--simulate", tenant])
        #expect(refused.status == 1)
        #expect(
            refused.stdout.hasSuffix(
                "Plan: 10 configurations to change (6 to add, 4 to update, 3 to remove), 11 Graph calls.\n"))
        #expect(refused.stderr.contains("not applying without confirmation: run on a terminal, or pass --auto-approve"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == bytes)

        let tooMany = try cli.run([
            "apply", "examples/manifests", "--simulate", tenant, "--auto-approve", "--max-removals", "2",
        ])
        #expect(tooMany.status == 1)
        #expect(
            tooMany.stderr.contains("the plan removes 3 assignments, more than --max-removals 2; nothing was changed"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == bytes)

        let approved = try cli.run([
            "apply", "examples/manifests", "--simulate", tenant, "--auto-approve", "--max-removals", "3",
        ])
        #expect(approved.status == 0)
        #expect(approved.stdout.hasSuffix("the tenant matches the plan.\n"))
        let again = try cli.run(["apply", "examples/manifests", "--simulate", tenant, "--auto-approve"])
        #expect(again.status == 0)
        #expect(again.stdout.hasSuffix("No changes. The tenant matches the manifests.\nNothing to apply.\n"))
    }

    @Test(.enabled(if: CommandRunner.scriptAvailable, "needs util-linux script for a pseudo-terminal"))
    func onATerminalOnlyYesApplies() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tenant))
        let declined = try cli.run(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c", "echo no | script -qec \"$0\" /dev/null",
                "\(CommandRunner.executable.path) apply --no-color examples/manifests --simulate \(tenant)",
            ],
            environment: [:], mergeOutput: true)
        #expect(
            declined.stdout.contains(
                "Apply these changes to tenant 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11? Only 'yes' is accepted: "))
        #expect(declined.stdout.contains("Apply cancelled; nothing was changed."))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == bytes)
        let accepted = try cli.run(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c", "echo yes | script -qec \"$0\" /dev/null",
                "\(CommandRunner.executable.path) apply --no-color examples/manifests --simulate \(tenant)",
            ],
            environment: [:], mergeOutput: true)
        #expect(accepted.stdout.contains("Apply complete: 10 configurations changed with 11 Graph calls"))
    }

    /// Removing All devices is marked in the plan and listed again right before the question.
    @Test(.enabled(if: CommandRunner.scriptAvailable, "needs util-linux script for a pseudo-terminal"))
    func removalsOfAllDevicesAreListedAgainBeforeTheQuestion() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let manifest = folder.appendingPathComponent("bitlocker.yaml")
        try Data(
            """
            version: 1
            configurations:
              - kind: configurationPolicy
                id: c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81
                assignments:
                  - exclude: a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d

            """.utf8
        ).write(to: manifest)
        let run = try cli.run(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c", "echo no | script -qec \"$0\" /dev/null",
                "\(CommandRunner.executable.path) apply --no-color \(manifest.path) --simulate \(tenant)",
            ],
            environment: [:], mergeOutput: true)
        #expect(run.stdout.contains("- All devices, filter exclude \"Corporate Windows\"  <-- REMOVES ALL DEVICES"))
        #expect(
            run.stdout.contains(
                """
                This removes All users / All devices assignments:
                  - All devices from configurationPolicy "BitLocker - Windows" (c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81)
                Apply these changes to tenant
                """.replacingOccurrences(of: "\n", with: "\r\n")))
        #expect(run.stdout.contains("Apply cancelled; nothing was changed."))
    }

    @Test func aPlanForAnotherTenantOrRootIsRefused() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let planFile = folder.appendingPathComponent("plan.json").path
        #expect(try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--out", planFile]).status == 0)
        let text = try String(contentsOfFile: planFile, encoding: .utf8)
        try text.replacingOccurrences(
            of: "\"tenant\": \"6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11\"",
            with: "\"tenant\": \"11111111-1111-4111-8111-111111111111\""
        )
        .write(toFile: planFile, atomically: true, encoding: .utf8)
        let other = try cli.run(["apply", planFile, "--simulate", tenant])
        #expect(other.status == 1)
        #expect(
            other.stderr.contains(
                "Refusing the plan: the plan was made for tenant 11111111-1111-4111-8111-111111111111, but the credentials signed in to tenant 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11."
            ))
        try text.replacingOccurrences(
            of: "\"graph_root\": \"https://graph.microsoft.com\"",
            with: "\"graph_root\": \"https://graph.microsoft.us\""
        )
        .write(toFile: planFile, atomically: true, encoding: .utf8)
        let root = try cli.run(["apply", planFile, "--simulate", tenant])
        #expect(root.status == 1)
        #expect(
            root.stderr.contains(
                "Refusing the plan: the plan was made against https://graph.microsoft.us, not https://graph.microsoft.com"
            ))
    }
}
