import ArgumentParser
import Foundation
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML

extension PlanMaker {
    /// Refuses manifests with a kind the cloud's Graph does not serve, at each configuration, before any request.
    static func checkCloud(_ manifests: LoadedManifests, cloud: String, color: Bool) throws {
        let problems = manifests.state.cloudProblems(cloud)
        guard !problems.isEmpty else { return }
        try ManifestFiles.reportOrExit(manifests.result.withSourceLines(problems), color: color)
    }

    /// What signing in for a plan of these manifests needs: their kinds (or the `--target` ones) and tenant.
    static func needs(_ state: DesiredState, targets: [TargetSelection], writes: Bool) -> GraphOptions.SignInNeeds {
        let kinds = targets.isEmpty ? state.configurations.map(\.kind) : targets.map(\.key.kind)
        return GraphOptions.SignInNeeds(kinds: Array(Set(kinds)), writes: writes, tenant: state.tenant)
    }

    /// Makes the plan of loaded manifests (`ManifestFiles.loadOrExit`) against a connection, for `plan` and `apply`:
    /// the plan, or exit 1 after printing every problem (names that do not resolve, Graph errors).
    static func make(
        _ manifests: LoadedManifests, targets: [TargetSelection], connection: GraphOptions.Connection, color: Bool
    ) async throws -> Plan {
        let progress = ProgressLine(enabled: isatty(2) == 1)
        let outcome: (plan: Plan?, diagnostics: [Diagnostic])
        do {
            outcome = try await make(
                manifests.state, manifestDigest: manifests.digest, targets: targets, graph: connection.graph,
                progress: progress.report)
        } catch {
            progress.finish()
            throw CommandFailure(error.description + "\nNothing was changed.")
        }
        progress.finish()
        try ManifestFiles.reportOrExit(manifests.result.withSourceLines(outcome.diagnostics), color: color)
        guard let plan = outcome.plan else { throw ExitCode.failure }
        return plan
    }
}
