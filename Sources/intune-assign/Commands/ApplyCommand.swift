import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering

/// `intune-assign apply (PLANFILE | PATH...)`: makes the tenant match — a saved plan exactly as it was shown, or a
/// fresh plan of the manifests once confirmed.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the tenant match a saved plan, or the manifests (after showing the plan and asking).",
        discussion: """
            With a plan file (from `plan --out`), the configurations in it are read again first and the plan is \
            refused, with nothing written, if any of them changed since. With manifests, the plan is shown and \
            applied after confirmation on a terminal, or with --auto-approve. Exits 0 when the tenant matches, 1 \
            otherwise, with a line for every configuration that was to change.
            """
    )

    @Argument(
        help:
            "A plan file saved with `plan --out`, or manifest files and folders; with --fleet, the folders of `plan --fleet --out`."
    )
    var paths: [String]

    @Flag(name: .customLong("auto-approve"), help: "Apply the manifests' plan without asking (for pipelines).")
    var autoApprove = false

    @Option(
        name: .customLong("max-removals"),
        help: ArgumentHelp(
            "Refuse a plan that removes more than N assignments.", valueName: "N"))
    var maxRemovals: Int?

    @Option(
        name: .customLong("max-reach"),
        help: ArgumentHelp(
            "Refuse a plan whose changes reach more than N users or devices, or whose reach cannot be read (read "
                + "now, not taken from a plan file).", valueName: "N"))
    var maxReach: Int?

    @Flag(
        name: .customLong("allow-reach"),
        help: "With --max-reach: apply a plan above the limit all the same (its reach is still read and shown).")
    var allowReach = false

    @Option(
        name: .customLong("manifests"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "With a plan file: refuse it unless it was made from exactly these manifests (the paths as given to plan).",
            valueName: "PATH"))
    var manifests: [String] = []

    @Option(
        name: .customLong("justification"),
        help: ArgumentHelp(
            "Multi Admin Approval: why these writes are made (at most 1,024 characters; also "
                + "INTUNE_ASSIGN_JUSTIFICATION). Protected writes become approval requests; run the same apply "
                + "again after they are approved.", valueName: "TEXT"))
    var justification: String?

    @Flag(
        name: .customLong("refile"),
        help: ArgumentHelp(
            "Multi Admin Approval: ask again for a write whose approval request was rejected, cancelled or expired "
                + "(without it, such a write fails and is not filed again)."))
    var refile = false

    @Option(help: "How to report: text (for people and pipeline logs) or json (one document on stdout, for programs).")
    var format: ApplyFormat = .text

    @Option(
        name: .customLong("wave"),
        help: ArgumentHelp("With --fleet: only the tenants of this wave of the fleet file.", valueName: "NAME"))
    var wave: String?

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var target: TargetOptions
    @OptionGroup var rules: RulesOptions
    @OptionGroup var graph: GraphOptions
    @OptionGroup var output: OutputOptions

    /// Refuses a negative `--max-removals` and a justification Graph would refuse.
    func validate() throws {
        if wave != nil, fleet.file == nil { throw ValidationError("--wave needs --fleet FILE") }
        if fleet.file != nil, !target.targets.isEmpty || !manifests.isEmpty {
            throw ValidationError(
                "with --fleet, each tenant's plan is checked against its own manifests; --target and --manifests do not apply"
            )
        }
        if let maxRemovals, maxRemovals < 0 { throw ValidationError("--max-removals must be 0 or more") }
        if let maxReach, maxReach < 0 { throw ValidationError("--max-reach must be 0 or more") }
        if allowReach, maxReach == nil { throw ValidationError("--allow-reach goes with --max-reach") }
        if let text = Self.justification(justification, ProcessInfo.processInfo.environment),
            text.count > ApprovalAnswer.longestJustification
        {
            throw ValidationError(
                "the justification has \(text.count) characters; Multi Admin Approval takes at most "
                    + "\(ApprovalAnswer.longestJustification)")
        }
    }

    /// The justification: `--justification`, else `INTUNE_ASSIGN_JUSTIFICATION`; none when empty.
    static func justification(_ option: String?, _ environment: [String: String]) -> String? {
        let text = option ?? environment["INTUNE_ASSIGN_JUSTIFICATION"]
        return text?.isEmpty == false ? text : nil
    }

    /// Applies a saved plan after checking it is still current, or plans the manifests and applies once confirmed.
    func run() async throws {
        if let file = fleet.file { return try await runFleet(file) }
        let environment = ProcessInfo.processInfo.environment
        let errorColor = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let (source, loaded, needs) = try prepare(color: errorColor)
        var ruleSet: RuleSet?
        if rules.file != nil {
            guard let loaded else {
                throw ValidationError(
                    "--rules checks the plan of the manifests: give --manifests PATH with a plan file")
            }
            ruleSet = try rules.loadOrExit(against: loaded, color: errorColor)
        }
        let connection = try await graph.connect(environment: environment, needs: needs)
        let output = ViewOutput.terminal(errorColor: errorColor, manifests: loaded)
        let view: any ApplyView =
            format == .json
            ? JSONApplyView(output, autoApprove: autoApprove)
            : HumanApplyView(
                output, color: Terminal.useColor(for: 1, disabled: self.output.noColor, environment: environment),
                verbose: graph.verbose, autoApprove: autoApprove)
        var request = ApplyOperation.Request(
            source: source, maxRemovals: maxRemovals, justification: Self.justification(justification, environment),
            refile: refile, maxReach: maxReach, allowReach: allowReach)
        request.rules = ruleSet.map { ($0, rules.strict) }
        let outcome = await ApplyOperation(graph: connection.graph).run(request, view: view)
        if case .applied = outcome, let file = try connection.saveSimulatedTenant() {
            Terminal.err("Saved the simulated tenant to \(file).\n")
        }
        try outcome.exit()
    }

    /// What to apply, read from the arguments before anything is sent: the plan file or the manifests (read once,
    /// the digest checked, loaded, and checked for the cloud), and what signing in needs.
    func prepare(color: Bool) throws -> (ApplyOperation.Source, LoadedManifests?, SignInNeeds) {
        let savedPlan = try Self.planFile(paths)
        if savedPlan != nil, !target.targets.isEmpty {
            throw ValidationError("--target applies to manifests, not to a saved plan")
        }
        if savedPlan == nil, !manifests.isEmpty {
            throw ValidationError("--manifests checks a saved plan; with manifests alone, plan and apply them directly")
        }
        // With a saved plan, the digest is a cheap first check; the fresh plan of the manifests is what proves the
        // file. The manifests, or the plan, tell a person's sign-in its scopes.
        var loaded: LoadedManifests?
        if let manifestPaths = savedPlan == nil ? paths : (manifests.isEmpty ? nil : manifests) {
            let sources = try ManifestFiles.readOrExit(manifestPaths, color: color)
            let digest = ManifestFiles.digest(sources)
            if let savedPlan { try checkDigest(savedPlan, digest: digest) }
            loaded = try ManifestFiles.loadOrExit(sources, digest: digest, color: color)
            try graph.checkCloud(loaded, color: color)
        }
        let targets = try (savedPlan?.targets ?? []).map { text in
            switch TargetSelection.parse(text) {
            case .success(let selection): return selection
            case .failure(let error): throw CommandFailure("the plan file's targets: \(error)")
            }
        }
        let input = loaded.map { ManifestInput(state: $0.state, digest: $0.digest, targets: targets + target.targets) }
        if let savedPlan {
            let needs =
                loaded.map { SignInNeeds($0.state, targets: targets, writes: true) }
                ?? SignInNeeds(
                    kinds: Array(Set(savedPlan.configurations.map(\.kind))), writes: true, tenant: savedPlan.tenant)
            return (.saved(savedPlan, manifests: input), loaded, needs)
        }
        return (
            .manifests(input!), loaded, SignInNeeds(loaded!.state, targets: target.targets, writes: true)
        )
    }

    /// A plan file, if the one path given is one: JSON with a `format_version` (refused if unreadable).
    static func planFile(_ paths: [String]) throws -> Plan? {
        guard paths.count == 1 else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: paths[0], isDirectory: &isFolder), !isFolder.boolValue,
            let data = FileManager.default.contents(atPath: paths[0]),
            data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{"),
            (try? JSONValue.parse([UInt8](data)))?["format_version"] != nil
        else { return nil }
        do {
            return try PlanFile.decode([UInt8](data))
        } catch {
            throw CommandFailure("\(paths[0]): \(error)")
        }
    }

    /// Refuses a plan made from other manifests than `--manifests` names: what was merged must be what was planned.
    func checkDigest(_ plan: Plan, digest: String) throws {
        guard digest == plan.manifestDigest else {
            throw CommandFailure(
                "the plan was made from other manifests than \(manifests.joined(separator: " ")) (the plan's digest is "
                    + "\(plan.manifestDigest), these files' is \(digest)); nothing was changed. Plan these manifests "
                    + "again, giving plan the same paths")
        }
    }

}
