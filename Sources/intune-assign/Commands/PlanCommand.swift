import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering

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

    @Argument(help: "Manifest files, or folders holding *.yaml / *.yml manifests (none with --fleet).")
    var paths: [String] = []

    @Option(help: "How to show the plan: text, markdown (for a pull-request comment) or json.")
    var format: PlanFormat = .text

    @Option(
        name: .customLong("out"),
        help: ArgumentHelp(
            "Also save the plan (JSON) to this file, for `apply`; with --fleet, a folder of plans and their index.",
            valueName: "PLANFILE|DIR"))
    var out: String?

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 2 when the plan has changes, 0 when it has none.")
    var detailedExitCode = false

    @OptionGroup var blame: BlameOptions
    @OptionGroup var reach: ReachOptions
    @OptionGroup var rules: RulesOptions
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var target: TargetOptions
    @OptionGroup var graph: GraphOptions
    @OptionGroup var output: OutputOptions

    /// Manifests or a fleet, not both and not neither.
    func validate() throws {
        if fleet.file != nil, !paths.isEmpty { throw ValidationError("give manifests or --fleet FILE, not both") }
        if fleet.file == nil, paths.isEmpty { throw ValidationError("give manifest files or folders, or --fleet FILE") }
    }

    /// Plans, prints the plan, and saves it with `--out`.
    func run() async throws {
        if let file = fleet.file { return try await runFleet(file) }
        let environment = ProcessInfo.processInfo.environment
        let errorColor = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        // The manifests are checked before anything is sent, and tell a person's sign-in its scopes and tenant.
        let manifests = try ManifestFiles.loadOrExit(paths, color: errorColor)
        try graph.checkCloud(manifests, color: errorColor)
        let ruleSet = try rules.loadOrExit(against: manifests, color: errorColor)
        let connection = try await graph.connect(
            environment: environment, needs: .init(manifests.state, targets: target.targets, writes: false))
        let view = format.view(
            .terminal(errorColor: errorColor, manifests: manifests),
            color: Terminal.useColor(for: 1, disabled: output.noColor, environment: environment))
        let input = ManifestInput(state: manifests.state, digest: manifests.digest, targets: target.targets)
        let plan = try await PlanOperation(graph: connection.graph).blaming(
            blame.request(us: connection.auditIdentity)
        ).reaching(reach.request).checking(ruleSet, strict: rules.strict).run(input, view: view).plan()
        if plan.rules?.fails == true {
            Terminal.err("The plan breaks the tenant's rules (above); it was not saved.\n")
            throw ExitCode.failure
        }
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
