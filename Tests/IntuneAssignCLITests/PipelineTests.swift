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

    @Test(arguments: [
        "examples/pipelines/github-actions/intune-assign.yml", "examples/pipelines/azure-devops/azure-pipelines.yml",
    ])
    func workflowsAreYAMLAndUseStepsThatExist(_ path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Repository.url(path)))
        let (document, diagnostics) = YAMLReader.read(file: path, bytes: bytes)
        #expect(document != nil)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let text = String(decoding: bytes, as: UTF8.self)
        let scripts = Set(
            text.split(whereSeparator: { " \n\"'".contains($0) }).filter { $0.hasPrefix("examples/pipelines/scripts/") }
        )
        #expect(scripts.count >= 3)
        for script in scripts {
            #expect(FileManager.default.isExecutableFile(atPath: Repository.url(String(script)).path), "\(script)")
        }
    }
}
