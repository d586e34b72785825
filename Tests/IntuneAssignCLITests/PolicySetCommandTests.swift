import Foundation
import TestSupport
import Testing

/// Policy sets end to end with the built binary: a set's own assignment added in the manifest is planned once, on
/// the set, whose block names the configurations that inherit it; the member shows its inherited assignments as
/// from the named set, not changed here. Applied (one create on the set), Intune puts the new assignment on the
/// member, and a plan of both shows no change; in-process and over loopback.
@Suite struct PolicySetCommandTests {
    let cli = CommandRunner()
    static let targets = [
        "--target", "policySet/d1c0ffee-0000-4000-8000-0000000000a1", "--target",
        "configurationPolicy/c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81",
    ]

    @Test(arguments: SimulatorPlace.allCases)
    func aSetsChangeIsShownOnceWithItsMembersAndReachesThemWhenApplied(_ place: SimulatorPlace) throws {
        let (folder, manifests, tenant) = try cli.exampleCopy("sets")
        defer { try? FileManager.default.removeItem(at: folder) }
        let windows = manifests.appendingPathComponent("windows.yaml")
        let text = try String(contentsOf: windows, encoding: .utf8)
        let set = "    name: Windows baseline\n    assignments:\n      - group: all-staff\n"
        #expect(text.contains(set))
        try text.replacingOccurrences(of: set, with: set + "      - group: it-pilot\n")
            .write(to: windows, atomically: true, encoding: .utf8)

        let (simulate, environment, server) = try cli.simulating(tenant, place)
        defer { server?.terminate() }

        let (planFile, plan) = try cli.planSaved(
            manifests.path, Self.targets, into: folder, simulate: simulate, environment: environment)
        #expect(
            plan.stdout.contains(
                """
                ~ policySet "Windows baseline" (d1c0ffee-0000-4000-8000-0000000000a1)
                      group "All Staff" (0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40)
                    + group "IT Pilot" (3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01)
                    # its assignments are inherited by configurationPolicy "BitLocker - Windows" (c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81) (shown there, changed here)
                    → POST /deviceAppManagement/policySets/d1c0ffee-0000-4000-8000-0000000000a1/assignments (one new assignment)

                """), "\(plan.stdout)")
        // The member shows what it inherits now, once, as the set's; its own change (the example's drift) stays its own.
        #expect(
            plan.stdout.contains(
                "    # group \"All Staff\" (0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40) — from policy set \"Windows baseline\" "
                    + "(d1c0ffee-0000-4000-8000-0000000000a1), not changed here (this plan changes the set)\n"),
            "\(plan.stdout)")
        #expect(plan.stdout.components(separatedBy: "group \"IT Pilot\"").count - 1 == 1, "the addition shows once")
        #expect(
            plan.stdout.hasSuffix(
                "Plan: 2 configurations to change (1 to add, 1 to update, 0 to remove), 2 Graph calls.\n"))

        try cli.expectAppliedAndConverged(
            planFile, manifests.path, Self.targets, simulate: simulate, environment: environment)
        // The member now inherits the new assignment: `usage` of the group shows it there, from the set.
        let usage = try cli.run(["usage", "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"] + simulate, environment: environment)
        #expect(usage.status == 0, "\(usage.stderr)")
        #expect(
            usage.stdout.contains(
                "  configurationPolicy \"BitLocker - Windows\" (c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81): include, from "
                    + "policy set d1c0ffee-0000-4000-8000-0000000000a1"), "\(usage.stdout)")
    }
}
