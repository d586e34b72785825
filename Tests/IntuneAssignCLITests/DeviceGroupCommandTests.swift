import Foundation
import TestSupport
import Testing

/// Enrollment-time device groups end to end with the built binary, on the example's Autopilot device preparation
/// policy: changed, cleared and set again, each planned as its own line, applied, and planned again to "No changes",
/// in-process and over loopback; a group Intune's checks refuse; and the keys that are refused before anything is
/// read.
@Suite struct DeviceGroupCommandTests {
    let cli = CommandRunner()
    static let policy = "configurationPolicy/e4a1c7d2-8b3f-4e6a-9c5d-7f2b1a0e3d94"
    static let line =
        "    deviceGroup: autopilot-devices           # devices join this group as they enroll "
        + "(owned by the Intune Provisioning Client)\n"

    /// A copy of the example manifests and tenant, in a fresh folder.
    func workspace() throws -> (folder: URL, manifests: URL, tenant: String) { try cli.exampleCopy("dg") }

    /// Writes `value` as the policy's `deviceGroup:` in windows.yaml.
    func setDeviceGroup(_ value: String, in manifests: URL) throws {
        let file = manifests.appendingPathComponent("windows.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let start = try #require(text.range(of: "    deviceGroup: "))
        let end = try #require(text.range(of: "\n", range: start.upperBound..<text.endIndex))
        try text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "    deviceGroup: \(value)\n")
            .write(to: file, atomically: true, encoding: .utf8)
    }

