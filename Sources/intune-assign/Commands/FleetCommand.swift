import ArgumentParser
import Foundation
import IntuneAssignCore

/// `intune-assign fleet ...`: helpers for running a fleet on a CI system.
struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Helpers for running a fleet on a CI system.",
        subcommands: [MatrixCommand.self]
    )
}

/// `intune-assign fleet matrix --fleet FILE --shards N`: the CI matrix of a sharded fleet run, as one line of JSON.
struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Print the CI matrix that plans a fleet in N shards, one job per shard that holds tenants.",
        discussion: """
            GitHub Actions (--format github): {"include":[{"shard":"1/4","tenants":"contoso, fabrikam"},...]}, for \
            `strategy.matrix: ${{ fromJSON(needs.JOB.outputs.matrix) }}`; a matrix runs at most 256 jobs. \
            Azure Pipelines (--format azure): {"shard_1_of_4":{"shard":"1/4","tenants":"..."},...}, for \
            `strategy.matrix: $[ dependencies.JOB.outputs['STEP.matrix'] ]`. Each job runs \
            `plan --fleet FILE --shard $shard`; shards that would hold no tenant are left out.
            """
    )

    /// The CI systems whose matrix forms it prints.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case github, azure
    }

    @Option(name: .customLong("fleet"), help: ArgumentHelp("The fleet file.", valueName: "FILE"))
    var file: String

    @Option(help: ArgumentHelp("How many shards (1 to 256).", valueName: "N"))
    var shards: Int

    @Option(
        name: .customLong("tenants"), parsing: .upToNextOption,
        help: ArgumentHelp("Only these tenants: names, and groups as @GROUP.", valueName: "NAME|@GROUP"))
    var tenants: [String] = []

    @Option(help: ArgumentHelp("Only the tenants of this wave.", valueName: "NAME"))
    var wave: String?

    @Option(help: "The CI system: github or azure.")
    var format: Format = .github

    @OptionGroup var output: OutputOptions

    /// GitHub Actions runs at most 256 jobs of one matrix (docs.github.com, "Running variations of jobs").
    func validate() throws {
        guard (1...256).contains(shards) else {
            throw ValidationError("--shards must be between 1 and 256 (a CI matrix runs at most 256 jobs)")
        }
    }

    /// Reads the fleet file (not the manifests) and prints the matrix.
    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let color = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let fleet = try FleetFiles.readOrExit(file, color: color)
        let chosen = try FleetFiles.select(in: fleet, tenants, wave: wave, shard: nil)
        Terminal.out(Self.matrix(chosen, shards: shards, format: format).serialized() + "\n")
    }

    /// The matrix of `tenants` in `shards` parts: one entry per shard that holds a tenant, in shard order.
    static func matrix(_ tenants: [FleetTenant], shards: Int, format: Format) -> JSONValue {
        var jobs: [(index: Int, names: [String])] = []
        for index in 1...shards {
            let names = tenants.filter { Shard.part(of: $0.identity, count: shards) == index }.map(\.name)
            if !names.isEmpty { jobs.append((index, names)) }
        }
        let entries = jobs.map { job in
            JSONValue.object([
                ("shard", .string("\(job.index)/\(shards)")), ("tenants", .string(job.names.joined(separator: ", "))),
            ])
        }
        switch format {
        case .github: return .object([("include", .array(entries))])
        case .azure: return .object(zip(jobs, entries).map { job, entry in ("shard_\(job.index)_of_\(shards)", entry) })
        }
    }
}
