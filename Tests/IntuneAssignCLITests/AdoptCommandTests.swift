import Foundation
import TestSupport
import Testing

/// `export --into`: the example tenant's drift adopted into a copy of the example manifests, as a scheduled job or
/// an admin runs it. Only the drifted lists change (the golden diff shows every changed line), a plan of the result
/// says "No changes", sets are kept where they still hold and written out where they do not, and nothing is written
/// when an edit is unsafe or a file changed while the tenant was read.
@Suite struct AdoptCommandTests {
    let cli = CommandRunner()

    /// A scratch folder with a copy of the example manifests (or `files`) and of the example tenant.
    func scratch(_ files: [String: String]? = nil) throws -> (folder: URL, manifests: URL, tenant: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adopt-\(UUID().uuidString)")
        let manifests = folder.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let files {
            try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: manifests.appendingPathComponent(name)) }
        } else {
            try FileManager.default.copyItem(at: Repository.url("examples/manifests"), to: manifests)
        }
        let tenant = folder.appendingPathComponent("tenant.json")
        try FileManager.default.copyItem(at: Repository.url("examples/tenant.json"), to: tenant)
        return (folder, manifests, tenant.path)
    }

    /// The unified diff of each changed file of the example manifests, as `diff -u` prints it.
    func diff(_ manifests: URL) throws -> String {
        var out = ""
        let names = try FileManager.default.contentsOfDirectory(atPath: manifests.path).sorted()
        for name in names {
            let run = try cli.run(
                URL(fileURLWithPath: "/usr/bin/diff"),
                [
                    "-u", "--label", "a/\(name)", "--label", "b/\(name)",
                    Repository.url("examples/manifests/\(name)").path, manifests.appendingPathComponent(name).path,
                ], environment: [:])
            out += run.stdout
        }
        return out
    }

    /// Every file's bytes.
    func contents(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    @Test func theExampleDriftIsAdoptedIntoItsListsOnlyAndPlansToNoChanges() throws {
        let (folder, manifests, tenant) = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try cli.run(["export", "--into", manifests.path, "--simulate", tenant])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "Adopted configurationPolicy \"Defender onboarding\" (\(manifests.path)/windows.yaml:25:5): 1 written, "
                    + "1 dropped\n"), "\(run.stdout)")
        #expect(
            run.stdout.hasSuffix(
                "Adopted 13 changes of 10 configurations into 4 files: \(manifests.path)/apps.yaml, "
                    + "\(manifests.path)/enrollment.yaml, \(manifests.path)/scripts.yaml, "
                    + "\(manifests.path)/windows.yaml. Review them with git diff; a plan now shows no change for them.\n"
            ))
        // Every changed line, and so every line left as it was, is in the golden diff.
        try Golden.assert(try diff(manifests), "adopt.diff")
        let plan = try cli.run(["plan", manifests.path, "--simulate", tenant, "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)")
        #expect(plan.stdout.hasSuffix("No changes. The tenant matches the manifests.\n"))
        let again = try cli.run(["export", "--into", manifests.path, "--simulate", tenant])
        #expect(again.stdout == "Nothing to adopt: the tenant holds what the manifests say.\n")
    }

    @Test func targetAdoptsOnlyTheConfigurationsItNames() throws {
        let (folder, manifests, tenant) = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try cli.run([
            "export", "--into", manifests.path, "--simulate", tenant,
            "--target", "deviceConfiguration/3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Adopted deviceConfiguration \"Wi-Fi - Offices\""))
        #expect(run.stdout.contains("Adopted 1 change of 1 configuration into 1 file"))
        let plan = try cli.run(["plan", manifests.path, "--simulate", tenant])
        #expect(plan.stdout.contains("Plan: 9 configurations to change"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("Wi-Fi - Offices"))
    }

    static let setManifest = """
        version: 1
        groups:
          all-staff: 0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40
          break-glass: a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d
          finance: 7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b
        assignmentSets:
          protect:
            - exclude: break-glass
            - exclude: finance
        configurations:
          - kind: deviceCompliancePolicy
            id: 6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87
            assignments:
              - group: all-staff
              - use: protect   # the usual exclusions
          - kind: groupPolicyConfiguration
            id: 8e1c4a7b-3d9f-4b2e-a6c8-1f5d9b3e7a20
            assignments:
              - group: all-staff
              - use: protect

        """

    @Test func aSetThatNoLongerHoldsIsWrittenOutAtThatConfigurationOnly() throws {
        let (folder, manifests, tenant) = try scratch(["policies.yaml": Self.setManifest])
        defer { try? FileManager.default.removeItem(at: folder) }
        let applied = try cli.run(["apply", manifests.path, "--simulate", tenant, "--auto-approve"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        // In the admin center: Finance is no longer excluded from the compliance policy.
        let change = try cli.changeOutsideTheManifests(
            """
            version: 1
            configurations:
              - kind: deviceCompliancePolicy
                id: 6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87
                assignments:
                  - group: 0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40
                  - exclude: a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d
            """, tenant: tenant)
        #expect(change.status == 0, "\(change.stdout)\(change.stderr)")

        let run = try cli.run(["export", "--into", manifests.path, "--simulate", tenant])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: manifests.appendingPathComponent("policies.yaml"), encoding: .utf8)
        #expect(
            text
                == Self.setManifest.replacingOccurrences(
                    of: "      - group: all-staff\n      - use: protect   # the usual exclusions\n",
                    with: "      - group: all-staff\n      - exclude: break-glass\n"))
        let plan = try cli.run(["plan", manifests.path, "--simulate", tenant])
        #expect(plan.stdout.hasSuffix("No changes. The tenant matches the manifests.\n"), "\(plan.stdout)")
    }

    @Test func anUnsafeEditWritesNothingAndSaysWhereAndWhy() throws {
        let (folder, manifests, tenant) = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let windows = manifests.appendingPathComponent("windows.yaml")
        let text = try String(contentsOf: windows, encoding: .utf8)
        try text.replacingOccurrences(
            of: "    name: Office - Finance macros signed only\n    assignments:\n      - group: finance\n",
            with: "    name: Office - Finance macros signed only\n    assignments: [ { group: finance } ]\n"
        ).write(to: windows, atomically: true, encoding: .utf8)
        let before = try contents(manifests)
        let run = try cli.run(["export", "--into", manifests.path, "--simulate", tenant])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "cannot adopt the drift, nothing was written: \(manifests.path)/windows.yaml:16:18: this list is "
                    + "written in flow style (`[...]`); write it as a block list"), "\(run.stderr)")
        #expect(try contents(manifests) == before)

        // A configuration no manifest declares: nothing to write it into.
        let nowhere = try cli.run([
            "export", "--into", manifests.path, "--simulate", tenant,
            "--target", "deviceConfiguration/00000000-0000-4000-8000-0000000000aa",
        ])
        #expect(nowhere.status == 1)
        #expect(
            nowhere.stderr.contains(
                "--target deviceConfiguration/00000000-0000-4000-8000-0000000000aa: no manifest entry names this "
                    + "configuration"), "\(nowhere.stderr)")
        #expect(try contents(manifests) == before)

        let mixed = try cli.run(["export", "--into", manifests.path, "--out", "elsewhere", "--simulate", tenant])
        #expect(mixed.status == 64)
        #expect(mixed.stderr.contains("--into edits the manifests given"))
    }

    @Test func aFileChangedWhileTheTenantWasReadIsNotOverwritten() throws {
        let (folder, manifests, tenant) = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("requests.jsonl")
        // Slow answers, so that the edit below lands while the command reads the tenant.
        let (server, url) = try cli.startSimulator([
            "--tenant", tenant, "--latency-ms", "400", "--request-log", log.path,
        ])
        defer { server.terminate() }
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["export", "--into", manifests.path]
        process.environment = ProcessInfo.processInfo.environment.merging(CommandRunner.exampleSignIn(at: url)) {
            $1
        }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The first answer means the manifests were read; a colleague's edit lands after it.
        let deadline = Date().addingTimeInterval(60)
        while (try? Data(contentsOf: log))?.isEmpty ?? true, Date() < deadline { usleep(20_000) }
        let apps = manifests.appendingPathComponent("apps.yaml")
        let edited = try String(contentsOf: apps, encoding: .utf8) + "# a colleague's edit\n"
        try edited.write(to: apps, atomically: true, encoding: .utf8)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(
            stderr.contains("\(apps.path) changed since it was read; nothing was written, run again"), "\(stderr)")
        #expect(try String(contentsOf: apps, encoding: .utf8) == edited)
        #expect(
            try Data(contentsOf: manifests.appendingPathComponent("windows.yaml"))
                == Data(contentsOf: Repository.url("examples/manifests/windows.yaml")))
    }
}
