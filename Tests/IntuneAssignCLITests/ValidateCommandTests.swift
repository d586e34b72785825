import Foundation
import TestSupport
import Testing

/// `intune-assign validate`, run as the built executable the way a user or a pipeline runs it.
@Suite struct ValidateCommandTests {
    let cli = CommandRunner()

    @Test func theExampleIsValid() throws {
        let result = try cli.run(["validate", "examples/manifests"])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "Valid: 7 files, 33 configurations, 45 assignments, 2 Autopilot devices, 2 Apple serial numbers.\n")
        #expect(result.stderr == "")
    }

    @Test func everyErrorOfEveryFileIsReportedAndTheExitCodeIsOne() throws {
        let folder = try cli.temporaryFolder([
            "a/aliases.yaml": "version: 1\ngroups:\n  pilot: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01\n",
            "b.yml": """
            version: 1
            configurations:
              - kind: mobileApp
                id: 4df81c9c-1c9c-4df8-9c1c-f84d9c1cf84d
                assignments:
                  - group: piolt
                    intent: required

            """,
            "c.yaml": "version: 1\nconfigurations:\n  - kind: deviceConfiguration\n    id: nope\n    assignments: []\n",
            "notes.txt": "not a manifest: ignored",
            ".hidden/x.yaml": "this: is not read\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try cli.run(["validate", "."], directory: folder)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr == """
                ./b.yml:6:16: error: 'piolt' is not defined in `groups:`; did you mean 'pilot'?
                      - group: piolt
                               ^
                ./c.yaml:4:9: error: the configuration `id` 'nope' is not a GUID; object ids have the form \
                xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (ids go into Graph URLs, so nothing else is accepted)
                    id: nope
                        ^
                2 errors in 2 files; nothing was sent to Graph.

                """)
    }

    /// Enrollment configurations take includes only: an exclusion is an error at its place, with the reason, and
    /// a plan sends nothing to Graph.
    @Test func anExclusionOnAnEnrollmentConfigurationStopsBeforeAnyRequest() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("esp-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = """
            version: 1
            configurations:
              - kind: deviceEnrollmentConfiguration
                name: ESP - Block until apps installed
                assignments:
                  - group: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01
                  - exclude: a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d

            """
        try Data(text.utf8).write(to: url)
        let validate = try cli.run(["validate", url.path])
        #expect(validate.status == 1)
        #expect(
            validate.stderr.contains(
                "\(url.path):7:9: error: deviceEnrollmentConfiguration does not take `exclude` targets"))
        #expect(validate.stderr.contains("Intune offers no exclusions here"))
        let plan = try cli.run(["plan", url.path, "--simulate", "examples/tenant.json", "--verbose"])
        #expect(plan.status == 1)
        #expect(!plan.stderr.contains("graph: "), "no request was sent")
    }

    @Test func aFileNamedTwiceIsReadOnce() throws {
        let result = try cli.run(["validate", "examples/manifests", "examples/manifests/apps.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Valid: 7 files,"))
    }

    @Test func missingPathsAndEmptyFoldersAreErrors() throws {
        let missing = try cli.run(["validate", "no/such/place"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: no/such/place: no such file or folder\n")
        let folder = try cli.temporaryFolder(["readme.md": "# nothing here"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try cli.run(["validate", folder.path])
        #expect(empty.status == 1)
        #expect(empty.stderr == "error: \(folder.path): no manifests (*.yaml or *.yml) in this folder\n")
    }

    @Test func noArgumentsIsAUsageError() throws {
        let result = try cli.run(["validate"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("give manifest files or folders, or --fleet FILE"))
    }

    // MARK: - Colour: only on a terminal, never with --no-color or NO_COLOR

    @Test(.enabled(if: CommandRunner.scriptAvailable, "needs util-linux script for a pseudo-terminal"))
    func colourOnATerminal() throws {
        let coloured = try cli.runOnTerminal("validate \(TestManifests.intentTypo)")
        #expect(coloured.stdout.contains("\u{1B}[1;31merror: \u{1B}[0m"))
        #expect(coloured.status == 1)
    }

    @Test(.enabled(if: CommandRunner.scriptAvailable, "needs util-linux script for a pseudo-terminal"))
    func noColourWhenAskedNotTo() throws {
        let flag = try cli.runOnTerminal("validate --no-color \(TestManifests.intentTypo)")
        #expect(flag.stdout.contains("error: 'requried' is not an intent of mobileApp"))
        #expect(!flag.stdout.contains("\u{1B}["))
        let environment = try cli.runOnTerminal("validate \(TestManifests.intentTypo)", environment: ["NO_COLOR": "1"])
        #expect(environment.stdout.contains("error: 'requried' is not an intent of mobileApp"))
        #expect(!environment.stdout.contains("\u{1B}["))
    }

    @Test func noColourThroughAPipe() throws {
        let result = try cli.run(["validate", TestManifests.intentTypo])
        #expect(
            result.stderr.hasPrefix("\(TestManifests.intentTypo):7:17: error: 'requried' is not an intent of mobileApp")
        )
        #expect(!result.stderr.contains("\u{1B}["))
    }

    @Test func linksOutOfAManifestFolderAreErrorsAndAreNotRead() throws {
        let folder = try cli.temporaryFolder([
            "manifests/apps.yaml": try String(
                contentsOf: Repository.url("examples/manifests/apps.yaml"), encoding: .utf8),
            "manifests/aliases.yaml": try String(
                contentsOf: Repository.url("examples/manifests/aliases.yaml"), encoding: .utf8),
            "secret.yaml": "TOKEN=do-not-print-me\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifests = folder.appendingPathComponent("manifests")
        let files = FileManager.default
        // A link inside the folder to a file inside it is read like the file.
        try files.createSymbolicLink(
            atPath: manifests.appendingPathComponent("same.yaml").path, withDestinationPath: "apps.yaml")
        let inside = try cli.run(["validate", manifests.path])
        #expect(inside.status == 1, "the linked file repeats apps.yaml's configurations: \(inside.stderr)")
        #expect(!inside.stderr.contains("symbolic link"))
        try files.removeItem(atPath: manifests.appendingPathComponent("same.yaml").path)

        // A link to a file outside the folder: an error that names the link, and the file's text is never shown.
        try files.createSymbolicLink(
            atPath: manifests.appendingPathComponent("leak.yaml").path,
            withDestinationPath: folder.appendingPathComponent("secret.yaml").path)
        let outside = try cli.run(["validate", manifests.path])
        #expect(outside.status == 1)
        #expect(
            outside.stderr.contains(
                "leak.yaml is a symbolic link to a file outside \(manifests.path); it is not followed"))
        #expect(!outside.stderr.contains("do-not-print-me") && !outside.stdout.contains("do-not-print-me"))
        try files.removeItem(atPath: manifests.appendingPathComponent("leak.yaml").path)

        // A link that leads nowhere, and one that leads in a loop: errors, never silently skipped.
        try files.createSymbolicLink(
            atPath: manifests.appendingPathComponent("gone.yaml").path, withDestinationPath: "missing.yaml")
        let dangling = try cli.run(["validate", manifests.path])
        #expect(dangling.status == 1)
        #expect(dangling.stderr.contains("gone.yaml is a symbolic link that leads nowhere"))
        try files.removeItem(atPath: manifests.appendingPathComponent("gone.yaml").path)
        try files.createSymbolicLink(
            atPath: manifests.appendingPathComponent("loop.yaml").path, withDestinationPath: "loop.yaml")
        let loop = try cli.run(["validate", manifests.path])
        #expect(loop.status == 1)
        #expect(loop.stderr.contains("loop.yaml is a symbolic link that leads nowhere (or in a loop)"))
    }
}
