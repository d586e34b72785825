import ArgumentParser
import Foundation
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML

extension PlanMaker {
    /// Loads the manifests at `paths` and makes their plan against a connection, for `plan` and `apply`: the plan,
    /// or exit 1 after printing every problem (manifest errors, names that do not resolve, Graph errors).
    static func make(
        _ paths: [String], targets: [TargetSelection], connection: GraphOptions.Connection, color: Bool
    ) async throws -> Plan {
        let (sources, loaded) = try ManifestFiles.loadOrExit(paths, color: color)
        let progress = ProgressLine(enabled: isatty(2) == 1)
        let digest = Digests.manifests(sources.map { ($0.path, $0.bytes) })
        let outcome: (plan: Plan?, diagnostics: [Diagnostic])
        do {
            outcome = try await make(
                loaded.state, manifestDigest: digest, targets: targets, graph: connection.graph,
                progress: progress.report)
        } catch {
            progress.finish()
            throw CommandFailure(error.description + "\nNothing was changed.")
        }
        progress.finish()
        try ManifestFiles.reportOrExit(ManifestLoader.withSourceLines(outcome.diagnostics, from: sources), color: color)
        guard let plan = outcome.plan else { throw ExitCode.failure }
        return plan
    }
}
