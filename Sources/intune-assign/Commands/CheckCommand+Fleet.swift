import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import PlanRendering

extension CheckCommand {
    /// `check --fleet FILE`: each tenant (of `--tenants`, of `--shard`) signed in on its own and read, side by side;
    /// one line per tenant in the fleet's order: who signed in, the kinds it reads, the permissions it lacks. Exits 1
    /// when a tenant cannot sign in or read every kind. Only the fleet file is read, not the manifests.
    func runFleet(_ file: String) async throws {
        let environment = ProcessInfo.processInfo.environment
        let color = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let kinds = try graph.checkCloud(nil, color: color)
        let read = try FleetFiles.readOrExit(file, color: color)
        let tenants = try FleetFiles.select(in: read, fleet.tenants, wave: nil, shard: fleet.parsedShard)
        let connector = try fleet.connector(graph, environment: environment)
        let results = try await connector.each(
            tenants, width: fleet.tenantConcurrency, needs: SignInNeeds(kinds: kinds, writes: false, tenant: nil),
            work: { index, connection in
                let outcome = try await CheckOperation(graph: connection.graph).run(
                    kinds, fieldReport: false, toolVersion: Version.current, auditSince: Self.auditCutOff())
                return (
                    ok: outcome.unreadable.isEmpty,
                    text: CheckWords.tenantLine(
                        tenants[index].name, signedIn: connection.description, kinds: kinds.count,
                        unreadable: outcome.unreadable, auditLog: outcome.auditLog)
                )
            })
        let lines = zip(tenants, results).map { tenant, result -> (ok: Bool, text: String) in
            switch result {
            case .success(let line): line
            case .failure(let failure): (false, "\(tenant.name): signing in or reading failed: \(failure)")
            }
        }
        Terminal.out(lines.map { $0.text + "\n" }.joined())
        let failed = lines.filter { !$0.ok }.count
        Terminal.out(
            "\(tenants.count - failed) of \(tenants.count) tenants can be planned with every kind.\n")
        if failed > 0 { throw ExitCode.failure }
    }
}
