import ArgumentParser
import Foundation
import IntuneAssignCore
import IntuneAssignOperations

/// The options of a command run over a fleet (`--fleet FILE`): which tenants, which shard, how many at once.
struct FleetOptions: ParsableArguments {
    @Option(
        name: .customLong("fleet"),
        help: ArgumentHelp("Run over the tenants of this fleet file (baseline and overlays).", valueName: "FILE"))
    var file: String?

    @Option(
        name: .customLong("tenants"), parsing: .upToNextOption,
        help: ArgumentHelp("Only these tenants of the fleet: names, and groups as @GROUP.", valueName: "NAME|@GROUP"))
    var tenants: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only the tenants of shard I of N (1-based; a stable hash of each tenant's id or domain), for a CI matrix.",
            valueName: "I/N"))
    var shard: String?

    @Option(
        name: .customLong("simulate-fleet"),
        help: ArgumentHelp(
            "Run against the simulator, in-process: a folder of tenant files, each tenant found by its id or domain.",
            valueName: "DIR"))
    var simulateFleet: String?

    @Option(
        name: .customLong("simulate-latency-ms"),
        help: ArgumentHelp(
            "With --simulate-fleet: answer each request after this many milliseconds.", visibility: .hidden))
    var simulateLatency = 0

    @Option(
        name: .customLong("tenant-concurrency"),
        help: "How many tenants run at once (each has its own session, token and pacing).")
    var tenantConcurrency = 100

    @Flag(name: .customLong("fail-fast"), help: "Stop starting tenants once one fails.")
    var failFast = false

    /// Refuses fleet options without `--fleet`, a bad shard, and a concurrency out of range.
    func validate() throws {
        guard file != nil else {
            if !tenants.isEmpty || shard != nil || simulateFleet != nil || failFast {
                throw ValidationError("--tenants, --shard, --simulate-fleet and --fail-fast need --fleet FILE")
            }
            return
        }
        guard (1...256).contains(tenantConcurrency) else {
            throw ValidationError("--tenant-concurrency must be between 1 and 256")
        }
        guard simulateLatency >= 0 else { throw ValidationError("--simulate-latency-ms must be 0 or more") }
        if let shard, case .failure(let error) = Shard.parse(shard) { throw ValidationError("--shard: \(error)") }
    }

    /// The shard, when one is given (checked by `validate`).
    var parsedShard: Shard? { shard.flatMap { try? Shard.parse($0).get() } }
}

extension FleetOptions {
    /// The fleet's connector: `--simulate-fleet`'s tenant files, or each tenant's own sign-in.
    func connector(_ graph: GraphOptions, environment: [String: String]) throws -> FleetConnector {
        if graph.simulate != nil {
            throw ValidationError("--simulate is one tenant; with --fleet use --simulate-fleet DIR")
        }
        GitHubActions.maskSecrets(environment: environment)
        return FleetConnector(
            graph: graph, environment: environment,
            simulated: try simulateFleet.map { try FleetConnector.Simulated(folder: $0) },
            latency: .milliseconds(simulateLatency), budget: .graphPerApp(), appLimit: .graph())
    }
}

extension FleetOptions {
    /// Runs the jobs `--tenant-concurrency` at once (stopping at the first failure with `--fail-fast`), with a line per
    /// tenant as it ends on stderr and, on a terminal, the live progress line.
    func run<Connection>(_ jobs: [FleetRunner.Job<Connection>]) async -> [FleetTenantResult] {
        await FleetProgress(total: jobs.count, live: isatty(2) == 1).run(
            jobs, runner: FleetRunner(width: tenantConcurrency, failFast: failFast))
    }
}
