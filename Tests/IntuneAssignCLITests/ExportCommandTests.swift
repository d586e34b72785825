import Foundation
import TestSupport
import Testing

/// `intune-assign export`, run as a user adopting the tool runs it: files that validate, plan to no changes, match
/// the golden export and come out byte-identical twice.
@Suite struct ExportCommandTests {
    let cli = CommandRunner()

    @Test func exportValidatesPlansToNoChangesAndIsReproducible() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["SOURCE_DATE_EPOCH": "1795435200"]  // 2026-11-23T12:00:00Z
        let first = try cli.run(
            ["export", "--simulate", "examples/tenant.json", "--out", folder.path], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout
                == "Exported 33 configurations with 45 assignments from tenant 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11 into 25 files in \(folder.path).\n"
        )
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let golden = Golden.url("export")
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: golden.path).sorted()))
        var texts: [String: Data] = [:]
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let expected = try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8)
            // Outside this checkout the schema comment names the published schema file.
            #expect(
                text
                    == expected.replacingOccurrences(
                        of: "$schema=../../schemas/manifest.schema.json", with: "$schema=manifest.schema.json"),
                "\(name)")
            texts[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        #expect(try cli.run(["validate", folder.path]).status == 0)
        let plan = try cli.run(["plan", folder.path, "--simulate", "examples/tenant.json", "--detailed-exitcode"])
        #expect(plan.status == 0)
        #expect(plan.stdout.hasSuffix("No changes. The tenant matches the manifests.\n"))

        let again = try cli.run(
            ["export", "--simulate", "examples/tenant.json", "--out", folder.path], environment: environment)
        #expect(again.status == 0)
        for name in names {
            #expect(try Data(contentsOf: folder.appendingPathComponent(name)) == texts[name], "\(name) changed")
        }
    }

    @Test func oneKindAndUnknownKinds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let apps = try cli.run([
            "export", "--simulate", "examples/tenant.json", "--out", folder.path, "--kind", "mobileApp",
        ])
        #expect(apps.status == 0)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "aliases.yaml", "mobileApp.yaml",
            ])
        let bad = try cli.run(["export", "--simulate", "examples/tenant.json", "--kind", "mobileApps"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--kind mobileApps: unknown kind; did you mean mobileApp?"))
    }
}
