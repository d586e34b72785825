import Foundation
import TestSupport
import Testing

/// Assignment sets end to end with the built binary: one edit of the example's `no-break-glass` set is planned on
/// every configuration that uses it, named on each line, grouped in the markdown plan, applied, and planned again
/// to "No changes".
@Suite struct AssignmentSetCommandTests {
    /// A copy of the example manifests whose shared set also leaves out the contractors, and of the tenant.
    static func workspace() throws -> (folder: URL, manifests: String, tenant: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sets-\(UUID().uuidString)")
        let manifests = folder.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.url("examples/manifests"), to: manifests)
        try FileManager.default.copyItem(
            at: Repository.url("examples/tenant.json"), to: folder.appendingPathComponent("tenant.json"))
        let aliases = manifests.appendingPathComponent("aliases.yaml")
        let text = try String(contentsOf: aliases, encoding: .utf8)
        #expect(text.contains("  no-break-glass:\n    - exclude: break-glass\n"))
        try text.replacingOccurrences(
            of: "  no-break-glass:\n    - exclude: break-glass\n",
            with: "  no-break-glass:\n    - exclude: break-glass\n    - exclude: contractors\n"
        ).write(to: aliases, atomically: true, encoding: .utf8)
        return (folder, manifests.path, folder.appendingPathComponent("tenant.json").path)
    }

    @Test func oneEditOfASetIsPlannedEverywhereAppliedAndConverges() throws {
        let (folder, manifests, tenant) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cli = CommandRunner()
        let validate = try cli.run(["validate", manifests])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("44 assignments"))

        let planFile = folder.appendingPathComponent("plan.json").path
        let plan = try cli.run(["plan", manifests, "--simulate", tenant, "--out", planFile])
        #expect(plan.status == 0, "\(plan.stderr)")
        let fromSet = plan.stdout.split(separator: "\n").filter { $0.hasSuffix("(from set no-break-glass)") }
        #expect(fromSet.count == 4)
        #expect(
            fromSet.allSatisfy {
                $0.contains("+ exclude group \"Contractors\" (3e9f91c3-246b-5ec7-bd24-4f71fcfcf4f2)")
            })
        // The plan file keeps the set's name, so that `show` and the pull-request comment still say it.
        let shown = try cli.run(["show", planFile, "--format", "markdown"])
        #expect(shown.status == 0)
        #expect(
            shown.stdout.contains(
                """
                <details><summary>3 configurations change the same way</summary>

                - iosManagedAppProtection "iOS - Protect corporate data" (90a6f4e2-8b26-552e-8dbd-31c945a55406)
                - deviceCompliancePolicy "Windows - BitLocker, Secure Boot, Defender" (6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87)
                - groupPolicyConfiguration "Edge and OneDrive baseline" (8e1c4a7b-3d9f-4b2e-a6c8-1f5d9b3e7a20)

                ```diff
                + exclude group "Contractors" (3e9f91c3-246b-5ec7-bd24-4f71fcfcf4f2) (from set no-break-glass)
                ```
                </details>
                """))
        let planJSON = try String(contentsOfFile: planFile, encoding: .utf8)
        // Four additions and the four break-glass exclusions that stay.
        #expect(planJSON.components(separatedBy: "\"set\": \"no-break-glass\"").count - 1 == 8)

        let apply = try cli.run(["apply", planFile, "--simulate", tenant])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let again = try cli.run(["plan", manifests, "--simulate", tenant, "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.contains("No changes."))
    }

    @Test func aSetNobodyUsesIsAWarningNotAnError() throws {
        let (folder, manifests, _) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let extra = URL(fileURLWithPath: manifests).appendingPathComponent("spare.yaml")
        try "version: 1\nassignmentSets:\n  spare:\n    - allDevices: {}\n".write(
            to: extra, atomically: true, encoding: .utf8)
        let validate = try CommandRunner().run(["validate", manifests])
        #expect(validate.status == 0)
        #expect(
            validate.stderr.contains(
                "spare.yaml:3:3: warning: assignment set 'spare' is never used; use it with `- use: spare` or remove it"
            ))
    }
}
