import Foundation
import TestSupport
import Testing

/// In GitHub Actions (`GITHUB_ACTIONS=true`): errors as workflow annotations on stdout, and the markdown plan in the
/// job summary file.
@Suite struct GitHubActionsTests {
    let cli = CommandRunner()

    @Test func validationErrorsBecomeAnnotations() throws {
        let result = try cli.run(["validate", TestManifests.intentTypo], environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1)
        let file = TestManifests.intentTypo.replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(
            of: ",", with: "%2C")
        #expect(
            result.stdout
                == "::error file=\(file),line=7,col=17::'requried' is not an intent of mobileApp; did you mean 'required'?\n"
        )
        // The compiler-style text stays on stderr.
        #expect(result.stderr.contains(":7:17: error: 'requried' is not an intent of mobileApp"))
        let outside = try cli.run(["validate", TestManifests.intentTypo])
        #expect(outside.stdout == "")
    }

    @Test func planErrorsAreAnnotatedWithTheirNotesAndThePlanGoesToTheJobSummary() throws {
        let folder = try cli.temporaryFolder([
            "m.yaml": """
            version: 1
            configurations:
              - kind: deviceConfiguration
                name: No such profile
                assignments: [ allDevices: {} ]

            """
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let failing = try cli.run(
            ["plan", folder.path, "--simulate", "examples/tenant.json"], environment: ["GITHUB_ACTIONS": "true"])
        #expect(failing.status == 1)
        #expect(
            failing.stdout.hasPrefix(
                "::error file=\(folder.path)/m.yaml,line=4,col=11::no deviceConfiguration is named \"No such profile\"")
        )

        let summary = folder.appendingPathComponent("summary.md")
        try Data("## Earlier step\n".utf8).write(to: summary)
        let planned = try cli.run(
            ["plan", "examples/manifests", "--simulate", "examples/tenant.json"],
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary.path])
        #expect(planned.status == 0)
        let expected = try String(contentsOf: Golden.url("all.md"), encoding: .utf8)
        #expect(try String(contentsOf: summary, encoding: .utf8) == "## Earlier step\n" + expected)
    }
}
