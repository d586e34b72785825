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
        let loaded = try FleetFiles.loadOrExit(
            file, selecting: fleet.tenants, wave: wave, shard: fleet.parsedShard, color: errorColor)
        let ruleSet = try rules.loadOrExit(against: loaded.tenants.map(\.manifests), color: errorColor)
        let checked = ruleSet.map { (set: $0, strict: rules.strict) }
        let plans = try FleetPlans(folders: paths)
        let connector = try fleet.connector(graph, environment: environment)
        let guards = (
            maxRemovals: maxRemovals, justification: Self.justification(justification, environment), refile: refile,
            maxReach: maxReach, allowReach: allowReach
        )
        let jobs = loaded.tenants.map { tenant in
            let input = ManifestInput(state: tenant.manifests.state, digest: tenant.manifests.digest)
            let needs = SignInNeeds(tenant.manifests.state, targets: [], writes: true)
            let saved = plans.plan(for: tenant.tenant.name, digest: tenant.manifests.digest)
            return FleetRunner.Job(
                tenant: tenant.tenant.name, identity: tenant.tenant.identity.description,
                connect: { try await connector.connect(tenant.tenant, needs: needs) },
                work: { connection -> FleetTenantResult.Outcome in
                    let plan: Plan
                    switch saved {
                    case .failure(let why): return .failed(why.description)
                    case .success(let found): plan = found
                    }
                    // Tenants apply side by side: each one's report is kept whole and shown in the fleet's report.
                    let text = Mutex("")
                    let problems = Mutex<[Diagnostic]>([])
                    let write: @Sendable (String) -> Void = { piece in text.withLock { $0 += piece } }
                    let view = HumanApplyView(
                        ViewOutput(
                            out: write, err: write, problems: { found in problems.withLock { $0 += found } }),
                        color: false, verbose: false, autoApprove: true)
                    var request = ApplyOperation.Request(
                        source: .saved(plan, manifests: input), maxRemovals: guards.maxRemovals,
                        justification: guards.justification, refile: guards.refile, maxReach: guards.maxReach,
                        allowReach: guards.allowReach)
                    request.rules = checked
                    let outcome = await ApplyOperation(graph: connection.graph).run(request, view: view)
                    switch outcome {
                    case .refused(let refusal): return .failed(ApplyWords.refusal(refusal))
                    case .problems:
                        return .problems(tenant.manifests.result.withSourceLines(problems.withLock { $0 }))
                    case .applied, .nothingToApply: break
                    }
                    if case .applied = outcome {
                        do { _ = try connection.saveSimulatedTenant() } catch { return .failed("\(error)") }
                    }
                    // The fresh plan's warnings (a tenant's own, with their source lines) lead its report, as they
                    // lead a single tenant's apply.
                    let warnings = problems.withLock { $0 }
                    let lead =
                        warnings.isEmpty
                        ? ""
                        : DiagnosticRenderer(color: false).render(
                            tenant.manifests.result.withSourceLines(warnings))
                    return .applied(status: outcome.exitStatus, report: lead + text.withLock { $0 })
                })
        }
        let results = await fleet.run(jobs)
        try FleetOutput.show(
            results, renderer: FleetReportRenderer(action: "apply", color: color),
            format: format == .json ? .json : .text, fleet: file, shard: fleet.parsedShard, detailed: false)
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
