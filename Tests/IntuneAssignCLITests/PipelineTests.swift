import Foundation
import ManifestYAML
import TestSupport
import Testing

/// The example pipelines: their shell steps, run in order against the loopback simulator by the repository's own
/// script, and their workflow files, which must be YAML and name only steps that exist.
@Suite struct PipelineTests {
    @Test func thePipelineStepsBehaveInOrder() throws {
        let result = try CommandRunner().run(
            URL(fileURLWithPath: "/bin/bash"), ["examples/pipelines/test-locally.sh"],
            environment: ["INTUNE_ASSIGN": CommandRunner.executable.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.hasSuffix("All pipeline steps behaved as expected.\n"))
        #expect(!(result.stdout + result.stderr).contains("simulator-only-not-a-secret"))
    }

    @Test func theFleetPipelineStepsBehaveInOrder() throws {
        let result = try CommandRunner().run(
            URL(fileURLWithPath: "/bin/bash"), ["examples/pipelines/test-fleet-locally.sh"],
            environment: ["INTUNE_ASSIGN": CommandRunner.executable.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.hasSuffix("All fleet pipeline steps behaved as expected.\n"))
        #expect(!(result.stdout + result.stderr).contains("simulator-only-not-a-secret-fleet"))
    }

    @Test(arguments: [
        "examples/pipelines/github-actions/intune-assign.yml", "examples/pipelines/azure-devops/azure-pipelines.yml",
        "examples/pipelines/github-actions/intune-assign-fleet.yml",
        "examples/pipelines/azure-devops/azure-pipelines-fleet.yml",
        "action.yml", ".github/workflows/ci.yml", ".github/workflows/release.yml",
    ])
    func workflowsAreYAMLAndUseStepsThatExist(_ path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Repository.url(path)))
        let (document, diagnostics) = YAMLReader.read(file: path, bytes: bytes)
        #expect(document != nil)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        // Every script a workflow names, wherever in a line: `examples/pipelines/scripts/x.sh`, `scripts/x.sh`,
        // `.ci/run`.
        let text = String(decoding: bytes, as: UTF8.self)
        let pattern = #/(?:examples/pipelines/)?scripts/[A-Za-z0-9_.-]+\.sh|\.ci/run/#
        let scripts = Set(text.matches(of: pattern).map { String($0.output) })
        #expect(!scripts.isEmpty)
        for script in scripts {
            // A bare `scripts/x.sh` in a pipeline's comment means the pipeline's own scripts folder.
            let places = [script] + (script.hasPrefix("scripts/") ? ["examples/pipelines/" + script] : [])
            #expect(
                places.contains { FileManager.default.isExecutableFile(atPath: Repository.url($0).path) }, "\(script)")
        }
    }
}
