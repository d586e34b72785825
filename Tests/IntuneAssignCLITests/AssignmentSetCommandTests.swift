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
        #expect(validate.stdout.contains("49 assignments"))

        let planFile = folder.appendingPathComponent("plan.json").path
        let plan = try cli.run(["plan", manifests, "--simulate", tenant, "--out", planFile])
        #expect(plan.status == 0, "\(plan.stderr)")
        let fromSet = plan.stdout.split(separator: "\n").filter { $0.hasSuffix("(from set no-break-glass)") }
        #expect(fromSet.count == 4)
        // docs/manifests.md quotes this plan: each of its lines is in the real output.
        let page = try String(contentsOf: Repository.url("docs/manifests.md"), encoding: .utf8)
        let start = try #require(page.range(of: "Adding `- exclude: contractors` to the example's set:\n\n```\n"))
        let end = try #require(page.range(of: "```", range: start.upperBound..<page.endIndex))
        let quoted = page[start.upperBound..<end.lowerBound].split(separator: "\n")
        #expect(quoted.count == 5)
        for line in quoted { #expect(plan.stdout.contains(line), "not in the output: \(line)") }
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

    /// Manifests give four configurations of three kinds the same two assignments; after the apply, `export --sets`
    /// writes them as one set that all four use, and plan on the export reports no changes.
    @Test func exportWritesASetForAListThreeOrMoreShare() throws {
        let (folder, _, tenant) = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent("same.yaml")
        let entries = ["groupPolicyConfiguration", "configurationPolicy", "deviceCompliancePolicy"]
        var text = "version: 1\nassignmentSets:\n  pilot:\n    - group: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01\n"
        text += "    - exclude: a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\nconfigurations:\n"
        for (kind, id) in zip(
            entries + ["configurationPolicy"],
            [
                "8e1c4a7b-3d9f-4b2e-a6c8-1f5d9b3e7a20", "c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81",
                "6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87", "29501fa7-f34d-55ef-9b86-07ce44f8fea8",
            ])
        {
            text += "  - kind: \(kind)\n    id: \(id)\n    assignments: [ { use: pilot } ]\n"
        }
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let cli = CommandRunner()
        let apply = try cli.run(["apply", manifest.path, "--simulate", tenant, "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")

        let out = folder.appendingPathComponent("export").path
        let export = try cli.run(["export", "--simulate", tenant, "--out", out, "--sets"])
        #expect(export.status == 0, "\(export.stderr)")
        let aliases = try String(contentsOfFile: out + "/aliases.yaml", encoding: .utf8)
        #expect(
            aliases.contains(
                "\n  no-break-glass-accounts_it-pilot:\n  - exclude: break-glass-accounts\n  - group: it-pilot\n"))
        var users = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: out) {
            let file = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            users += file.components(separatedBy: "- use: no-break-glass-accounts_it-pilot").count - 1
        }
        #expect(users == 4)
        let plan = try cli.run(["plan", out, "--simulate", tenant, "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("No changes."))
    }
}
