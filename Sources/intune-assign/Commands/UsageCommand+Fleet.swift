import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering
import Synchronization

extension UsageCommand {
    /// `usage --fleet FILE`: the subjects' usage in each tenant (of `--tenants`, of `--shard`), side by side, compared
    /// with each tenant's merged manifests; aliases resolve in each tenant's manifests, so `--name` and aliases ask
    /// the same question of every tenant. Exits 1 when a subject is unknown in a tenant or a tenant fails.
    func runFleet(_ file: String) async throws {
        let environment = ProcessInfo.processInfo.environment
        let color = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let loaded = try FleetFiles.loadOrExit(file, selecting: fleet.tenants, shard: fleet.parsedShard, color: color)
        let chosen = try graph.checkCloud(nil, kinds: kindOptions.kinds, color: color)
        let connector = try fleet.connector(graph, environment: environment)
        let requests = try loaded.tenants.map { tenant in
            let manifests = tenant.manifests
            return UsageOperation.Request(
                subjects: try subjects(manifests), kinds: chosen,
                manifests: ManifestInput(state: manifests.state, digest: manifests.digest))
        }
        let results = try await connector.each(
            loaded.tenants.map(\.tenant), width: fleet.tenantConcurrency,
            // Every kind any tenant's manifests use: a person's sign-in asks for the scopes once for all.
            needs: SignInNeeds(
                kinds: Array(Set(chosen + loaded.tenants.flatMap { $0.manifests.state.configurations.map(\.kind) })),
                writes: false, tenant: nil),
            work: { index, connection -> FleetUsage in
                let view = CollectingUsageView()
                switch await UsageOperation(graph: connection.graph).run(requests[index], view: view) {
                case .reported: return .reported(view.reports, unknown: view.unknown)
                case .problems: return .failed("its manifests do not plan: run plan --fleet for the problems")
                case .readFailed(let error): return .failed(error)
                }
            })
        let usages = results.map { result -> FleetUsage in
            switch result {
            case .success(let usage): usage
            case .failure(let failure): .failed("signing in failed: \(failure)")
            }
        }
        let style: RenderedUsageView.Style = format == .json ? .json : format == .markdown ? .markdown : .text
        Terminal.out(UsageRenderer.fleet(Array(zip(loaded.tenants.map(\.tenant.name), usages)), style: style))
        let failed = usages.contains {
            if case .reported(_, let unknown) = $0 { return !unknown.isEmpty }
            return true
        }
        if failed { throw ExitCode.failure }
    }
}

/// Keeps what a usage run reports, for a fleet's report made when every tenant is done.
final class CollectingUsageView: UsageView, Sendable {
    private let found = Mutex<(reports: [UsageReport], unknown: [String])>(([], []))

    var reports: [UsageReport] { found.withLock { $0.reports } }
    var unknown: [String] { found.withLock { $0.unknown } }
    func reading(_ progress: ReadProgress) {}
    func readingDone() {}
    func problems(_ diagnostics: [Diagnostic]) {}
    func planned(_ plan: Plan) {}
    func reported(_ reports: [UsageReport], unknown: [(label: String, why: UnknownGroup)]) {
        found.withLock {
            $0 = (reports, unknown.map { "\($0.label): \(RenderedUsageView.words($0.why))" })
        }
    }
}
