import Foundation
import Testing
import TestSupport

/// `intune-assign validate`, run as the built executable the way a user or a pipeline runs it.
@Suite struct ValidateCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `intune-assign` executable next to the test bundle.
    static let executable: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent(), Repository.url(".build/debug")] {
            let url = candidate.appendingPathComponent("intune-assign")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return Repository.url(".build/debug/intune-assign")
    }()

    func run(_ arguments: [String], environment: [String: String] = [:], directory: URL = Repository.root) throws -> Run {
        try run(Self.executable, arguments, environment: environment, directory: directory)
    }

    /// Runs a program with NO_COLOR unset unless given; stderr goes to its own pipe, or into stdout when merged.
    func run(
        _ program: URL, _ arguments: [String], environment: [String: String], directory: URL = Repository.root,
        mergeOutput: Bool = false
    ) throws -> Run {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = mergeOutput ? out : err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = mergeOutput ? Data() : err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryFolder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    @Test func theExampleIsValid() throws {
        let result = try run(["validate", "examples/manifests"])
        #expect(result.status == 0)
        #expect(result.stdout == "Valid: 6 files, 25 configurations, 39 assignments, 2 Autopilot devices.\n")
        #expect(result.stderr == "")
    }

    @Test func everyErrorOfEveryFileIsReportedAndTheExitCodeIsOne() throws {
        let folder = try temporaryFolder([
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
        let result = try run(["validate", "."], directory: folder)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
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

    @Test func aFileNamedTwiceIsReadOnce() throws {
        let result = try run(["validate", "examples/manifests", "examples/manifests/apps.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Valid: 6 files,"))
    }

    @Test func missingPathsAndEmptyFoldersAreErrors() throws {
        let missing = try run(["validate", "no/such/place"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: no/such/place: no such file or folder\n")
        let folder = try temporaryFolder(["readme.md": "# nothing here"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = try run(["validate", folder.path])
        #expect(empty.status == 1)
        #expect(empty.stderr == "error: \(folder.path): no manifests (*.yaml or *.yml) in this folder\n")
    }

    @Test func noArgumentsIsAUsageError() throws {
        let result = try run(["validate"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Missing expected argument '<paths> ...'"))
    }

    // MARK: - Colour: only on a terminal, never with --no-color or NO_COLOR

    /// Runs the command under a pseudo-terminal (util-linux `script`), where stderr is a terminal.
    func runOnTerminal(_ command: String, environment: [String: String] = [:]) throws -> Run {
        try run(URL(fileURLWithPath: "/bin/sh"), ["-c", "exec script -qec \"$0\" /dev/null", "\(Self.executable.path) \(command)"],
                environment: environment, mergeOutput: true)
    }

    static let scriptAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")
    /// A manifest with one error, written once for the colour tests.
    static let bad: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("intent-typo-\(UUID().uuidString).yaml")
        let text = """
            version: 1
            configurations:
              - kind: mobileApp
                id: 4df81c9c-1c9c-4df8-9c1c-f84d9c1cf84d
                assignments:
                  - group: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01
                    intent: requried

            """
        try? Data(text.utf8).write(to: url)
        return url.path
    }()

    @Test(.enabled(if: scriptAvailable, "needs util-linux script for a pseudo-terminal"))
    func colourOnATerminal() throws {
        let coloured = try runOnTerminal("validate \(Self.bad)")
        #expect(coloured.stdout.contains("\u{1B}[1;31merror: \u{1B}[0m"))
        #expect(coloured.status == 1)
    }

    @Test(.enabled(if: scriptAvailable, "needs util-linux script for a pseudo-terminal"))
    func noColourWhenAskedNotTo() throws {
        let flag = try runOnTerminal("validate --no-color \(Self.bad)")
        #expect(flag.stdout.contains("error: 'requried' is not an intent of mobileApp"))
        #expect(!flag.stdout.contains("\u{1B}["))
        let environment = try runOnTerminal("validate \(Self.bad)", environment: ["NO_COLOR": "1"])
        #expect(environment.stdout.contains("error: 'requried' is not an intent of mobileApp"))
        #expect(!environment.stdout.contains("\u{1B}["))
    }

    @Test func noColourThroughAPipe() throws {
        let result = try run(["validate", Self.bad])
        #expect(result.stderr.hasPrefix("\(Self.bad):7:17: error: 'requried' is not an intent of mobileApp"))
        #expect(!result.stderr.contains("\u{1B}["))
    }
}
