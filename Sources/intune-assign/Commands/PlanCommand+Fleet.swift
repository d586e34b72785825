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
        // The rules are read once and checked against every tenant's merged manifests before anyone signs in.
        let ruleSet = try rules.loadOrExit(against: loaded.tenants.map(\.manifests), color: errorColor)
        let checked = ruleSet.map { (set: $0, strict: rules.strict) }
        let connector = try fleet.connector(graph, environment: environment)
        let targets = target.targets
        let jobs = loaded.tenants.map { tenant in
            let manifests = tenant.manifests
            let input = ManifestInput(state: manifests.state, digest: manifests.digest, targets: targets)
            let needs = SignInNeeds(manifests.state, targets: targets, writes: false)
            return FleetRunner.Job(
                tenant: tenant.tenant.name, identity: tenant.tenant.identity.description,
                connect: { try await connector.connect(tenant.tenant, needs: needs) },
                work: { connection in
                    await Self.plan(
                        input, manifests.result, on: connection.graph,
                        blame: blame.request(us: connection.auditIdentity), reach: reach.request, rules: checked)
                })
        }
        var results = await fleet.run(jobs)
        if let out {
            do {
                results = try FleetOutput.save(
                    results, to: out, fleet: file, shard: fleet.parsedShard, detailed: detailedExitCode)
            } catch {
                throw CommandFailure("cannot save the fleet's plans to \(out): \(error)")
            }
            Terminal.err(
                "Saved the plans and their index to \(out). Apply exactly these plans with: intune-assign apply "
                    + "--fleet \(file) \(out)\n")
        }
        try FleetOutput.show(
            results, renderer: FleetReportRenderer(action: "plan", color: color), format: format, fleet: file,
            shard: fleet.parsedShard, detailed: detailedExitCode)
        let worst = FleetExit.worst(results, detailed: detailedExitCode)
        if worst.status != 0 { throw ExitCode(worst.status) }
    }

    /// One tenant's plan, as a single-tenant plan makes it; its problems with their source lines.
    static func plan(
        _ input: ManifestInput, _ loaded: LoadResult, on graph: IntuneGraph, blame: PlanOperation.BlameRequest? = nil,
        reach: PlanOperation.ReachRequest? = nil, rules: (set: RuleSet, strict: Bool)? = nil
    ) async -> FleetTenantResult.Outcome {
        let view = CollectingPlanView()
        let operation = PlanOperation(graph: graph).blaming(blame).reaching(reach)
            .checking(rules?.set, strict: rules?.strict ?? false)
        switch await operation.run(input, view: view) {
        case .planned(let plan): return .planned(plan)
        case .problems: return .problems(loaded.withSourceLines(view.diagnostics))
        case .readFailed(let error): return .failed(error)
        }
    }
}
