import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering

extension PlanCommand {
    /// `plan --fleet FILE`: every tenant (of `--tenants`, of `--shard`) planned side by side, one report, the worst
    /// exit status.
    func runFleet(_ file: String) async throws {
        let environment = ProcessInfo.processInfo.environment
        let errorColor = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let color = Terminal.useColor(for: 1, disabled: output.noColor, environment: environment)
        let loaded = try FleetFiles.loadOrExit(
            file, selecting: fleet.tenants, shard: fleet.parsedShard, color: errorColor)
        let connector = try fleet.connector(graph, environment: environment)
        let targets = target.targets
        let jobs = loaded.tenants.map { tenant in
            let input = ManifestInput(
                state: tenant.manifests.state, digest: tenant.manifests.digest, targets: targets)
            let needs = SignInNeeds(tenant.manifests.state, targets: targets, writes: false)
            return FleetRunner.Job(
                tenant: tenant.tenant.name, identity: tenant.tenant.identity.description,
                connect: { try await connector.connect(tenant.tenant, needs: needs).graph },
                work: { graph in await Self.plan(input, on: graph) })
        }
        var results = await FleetRunner(width: fleet.tenantConcurrency, failFast: fleet.failFast).run(
            jobs, finished: FleetOutput.finished)
        let textDetails = FleetOutput.details(results, tenants: loaded.tenants, markdown: false, color: false)
        if let out {
            do {
                results = try FleetOutput.save(
                    results, to: out, fleet: file, shard: fleet.parsedShard, detailed: detailedExitCode,
                    errors: FleetOutput.errors(results, details: textDetails))
            } catch {
                throw CommandFailure("cannot save the fleet's plans to \(out): \(error)")
            }
            Terminal.err(
                "Saved the plans and their index to \(out). Apply exactly these plans with: intune-assign apply "
                    + "--fleet \(file) \(out)\n")
        }
        let renderer = FleetReportRenderer(action: "plan", color: color)
        let markdown = renderer.markdown(
            results, details: FleetOutput.details(results, tenants: loaded.tenants, markdown: true, color: false),
            detailed: detailedExitCode)
        switch format {
        case .text:
            Terminal.out(
                renderer.text(
                    results,
                    details: FleetOutput.details(results, tenants: loaded.tenants, markdown: false, color: color),
                    detailed: detailedExitCode))
        case .markdown:
            Terminal.out(markdown)
        case .json:
            Terminal.out(
                FleetIndexFile.encode(
                    results, fleet: file, shard: fleet.parsedShard?.description, detailed: detailedExitCode,
                    errors: FleetOutput.errors(results, details: textDetails)
                ).serialized(pretty: true) + "\n")
        }
        try GitHubActions.appendSummary(markdown, environment: environment)
        let worst = FleetExit.worst(results, detailed: detailedExitCode)
        if worst.status != 0 { throw ExitCode(worst.status) }
    }

    /// One tenant's plan, as a single-tenant plan makes it.
    static func plan(_ input: ManifestInput, on graph: IntuneGraph) async -> FleetTenantResult.Outcome {
        let view = CollectingPlanView()
        switch await PlanOperation(graph: graph).run(input, view: view) {
        case .planned(let plan): return .planned(plan)
        case .problems: return .problems(view.diagnostics)
        case .readFailed(let error): return .failed(error)
        }
    }
}
