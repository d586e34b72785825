import Foundation
import TestSupport
import Testing

/// One set of output options, one meaning: every command takes `--no-color` (`check` and `export` once refused it
/// with exit 64).
@Suite struct OutputOptionsTests {
    @Test func everyCommandTakesNoColor() throws {
        let cli = CommandRunner()
        let folder = try cli.temporaryFolder(["README": "exports go here"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = folder.appendingPathComponent("plan.json").path
        let runs: [[String]] = [
            ["validate", "examples/manifests"],
            ["plan", "examples/manifests", "--simulate", "examples/tenant.json", "--out", plan],
            ["show", plan],
            ["usage", "--all-users", "--simulate", "examples/tenant.json"],
            ["check", "--simulate", "examples/tenant.json"],
            ["export", "--simulate", "examples/tenant.json", "--out", folder.appendingPathComponent("out").path],
            ["schema"],
        ]
        for arguments in runs {
            let run = try cli.run(arguments + ["--no-color"])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        let simulator = try cli.run(["simulator", "--no-color", "--help"])
        #expect(simulator.status == 0 && simulator.stdout.contains("--no-color"))
    }
}
