import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import ManifestYAML
import PlanRendering

/// How a plan is shown.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
}

/// `intune-assign plan PATH...`: reads the tenant, and shows what `apply` would change and the calls it would make.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Read the tenant and show what would change to make it match the manifests.",
        discussion: """
            Exits 0 when planning succeeds (with --detailed-exitcode: 0 when nothing changes, 2 when something would), \
            1 on any error. Nothing is written to the tenant.
            """
    )

    @Argument(help: "Manifest files, or folders holding *.yaml / *.yml manifests.")
    var paths: [String]

    @Option(help: "How to show the plan: text, markdown (for a pull-request comment) or json.")
    var format: PlanFormat = .text

    @Option(name: .customLong("out"), help: ArgumentHelp("Also save the plan (JSON) to this file, for `apply`.", valueName: "PLANFILE"))
    var out: String?

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 2 when the plan has changes, 0 when it has none.")
    var detailedExitCode = false

    @Option(name: .customLong("target"), help: ArgumentHelp(
        "Plan only this configuration (KIND/ID, such as deviceConfiguration/3b8e1d6a-…); repeatable.", valueName: "KIND/ID"))
    var targets: [String] = []

    @OptionGroup var graph: GraphOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        for target in targets {
            if case let .failure(error) = TargetSelection.parse(target) { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let errorColor = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let connection = try await graph.connect(environment: environment)
        let plan = try await Planning.make(paths, targets: targets, connection: connection, color: errorColor)

        let outColor = Terminal.useColor(for: 1, disabled: output.noColor, environment: environment)
        PlanOutput.print(plan, format: format, color: outColor)
        try GitHubActions.appendSummary(PlanMarkdownRenderer().render(plan), environment: environment)
        if let out {
            do {
                try PlanOutput.save(plan, to: out)
            } catch {
                throw CommandFailure("cannot write the plan to \(out): \(error)")
            }
            Terminal.err("Saved the plan to \(out). Apply exactly this plan with: intune-assign apply \(out)\n")
        }
        if detailedExitCode, plan.summary.hasChanges { throw ExitCode(2) }
    }
}

/// Loading manifests and planning them against a connection, for `plan` and `apply`.
enum Planning {
    /// The plan, or exit 1 after printing every problem (manifest errors, names that do not resolve, Graph errors).
    static func make(
        _ paths: [String], targets: [String], connection: GraphOptions.Connection, color: Bool
    ) async throws -> Plan {
        let (sources, loaded) = try ManifestFiles.loadOrExit(paths, color: color)
        let selections = targets.compactMap { try? TargetSelection.parse($0).get() }
        let progress = ProgressLine(enabled: isatty(2) == 1)
        let reader = PlanReader(graph: connection.graph, progress: progress.report)
        let digest = PlanReader.manifestDigest(sources.map { ($0.path, $0.bytes) })
        let outcome: (plan: Plan?, diagnostics: [Diagnostic])
        do {
            outcome = try await reader.plan(loaded.state, manifestDigest: digest, targets: selections)
        } catch {
            progress.finish()
            throw CommandFailure(error.description + "\nNothing was changed.")
        }
        progress.finish()
        try ManifestFiles.reportOrExit(ManifestLoader.withSourceLines(outcome.diagnostics, from: sources), color: color)
        guard let plan = outcome.plan else { throw ExitCode.failure }
        return plan
    }
}

/// `intune-assign show PLANFILE`: a saved plan, shown again.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a saved plan file.")

    @Argument(help: "A plan saved with `plan --out`.")
    var planFile: String

    @Option(help: "How to show the plan: text, markdown or json.")
    var format: PlanFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: planFile) else {
            throw CommandFailure("cannot read \(planFile)")
        }
        let plan: Plan
        do { plan = try PlanFile.decode([UInt8](data)) } catch { throw CommandFailure("\(planFile): \(error)") }
        let color = Terminal.useColor(for: 1, disabled: output.noColor, environment: ProcessInfo.processInfo.environment)
        PlanOutput.print(plan, format: format, color: color)
    }
}

enum PlanOutput {
    /// Prints a plan on stdout; JSON goes out one configuration at a time.
    static func print(_ plan: Plan, format: PlanFormat, color: Bool) {
        switch format {
        case .text: Terminal.out(PlanTextRenderer(color: color).render(plan))
        case .markdown: Terminal.out(PlanMarkdownRenderer().render(plan))
        case .json:
            PlanFile.write(plan, to: Terminal.out)
            Terminal.out("\n")
        }
    }

    /// Writes the plan file next to its final place and renames it there, so that a plan file is always whole.
    static func save(_ plan: Plan, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CommandFailure("cannot create \(temporary.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try PlanFile.write(plan) { try handle.write(contentsOf: Data($0.utf8)) }
            try handle.write(contentsOf: Data("\n".utf8))
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else { throw CommandFailure(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

/// `--verbose`: one line per Graph request on stderr.
enum VerboseLog {
    @Sendable static func record(_ record: GraphSession.RequestRecord) {
        let status = record.status.map(String.init) ?? "no answer"
        Terminal.err("graph: \(record.method) \(record.path) \(status) \(Int((record.seconds * 1000).rounded())) ms\n")
    }
}

/// The progress line on a terminal's stderr while reading takes more than a second; nothing otherwise.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let start = Date()
    private let lock = NSLock()
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    @Sendable func report(_ progress: PlanReader.Progress) {
        guard enabled, Date().timeIntervalSince(start) > 1 else { return }
        lock.lock()
        defer { lock.unlock() }
        shown = true
        var line = "Reading the tenant: \(progress.configurationsRead) of \(progress.configurations) configurations, "
            + "\(progress.requests) requests"
        if progress.throttles > 0 { line += ", \(progress.throttles) throttling waits" }
        Terminal.err("\r\u{1B}[K" + line)
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { Terminal.err("\r\u{1B}[K") }
        shown = false
    }
}
