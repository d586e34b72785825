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

    @Argument(help: "A plan file saved with `plan --out`, or manifest files and folders.")
    var paths: [String]

    @Flag(name: .customLong("auto-approve"), help: "Apply the manifests' plan without asking (for pipelines).")
    var autoApprove = false

    @Option(
        name: .customLong("max-removals"),
        help: ArgumentHelp(
            "Refuse a plan that removes more than N assignments.", valueName: "N"))
    var maxRemovals: Int?

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

    @OptionGroup var target: TargetOptions
    @OptionGroup var graph: GraphOptions
    @OptionGroup var output: OutputOptions

    /// Refuses a negative `--max-removals` and a justification Graph would refuse.
    func validate() throws {
        if let maxRemovals, maxRemovals < 0 { throw ValidationError("--max-removals must be 0 or more") }
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
        let environment = ProcessInfo.processInfo.environment
        let errorColor = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let outColor = Terminal.useColor(for: 1, disabled: output.noColor, environment: environment)
        let savedPlan = try Self.planFile(paths)
        if savedPlan != nil, !target.targets.isEmpty {
            throw ValidationError("--target applies to manifests, not to a saved plan")
        }
        if savedPlan == nil, !manifests.isEmpty {
            throw ValidationError("--manifests checks a saved plan; with manifests alone, plan and apply them directly")
        }
        // Manifests are read once and checked before anything is sent; they, or the plan, tell a person's sign-in its
        // scopes. With a saved plan, the digest is a cheap first check; the fresh plan of the manifests below is
        // what proves the file.
        let manifestPaths = savedPlan == nil ? paths : manifests
        var loaded: LoadedManifests?
        if !manifestPaths.isEmpty {
            let sources = try ManifestFiles.readOrExit(manifestPaths, color: errorColor)
            let digest = ManifestFiles.digest(sources)
            if let savedPlan { try checkDigest(savedPlan, digest: digest) }
            loaded = try ManifestFiles.loadOrExit(sources, digest: digest, color: errorColor)
        }
        if let loaded { try PlanMaker.checkCloud(loaded, cloud: graph.cloud, color: errorColor) }
        let reviewedTargets = try (savedPlan?.targets ?? []).map { text in
            switch TargetSelection.parse(text) {
            case .success(let selection): return selection
            case .failure(let error): throw CommandFailure("the plan file's targets: \(error)")
            }
        }
        let needs =
            loaded.map { PlanMaker.needs($0.result.state, targets: reviewedTargets + target.targets, writes: true) }
            ?? GraphOptions.SignInNeeds(
                kinds: Array(Set(savedPlan!.configurations.map(\.kind))), writes: true, tenant: savedPlan!.tenant)
        let connection = try await graph.connect(environment: environment, needs: needs)
        let applier = PlanApplier(
            graph: connection.graph, justification: Self.justification(justification, environment), refile: refile)

        var plan: Plan
        if let savedPlan {
            plan = try await triage(
                savedPlan, manifests: loaded, targets: reviewedTargets, applier, connection,
                color: errorColor)
        } else {
            plan = try await PlanMaker.make(
                loaded!, targets: target.targets, connection: connection, color: errorColor)
            Terminal.out(PlanTextRenderer(color: outColor).render(plan))
            try checkRemovals(plan)
            if plan.summary.hasChanges { try confirm(plan) }
        }

        guard plan.summary.hasChanges else {
            Terminal.out("Nothing to apply.\n")
            return
        }
        Terminal.out("\nApplying \(plan.summaryLine.dropFirst("Plan: ".count))\n")
        // One line per configuration as its writes are answered (stderr, as progress): a run killed half-way has
        // said how far it got, and the next run of the same plan finishes the rest.
        let verbose = graph.verbose
        if verbose, applier.justification != nil {
            Terminal.err(
                "verbose: with --justification, writes go one by one, not in $batch (whether Graph honours Multi "
                    + "Admin Approval's headers inside $batch is unverified)\n")
        }
        let report = await applier.apply(
            plan,
            settled: { Terminal.err(ApplyWords.progress($0)) },
            rereading: { count, seconds in
                // Reads may lag behind writes: say why the run pauses, under --verbose.
                guard verbose else { return }
                Terminal.err(
                    "verify: \(count) configuration\(count == 1 ? "" : "s") not matching yet; reading again in "
                        + "\(Int(seconds)) s\n")
            })
        Terminal.out("\n" + ApplyReportRenderer(color: outColor).render(report))
        if let simulator = connection.simulator, let file = graph.simulate {
            do {
                try simulator.tenant.fileData().write(to: URL(fileURLWithPath: file), options: .atomic)
                Terminal.err("Saved the simulated tenant to \(file).\n")
            } catch {
                throw CommandFailure("cannot save the simulated tenant to \(file): \(error)")
            }
        }
        // 3: nothing failed, and writes wait for a second admin's approval (run the same apply again after it).
        if report.onlyAwaitingApproval { throw ExitCode(3) }
        if !report.succeeded { throw ExitCode.failure }
    }

    /// A saved plan checked against the tenant, and with `--manifests` against the plan those manifests give now:
    /// the plan to apply, made of configurations derived again (never the file's own), or a refusal that writes
    /// nothing and says which configuration differs and how.
    func triage(
        _ saved: Plan, manifests: LoadedManifests?, targets: [TargetSelection],
        _ applier: PlanApplier, _ connection: GraphOptions.Connection, color: Bool
    ) async throws -> Plan {
        var plan = saved
        let standing: PlanApplier.Standing
        do {
            if let refusal = try await applier.refusal(saved) {
                throw CommandFailure("Refusing the plan: \(refusal).")
            }
            if let manifests {
                let fresh = try await PlanMaker.make(manifests, targets: targets, connection: connection, color: color)
                standing = try await applier.standing(saved, fresh: fresh)
                plan.groupNames = fresh.groupNames
                plan.filterNames = fresh.filterNames
            } else {
                standing = try await applier.standing(saved)
            }
        } catch let error as GraphError {
            throw CommandFailure(error.description + "\nNothing was changed.")
        }
        if !standing.edited.isEmpty {
            let why =
                manifests == nil
                ? "it does not re-derive from what the tenant holds (the file was edited after planning)"
                : "it is not the plan these manifests give (the file was edited, or made from other manifests)"
            let lines = Self.listed(
                standing.edited.map {
                    PlanTextRenderer.heading($0.configuration) + ": " + $0.differences.prefix(5).joined(separator: "; ")
                })
            throw CommandFailure(
                "Refusing the plan: \(why); \(standing.edited.count) configuration"
                    + (standing.edited.count == 1 ? " differs" : "s differ") + ":\n" + lines
                    + "\nNothing was changed. Make the plan again from the merged manifests.")
        }
        let stale = standing.stale
        if !stale.isEmpty {
            throw CommandFailure(
                "the plan is stale: \(stale.count) of its configurations changed since it was made:\n"
                    + Self.listed(stale.map(PlanTextRenderer.heading)) + "\nNothing was changed. Run plan again.")
        }
        // An apply of this plan that was interrupted made some configurations as planned already: they are
        // reported, and the rest is applied, so that running the same job again finishes the work.
        if !standing.done.isEmpty {
            Terminal.out(
                "Already done by an earlier apply of this plan (\(standing.done.count)):\n"
                    + standing.done.map { "  " + PlanTextRenderer.heading($0) + "\n" }.joined())
        }
        if !standing.partlyDone.isEmpty {
            Terminal.out(
                "Partly done by an earlier apply of this plan (\(standing.partlyDone.count)); the rest is applied:\n"
                    + standing.partlyDone.map {
                        "  " + PlanTextRenderer.heading($0.configuration)
                            + " — \($0.callsDone) of \($0.configuration.calls.count) calls made\n"
                    }.joined())
        }
        plan.configurations = standing.pending
        // Guards count what will be written, derived from the tenant as read, not what the file says.
        try checkRemovals(plan)
        return plan
    }

    /// Lines of a refusal, indented, the first 20 and then `…`.
    static func listed(_ lines: [String]) -> String {
        lines.prefix(20).map { "  " + $0 }.joined(separator: "\n") + (lines.count > 20 ? "\n  …" : "")
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

    /// Refuses a plan that removes more assignments than `--max-removals` allows.
    func checkRemovals(_ plan: Plan) throws {
        let removals = plan.summary.remove
        guard let maxRemovals, removals > maxRemovals else { return }
        throw CommandFailure(
            "the plan removes \(removals) assignments, more than --max-removals \(maxRemovals); nothing was changed")
    }

    /// Asks on a terminal; refuses without one (a pipeline must say --auto-approve).
    func confirm(_ plan: Plan) throws {
        guard !autoApprove else { return }
        guard isatty(0) == 1 else {
            throw CommandFailure(
                "not applying without confirmation: run on a terminal, or pass --auto-approve (or apply a saved plan file)"
            )
        }
        var question = ""
        let broad = plan.broadRemovals
        if !broad.isEmpty {
            question += "This removes All users / All devices assignments:\n"
            for (configuration, change) in broad {
                question +=
                    "  - \(change.identityTarget.words(quotedName: nil)) from "
                    + PlanTextRenderer.heading(configuration) + "\n"
            }
        }
        question += "Apply these changes to tenant \(plan.tenant)? Only 'yes' is accepted: "
        Terminal.out(question)
        guard readLine() == "yes" else { throw CommandFailure("Apply cancelled; nothing was changed.") }
    }
}