    /// The policy's device group in the tenant file (`nil`: none).
    func deviceGroup(in tenant: String) throws -> String? {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tenant)))
        let configurations = try #require((json as? [String: Any])?["configurations"] as? [[String: Any]])
        let policy = try #require(
            configurations.first { $0["id"] as? String == "e4a1c7d2-8b3f-4e6a-9c5d-7f2b1a0e3d94" })
        return policy["deviceGroup"] as? String
    }

    /// Plans the policy, saves the plan, applies exactly it, and plans again; the first plan's output.
    func planApplyAndPlanAgain(_ manifests: URL, _ tenant: String, folder: URL) throws -> String {
        let file = folder.appendingPathComponent("plan.json").path
        let plan = try cli.run([
            "plan", manifests.path, "--simulate", tenant, "--target", Self.policy, "--out", file, "--detailed-exitcode",
        ])
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
        try cli.expectAppliedAndConverged(
            file, manifests.path, ["--target", Self.policy], simulate: ["--simulate", tenant], environment: [:])
        return plan.stdout
    }

    @Test func aDeviceGroupIsChangedClearedAndSetAgainAndEachConverges() throws {
        let (folder, manifests, tenant) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = "/deviceManagement/configurationPolicies/e4a1c7d2-8b3f-4e6a-9c5d-7f2b1a0e3d94"

        try setDeviceGroup("it-pilot", in: manifests)
        let changed = try planApplyAndPlanAgain(manifests, tenant, folder: folder)
        #expect(
            changed.contains(
                "    ~ devices join group \"IT Pilot\" (3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01) as they enroll, instead of "
                    + "group \"Autopilot Devices\" (5e8a1c3d-2b4f-4a6c-9d7e-0f1a2b3c4d5e)\n"
                    + "    → POST \(path)/setEnrollmentTimeDeviceMembershipTarget with static security group "
                    + "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01\n"), "\(changed)")
        #expect(
            changed.hasSuffix(
                "Plan: 1 configuration to change (0 to add, 1 to update, 0 to remove), 1 Graph call.\n"))
        #expect(try deviceGroup(in: tenant) == "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01")
        // docs/commands/plan.md quotes this plan: each of its lines is in the real output.
        let page = try String(contentsOf: Repository.url("docs/commands/plan.md"), encoding: .utf8)
        let block = try #require(page.range(of: "```\n~ configurationPolicy \"Autopilot device preparation"))
        let close = try #require(page.range(of: "\n```", range: block.upperBound..<page.endIndex))
        let quoted = page[page.index(block.lowerBound, offsetBy: 4)..<close.lowerBound].split(separator: "\n")
        #expect(quoted.count == 5)
        for line in quoted { #expect(changed.contains(line + "\n"), "not in the output: \(line)") }

        try setDeviceGroup("none", in: manifests)
        let cleared = try planApplyAndPlanAgain(manifests, tenant, folder: folder)
        #expect(
            cleared.contains(
                "    - devices join group \"IT Pilot\" (3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01) as they enroll (cleared)\n"
                    + "    → POST \(path)/clearEnrollmentTimeDeviceMembershipTarget\n"), "\(cleared)")
        #expect(cleared.contains("(0 to add, 0 to update, 1 to remove), 1 Graph call."))
        #expect(try deviceGroup(in: tenant) == nil)

        // By name, as assignments name groups.
        try setDeviceGroup("{ name: Autopilot Devices }", in: manifests)
        let set = try planApplyAndPlanAgain(manifests, tenant, folder: folder)
        #expect(
            set.contains(
                "    + devices join group \"Autopilot Devices\" (5e8a1c3d-2b4f-4a6c-9d7e-0f1a2b3c4d5e) as they enroll\n"
            ),
            "\(set)")
        #expect(try deviceGroup(in: tenant) == "5e8a1c3d-2b4f-4a6c-9d7e-0f1a2b3c4d5e")

        // Left out, the group is not looked at: a group set in the portal stays, and nothing is planned.
        let file = manifests.appendingPathComponent("windows.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let start = try #require(text.range(of: "    deviceGroup: "))
        let end = try #require(text.range(of: "\n", range: start.upperBound..<text.endIndex))
        try text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
            .write(to: file, atomically: true, encoding: .utf8)
        try setTenantDeviceGroup(tenant, to: "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01")
        let unlooked = try cli.run([
            "plan", manifests.path, "--simulate", tenant, "--target", Self.policy, "--detailed-exitcode",
        ])
        #expect(unlooked.status == 0, "\(unlooked.stdout)")
    }

    /// Sets the policy's device group in the tenant file, as an admin would in the portal.
    func setTenantDeviceGroup(_ tenant: String, to group: String?) throws {
        try cli.editConfiguration(tenant, id: "e4a1c7d2-8b3f-4e6a-9c5d-7f2b1a0e3d94") { $0["deviceGroup"] = group }
    }

    @Test func overLoopbackTheSetIsOneActionAndTheRetrieveIsARead() throws {
        let (folder, manifests, tenant) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("requests.jsonl")
        let (server, url) = try cli.startSimulator(["--tenant", tenant, "--request-log", log.path])
        defer { server.terminate() }
        let environment = CommandRunner.exampleSignIn(at: url)
        try setDeviceGroup("it-pilot", in: manifests)
        let apply = try cli.run(
            ["apply", manifests.path, "--target", Self.policy, "--auto-approve"], environment: environment)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(apply.stdout.contains("Apply complete: 1 configuration changed with 1 Graph call"), "\(apply.stdout)")
        let again = try cli.run(
            ["plan", manifests.path, "--target", Self.policy, "--detailed-exitcode"], environment: environment)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")

        let requests = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        let actions = requests.filter { $0.contains("EnrollmentTimeDeviceMembershipTarget") }
        // The plan inside apply and the read-back each retrieve once, the plan after it once; one set.
        #expect(actions.filter { $0.contains("/setEnrollmentTimeDeviceMembershipTarget") }.count == 1, "\(actions)")
        #expect(
            actions.filter { $0.contains("/retrieveEnrollmentTimeDeviceMembershipTarget") }.count == 3, "\(actions)")
        #expect(!actions.contains { $0.contains("/clearEnrollmentTimeDeviceMembershipTarget") })
    }

    @Test func aGroupIntuneRefusesFailsTheApplyAndChangesNothing() throws {
        let (folder, manifests, tenant) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Finance is owned by a person, not by the Intune Provisioning Client.
        try cli.editTenant(tenant) { json in
            var groups = json["groups"] as? [[String: Any]] ?? []
            let index = try #require(groups.firstIndex { $0["displayName"] as? String == "Finance" })
            groups[index]["owners"] = ["0d0d0d0d-2b1c-4e7a-9f3d-5a6b7c8d9e01"]
            json["groups"] = groups
        }

        try setDeviceGroup("finance", in: manifests)
        let apply = try cli.run(
            ["apply", manifests.path, "--simulate", tenant, "--target", Self.policy, "--auto-approve"])
        #expect(apply.status == 1)
        #expect(
            apply.stdout.contains(
                "setEnrollmentTimeDeviceMembershipTarget: 200, and device group 7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b: "
                    + "the Intune Provisioning Client (f1346770-5b25-470b-88bd-d5744ab7952c) is not an owner of it; "
                    + "add it as an owner in Entra (firstPartyAppNotAnOwner)"), "\(apply.stdout)")
        #expect(apply.stdout.contains("Apply failed: 0 changed, 0 partly changed, 1 failed"), "\(apply.stdout)")
        #expect(try deviceGroup(in: tenant) == "5e8a1c3d-2b4f-4a6c-9d7e-0f1a2b3c4d5e")
    }

    @Test func aDeviceGroupWhereNoneCanBeIsRefusedWithItsPlaceAndNothingIsSent() throws {
        let (folder, manifests, tenant) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = manifests.appendingPathComponent("windows.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        // BitLocker is a settings-catalog policy of no enrollment template.
        let bitLocker = "    id: c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81\n"
        #expect(text.contains(bitLocker))
        text = text.replacingOccurrences(of: bitLocker, with: bitLocker + "    deviceGroup: autopilot-devices\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let line =
            try #require(
                text.components(separatedBy: "\n").firstIndex {
                    $0.hasPrefix("    deviceGroup: autopilot-devices") && !$0.contains("#")
                }) + 1

        let log = folder.appendingPathComponent("requests.jsonl")
        let (server, url) = try cli.startSimulator(["--tenant", tenant, "--request-log", log.path])
        defer { server.terminate() }
        let plan = try cli.run(["plan", manifests.path], environment: CommandRunner.exampleSignIn(at: url))
        #expect(plan.status == 1)
        #expect(
            plan.stderr.contains(
                "\(file.path):\(line):18: error: this policy's template (family \"none\") takes no enrollment-time "
                    + "device group"), "\(plan.stderr)")
        // The example policy's group is read; BitLocker's is not asked for, and nothing is written.
        let requests = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(requests.contains { $0.contains("e4a1c7d2-8b3f-4e6a-9c5d-7f2b1a0e3d94/retrieveEnrollment") })
        #expect(!requests.contains { $0.contains("c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81/") })
        #expect(!requests.contains { $0.contains("/setEnrollment") || $0.contains("/clearEnrollment") })

        // On a kind that has none, validate refuses it offline.
        var wifi = try String(contentsOf: manifests.appendingPathComponent("windows.yaml"), encoding: .utf8)
        wifi = wifi.replacingOccurrences(of: bitLocker + "    deviceGroup: autopilot-devices\n", with: bitLocker)
        try wifi.write(to: file, atomically: true, encoding: .utf8)
        let compliance = manifests.appendingPathComponent("compliance.yaml")
        let lines = try String(contentsOf: compliance, encoding: .utf8).components(separatedBy: "\n")
        let assignments = try #require(lines.firstIndex { $0.hasPrefix("    assignments:") })
        var edited = lines
        edited.insert("    deviceGroup: none", at: assignments)
        try edited.joined(separator: "\n").write(to: compliance, atomically: true, encoding: .utf8)
        let validate = try cli.run(["validate", manifests.path])
        #expect(validate.status == 1)
        #expect(
            validate.stderr.contains(
                "\(compliance.path):\(assignments + 1):5: error: `deviceGroup` is only for configurationPolicy"),
            "\(validate.stderr)")
    }

    @Test func anEditedDeviceGroupCallInASavedPlanIsRefused() throws {
        let (folder, manifests, tenant) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        try setDeviceGroup("it-pilot", in: manifests)
        let file = folder.appendingPathComponent("plan.json")
        let plan = try cli.run([
            "plan", manifests.path, "--simulate", tenant, "--target", Self.policy, "--out", file.path,
        ])
        #expect(plan.status == 0, "\(plan.stderr)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\"device_group\""))
        // The call now sends another group than the one the reviewed change names.
        let edited = text.replacingOccurrences(
            of: "\"targetId\": \"3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01\"",
            with: "\"targetId\": \"7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b\"")
        #expect(edited != text)
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let apply = try cli.run(["apply", file.path, "--simulate", tenant])
        #expect(apply.status != 0)
        #expect(apply.stderr.contains("its calls are not the ones its changes call for"), "\(apply.stderr)")
        #expect(try deviceGroup(in: tenant) == "5e8a1c3d-2b4f-4a6c-9d7e-0f1a2b3c4d5e")
    }

    @Test func aDeviceGroupChangedInThePortalIsAdoptedIntoItsLine() throws {
        let (folder, manifests, tenant) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = manifests.appendingPathComponent("windows.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        let comment = "# devices join this group as they enroll (owned by the Intune Provisioning Client)"
        /// Adopts the drift of the policy and returns its `deviceGroup:` line; a plan afterwards shows no change.
        func adopt() throws -> String {
            let run = try cli.run(["export", "--into", manifests.path, "--simulate", tenant, "--target", Self.policy])
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("): 1 changed\n"), "\(run.stdout)")
            let plan = try cli.run([
                "plan", manifests.path, "--simulate", tenant, "--target", Self.policy, "--detailed-exitcode",
            ])
            #expect(plan.status == 0, "\(plan.stdout)")
            let text = try String(contentsOf: file, encoding: .utf8)
            // Only that line changed.
            let lines = text.components(separatedBy: "\n")
            let before = original.components(separatedBy: "\n")
            #expect(lines.count == before.count)
            let changed = zip(lines, before).filter { $0 != $1 }.map(\.0)
            #expect(changed.count == 1, "\(changed)")
            return changed.first ?? ""
        }

        // To a group the manifests have an alias for: the alias, and the line's comment stays.
        try setTenantDeviceGroup(tenant, to: "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01")
        #expect(try adopt() == "    deviceGroup: it-pilot           " + comment)
        try original.write(to: file, atomically: true, encoding: .utf8)
        // Cleared in the portal: `none`.
        try setTenantDeviceGroup(tenant, to: nil)
        #expect(try adopt() == "    deviceGroup: none           " + comment)
        // To a group no alias names, on a line without a comment: its id, and its name beside it.
        let bare = original.replacingOccurrences(
            of: "deviceGroup: autopilot-devices           " + comment, with: "deviceGroup: autopilot-devices")
        #expect(bare != original)
        try bare.write(to: file, atomically: true, encoding: .utf8)
        try setTenantDeviceGroup(tenant, to: "4907956d-97e6-5239-addf-d20030693855")
        let run = try cli.run(["export", "--into", manifests.path, "--simulate", tenant, "--target", Self.policy])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(
            try String(contentsOf: file, encoding: .utf8).contains(
                "\n    deviceGroup: 4907956d-97e6-5239-addf-d20030693855  # Sales\n"))
    }
}
