import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import PlanRendering
import Synchronization

extension ApplyCommand {
    /// `apply --fleet FILE DIR…`: each tenant's saved plan (from the indexes of `plan --fleet --out`), checked as a
    /// single-tenant `apply PLANFILE --manifests` checks it (its manifests planned again and compared, the tenant
    /// read again), then applied; tenants side by side, `--wave` choosing which.
    func runFleet(_ file: String) async throws {
        let environment = ProcessInfo.processInfo.environment
        let errorColor = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let color = Terminal.useColor(for: 1, disabled: output.noColor, environment: environment)
        var selectors = fleet.tenants
        if let wave {
            let whole = try FleetFiles.loadOrExit(file, selecting: [], color: errorColor).fleet
            guard let found = whole.waves.first(where: { $0.name == wave }) else {
                throw CommandFailure(
                    "the fleet has no wave '\(wave)'; its waves are: "
                        + (whole.waves.isEmpty ? "none" : whole.waves.map(\.name).joined(separator: ", ")))
            }
            let inWave = Set(whole.select(found.selectors).map(\.name))
            selectors = selectors.isEmpty ? Array(inWave) : selectors.filter { inWave.contains($0) }
            if selectors.isEmpty { throw CommandFailure("no tenant is both in wave '\(wave)' and in --tenants") }
        }
        let loaded = try FleetFiles.loadOrExit(
            file, selecting: selectors, shard: fleet.parsedShard, color: errorColor)
        let plans = try FleetPlans(folders: paths)
        let connector = try fleet.connector(graph, environment: environment)
        let request = (
            maxRemovals: maxRemovals, justification: Self.justification(justification, environment), refile: refile
        )
        let jobs = loaded.tenants.map { tenant in
            let name = tenant.tenant.name
            let input = ManifestInput(state: tenant.manifests.state, digest: tenant.manifests.digest)
            let needs = SignInNeeds(tenant.manifests.state, targets: [], writes: true)
            let saved = plans.plan(for: name, digest: tenant.manifests.digest)
            let box = Mutex<GraphOptions.Connection?>(nil)
            return FleetRunner.Job(
                tenant: name, identity: tenant.tenant.identity.description,
                connect: {
                    let connection = try await connector.connect(tenant.tenant, needs: needs)
                    box.withLock { $0 = connection }
                    return connection.graph
                },
                work: { graph in
                    let plan: Plan
                    switch saved {
                    case .failure(let why): return .failed(why.description)
                    case .success(let found): plan = found
                    }
                    let text = Mutex("")
                    let write: @Sendable (String) -> Void = { piece in text.withLock { $0 += piece } }
                    let view = HumanApplyView(
                        ViewOutput(out: write, err: write, problems: { _ in }), color: false, verbose: false,
                        autoApprove: true)
                    let outcome = await ApplyOperation(graph: graph).run(
                        .init(
                            source: .saved(plan, manifests: input), maxRemovals: request.maxRemovals,
                            justification: request.justification, refile: request.refile), view: view)
                    if case .applied = outcome, let connection = box.withLock({ $0 }),
                        let simulator = connection.simulator,
                        let tenantFile = connector.simulated?.byIdentity[
                            tenant.tenant.identity.description.lowercased()]?.file
                    {
                        try? simulator.tenant.fileData().write(to: URL(fileURLWithPath: tenantFile), options: .atomic)
                    }
                    if case .refused(let refusal) = outcome { return .failed(ApplyWords.refusal(refusal)) }
                    return .applied(status: outcome.exitStatus, summary: text.withLock { $0 })
                })
        }
        let results = await FleetRunner(width: fleet.tenantConcurrency, failFast: fleet.failFast).run(
            jobs, finished: FleetOutput.finished)
        let renderer = FleetReportRenderer(action: "apply", color: color)
        let shown = FleetOutput.details(results, tenants: loaded.tenants, markdown: false, color: false)
        switch format {
        case .text: Terminal.out(renderer.text(results, details: shown))
        case .json:
            Terminal.out(
                FleetIndexFile.encode(
                    results, fleet: file, shard: nil, detailed: false,
                    errors: FleetOutput.errors(results, details: shown)
                )
                .serialized(pretty: true) + "\n")
        }
        try GitHubActions.appendSummary(renderer.markdown(results, details: shown), environment: environment)
        let worst = FleetExit.worst(results, detailed: false)
        if worst.status != 0 { throw ExitCode(worst.status) }
    }
}

/// The saved plans of a fleet: the indexes of one or more `plan --fleet --out` folders (one per shard), and each
/// tenant's plan file, checked against the digest its index gives.
struct FleetPlans {
    /// Each tenant's index entry and the folder it is in.
    var entries: [String: (folder: String, entry: FleetIndexFile.Entry)] = [:]
    /// The tenants in the order of the folders and of each index.
    var order: [String] = []

    /// Reads the index of every folder; a tenant in two of them is refused.
    init(folders: [String]) throws {
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent(FleetIndexFile.fileName)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure(
                    "\(folder) holds no \(FleetIndexFile.fileName); give the folder of plan --fleet --out")
            }
            let index: (fleet: String, entries: [FleetIndexFile.Entry])
            do { index = try FleetIndexFile.decode([UInt8](data)) } catch { throw CommandFailure("\(path): \(error)") }
            for entry in index.entries {
                if let other = entries[entry.tenant] {
                    throw CommandFailure(
                        "tenant '\(entry.tenant)' is in both \(other.folder) and \(folder); give each shard's folder once"
                    )
                }
                entries[entry.tenant] = (folder, entry)
                order.append(entry.tenant)
            }
        }
    }

    /// A tenant's saved plan, or why there is none to apply (`digest`: the digest its manifests must have now).
    func plan(for tenant: String, digest: String?) -> Result<Plan, CommandFailure> {
        guard let (folder, entry) = entries[tenant] else {
            return .failure(CommandFailure("no saved plan for this tenant: it is in no folder given; plan it first"))
        }
        guard let file = entry.planFile, let expected = entry.planDigest else {
            return .failure(CommandFailure("its plan was not made (\(entry.verdict)); plan it again"))
        }
        let path = (folder as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(CommandFailure("cannot read its plan \(path)"))
        }
        let bytes = [UInt8](data)
        guard Digests.file(bytes) == expected else {
            return .failure(
                CommandFailure("\(path) is not the file the index records (its SHA-256 differs); plan again"))
        }
        let plan: Plan
        do { plan = try PlanFile.decode(bytes) } catch { return .failure(CommandFailure("\(path): \(error)")) }
        guard digest == nil || plan.manifestDigest == digest else {
            return .failure(
                CommandFailure(
                    "its plan was made from other manifests (or variables) than the fleet gives it now; nothing was "
                        + "changed. Plan the fleet again"))
        }
        return .success(plan)
    }
}
