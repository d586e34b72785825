import Foundation
import IntuneAssignCore
import TestSupport
import Testing

/// Windows 365 provisioning policies and user settings, and terms and conditions, with the built binary on the
/// example's own tenant: plan → apply → plan, a Frontline shared target kept as it is, an export round trip, and
/// the clouds that do not serve Windows 365.
@Suite struct Windows365CommandTests {
    /// A copy of the example's tenant file, removed when `body` ends.
    func withTenant(_ body: (String) throws -> Void) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("w365-\(UUID().uuidString).json")
        try FileManager.default.copyItem(at: Repository.url("examples/windows365/tenant.json"), to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try body(file.path)
    }

    @Test func plannedAppliedAndPlannedAgainWithTheSharedTargetKept() throws {
        try withTenant { tenant in
            let cli = CommandRunner()
            let plan = try cli.run(["plan", "examples/windows365", "--simulate", tenant])
            #expect(plan.status == 0, "\(plan.stderr)")
            #expect(plan.stdout == (try Golden.text("windows365.txt")))
            let apply = try cli.run(["apply", "examples/windows365", "--simulate", tenant, "--auto-approve"])
            #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
            let again = try cli.run(["plan", "examples/windows365", "--simulate", tenant, "--detailed-exitcode"])
            #expect(again.status == 0, "\(again.stdout)")
            let saved = try String(contentsOfFile: tenant, encoding: .utf8)
            // The Frontline policy's target, with its service plan and allotment, is as it was.
            #expect(saved.contains("\"Shift A\""))
            #expect(saved.contains("\"057efbfe-a95d-4263-acb0-12b4a31fed8d\""))
            #expect(saved.contains("#microsoft.graph.allLicensedUsersAssignmentTarget"))
            #expect(
                !saved.contains("9e8d7c6b-5a49-4382-b1c0-fedcba987654_"), "the contractors' terms assignment is gone")
        }
    }

    /// A group that only a shared Cloud PC's target names is not "unused": deleting it would break the policy.
    @Test func usageFindsAGroupThatOnlyAnUnmodelledTargetNames() throws {
        let usage = try CommandRunner().run([
            "usage", "--name", "Frontline Shift A", "--simulate", "examples/windows365/tenant.json", "--format", "json",
        ])
        #expect(usage.status == 0)
        #expect(usage.stdout.contains("\"unused\": false"))
        #expect(
            usage.stdout.contains("\"unmodelled_target\": \"microsoft.graph.cloudPcManagementGroupAssignmentTarget\""))
    }

    @Test func exportWritesTheThreeKindsAndPlanFindsNoChanges() throws {
        try withTenant { tenant in
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("w365-export-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            let cli = CommandRunner()
            let export = try cli.run(["export", "--simulate", tenant, "--out", out.path, "--by-name"])
            #expect(export.status == 0, "\(export.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            #expect(
                files == [
                    "aliases.yaml", "cloudPcProvisioningPolicy.yaml", "cloudPcUserSetting.yaml",
                    "termsAndConditions.yaml",
                ])
            let policies = try String(contentsOfFile: out.path + "/cloudPcProvisioningPolicy.yaml", encoding: .utf8)
            #expect(policies.contains("name: Cloud PC - Frontline shared"))
            let plan = try cli.run(["plan", out.path, "--simulate", tenant, "--detailed-exitcode"])
            #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        }
    }

    @Test func cloudsWithoutWindows365RefuseItBeforeAnyRequest() throws {
        let cli = CommandRunner()
        // A Graph root where nothing listens: any request would fail with a connection error instead.
        let plan = try cli.run(
            ["plan", "examples/windows365", "--cloud", "usgov-dod", "--graph-url", "http://127.0.0.1:9"],
            environment: ["INTUNE_ASSIGN_ACCESS_TOKEN": "eyJ.e30.sig"])
        #expect(plan.status == 1)
        #expect(
            plan.stderr.contains(
                "windows365.yaml:17:5: error: cloudPcProvisioningPolicy is not served by Microsoft Graph in the "
                    + "usgov-dod cloud (only in: global, usgov); remove it from these manifests"))
        #expect(plan.stderr.contains("nothing was sent to Graph"))
        // US Gov L4 serves it.
        let l4 = try cli.run(
            ["plan", "examples/windows365", "--cloud", "usgov", "--simulate", "examples/windows365/tenant.json"])
        #expect(l4.status == 0, "\(l4.stderr)")
        // check and export leave it out in China; asking for it by name is an error.
        let check = try cli.run(["check", "--cloud", "china", "--simulate", "examples/tenant.json"])
        let china = Kinds.all.count { $0.isAvailable(in: "china") }
        #expect(check.stdout.hasSuffix("\(china) of \(china) kinds readable.\n"))
        let export = try cli.run([
            "export", "--cloud", "china", "--kind", "cloudPcUserSetting", "--simulate", "examples/tenant.json",
        ])
        #expect(export.status == 1)
        #expect(
            export.stderr.contains(
                "cloudPcUserSetting is not served by Microsoft Graph in the china cloud (only in: global, usgov)"))
    }
}
