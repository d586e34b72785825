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
        let usages = try await boundedConcurrently(Array(loaded.tenants.indices), width: fleet.tenantConcurrency) {
            index in
            let tenant = loaded.tenants[index]
            var needs = SignInNeeds(kinds: chosen, writes: false, tenant: tenant.manifests.state.tenant)
            needs.kinds = Array(Set(chosen + tenant.manifests.state.configurations.map(\.kind)))
            do {
                let connection = try await connector.connect(tenant.tenant, needs: needs)
                let view = CollectingUsageView()
                switch await UsageOperation(graph: connection.graph).run(requests[index], view: view) {
                case .reported:
                    return (index, FleetUsage.reported(view.reports, unknown: view.unknown))
                case .problems:
                    return (index, .failed("its manifests do not plan: run plan --fleet for the problems"))
                case .readFailed(let error): return (index, .failed(error))
                }
            } catch {
                return (index, .failed("signing in failed: \(error)"))
            }
        }.sorted { $0.0 < $1.0 }.map(\.1)
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
