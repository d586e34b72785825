import Foundation
import TestSupport
import Testing

/// `export --fleet`: what every tenant has the same way goes to the baseline, the rest to each tenant's overlay, and
/// the fleet written plans with no changes against the tenants it was exported from.
@Suite struct FleetExportTests {
    let cli = CommandRunner()

    @Test func theExportedFleetPlansWithNoChangesAndSharesWhatEveryTenantHas() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenants = folder.appendingPathComponent("tenants")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.url("examples/fleet/tenants"), to: tenants)
        // fabrikam's compliance policy excludes one more group: that policy is no longer the same everywhere.
        let fabrikam = tenants.appendingPathComponent("fabrikam.json")
        var tenant = try JSONSerialization.jsonObject(with: Data(contentsOf: fabrikam)) as! [String: Any]
        var configurations = tenant["configurations"] as! [[String: Any]]
        let index = configurations.firstIndex { $0["displayName"] as? String == "Windows - Compliance" }!
        var assignments = configurations[index]["assignments"] as! [[String: Any]]
        var extra = assignments[0]
        var target = extra["target"] as! [String: Any]
        let groups = tenant["groups"] as! [[String: Any]]
        let used = Set(assignments.compactMap { ($0["target"] as? [String: Any])?["groupId"] as? String })
        let other = groups.first { !used.contains($0["id"] as? String ?? "") }!
        target["groupId"] = other["id"]
        target["@odata.type"] = "#microsoft.graph.exclusionGroupAssignmentTarget"
        extra["target"] = target
        extra["id"] = "\(configurations[index]["id"]!)_exclude_\(other["id"]!)"
        assignments.append(extra)
        configurations[index]["assignments"] = assignments
        tenant["configurations"] = configurations
        try JSONSerialization.data(withJSONObject: tenant).write(to: fabrikam)

        let out = folder.appendingPathComponent("exported").path
        let export = try cli.run([
            "export", "--fleet", "examples/fleet/fleet.yaml", "--simulate-fleet", tenants.path, "--out", out,
        ])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(
            export.stdout
                == "Exported 3 tenants into \(out): 1 configurations in the baseline (every tenant has them the same "
                + "way), 3 in the tenants' overlays; the fleet file is \(out)/fleet.yaml.\n")
        let baseline = try String(contentsOfFile: out + "/baseline/configurationPolicy.yaml", encoding: .utf8)
        #expect(baseline.contains("BitLocker - Windows"))
        #expect(!FileManager.default.fileExists(atPath: out + "/baseline/deviceCompliancePolicy.yaml"))
        for name in ["contoso", "fabrikam", "tailspin"] {
            let own = try String(
                contentsOfFile: "\(out)/overlays/\(name)/deviceCompliancePolicy.yaml", encoding: .utf8)
            #expect(own.contains("Windows - Compliance"), "\(name)")
        }
        let fleet = try String(contentsOfFile: out + "/fleet.yaml", encoding: .utf8)
        #expect(fleet.contains("  tenant: fabrikam.example\n  overlays: [overlays/fabrikam]\n"))
        #expect(fleet.contains("waves:\n- name: canary\n  tenants: [contoso]\n"))
        // The written fleet is valid and says the tenants are as they are.
        let plan = try cli.run([
            "plan", "--fleet", out + "/fleet.yaml", "--simulate-fleet", tenants.path, "--detailed-exitcode",
        ])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.hasSuffix("Fleet plan: 3 tenants: 3 no changes.\n"))
        // Part of a fleet makes no baseline.
        let part = try cli.run([
            "export", "--fleet", "examples/fleet/fleet.yaml", "--simulate-fleet", tenants.path, "--tenants", "contoso",
        ])
        #expect(part.status == 64)
    }
}
