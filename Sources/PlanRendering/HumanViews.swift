public import IntuneAssignCore

/// What a view on a terminal needs and cannot have itself (`PlanRendering` touches no file, stream or terminal):
/// where text goes, and the command line's hooks for the progress line, diagnostics and questions.
public struct ViewOutput: Sendable {
    /// Writes to standard output.
    public var out: @Sendable (String) -> Void
    /// Writes to standard error.
    public var err: @Sendable (String) -> Void
    /// Redraws the progress line (a terminal's stderr only).
    public var progress: @Sendable (ReadProgress) -> Void
    /// Clears the progress line.
    public var progressDone: @Sendable () -> Void
    /// Shows diagnostics at their places in the manifests (source lines, annotations).
    public var problems: @Sendable ([Diagnostic]) -> Void
    /// Asks a person a question and reads the answer; `nil` when nobody can be asked (no terminal).
    public var ask: (@Sendable (String) async -> String?)?

    /// An output from the command line's hooks.
    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        progress: @escaping @Sendable (ReadProgress) -> Void = { _ in },
        progressDone: @escaping @Sendable () -> Void = {},
        problems: @escaping @Sendable ([Diagnostic]) -> Void, ask: (@Sendable (String) async -> String?)? = nil
    ) {
        self.out = out
        self.err = err
        self.progress = progress
        self.progressDone = progressDone
        self.problems = problems
        self.ask = ask
    }
}

/// A view that writes through `ViewOutput`: reading progress and problems go to the command line's hooks, the same
/// for every view.
public protocol OutputView: PlanView {
    /// Where it writes.
    var output: ViewOutput { get }
}

extension OutputView {
    /// Redraws the progress line.
    public func reading(_ progress: ReadProgress) { output.progress(progress) }
    /// Clears the progress line.
    public func readingDone() { output.progressDone() }
    /// Shows the problems at their places in the manifests.
    public func problems(_ diagnostics: [Diagnostic]) { output.problems(diagnostics) }
}

/// Planning, shown to a person: the progress line while reading, the problems found, and the plan as text or as
/// markdown (for a pull-request comment).
public struct HumanPlanView: OutputView {
    /// Where it writes.
    public let output: ViewOutput
    /// Markdown instead of text.
    public let markdown: Bool
    /// Whether stdout may be coloured (text only).
    public let color: Bool

    /// A view writing to `output`.
    public init(_ output: ViewOutput, markdown: Bool, color: Bool) {
        self.output = output
        self.markdown = markdown
        self.color = color
    }

    /// Shows the plan as text or markdown.
    public func planned(_ plan: Plan) {
        output.out(markdown ? PlanMarkdownRenderer().render(plan) : PlanTextRenderer(color: color).render(plan))
    }
}

/// Planning for programs: the plan as the plan file's JSON on stdout, one configuration at a time; progress and
/// problems on stderr as for a person.
public struct JSONPlanView: OutputView {
    /// Where it writes.
    public let output: ViewOutput

    /// A view writing to `output`.
    public init(_ output: ViewOutput) { self.output = output }

    /// Writes the plan as JSON.
    public func planned(_ plan: Plan) {
        PlanFile.write(plan, to: output.out)
        output.out("\n")
    }
}

/// An apply, shown to a person: the plan, the question, the configurations resumed, one progress line per
/// configuration on stderr, and the report.
public struct HumanApplyView: ApplyView, OutputView {
    /// Where it writes.
    public let output: ViewOutput
    /// Whether stdout may be coloured.
    public let color: Bool
    /// `--verbose`: say why writes go one by one and why the run pauses.
    public let verbose: Bool
    /// `--auto-approve`: apply a fresh plan without asking.
    public let autoApprove: Bool

    /// A view writing to `output`.
    public init(_ output: ViewOutput, color: Bool, verbose: Bool, autoApprove: Bool) {
        self.output = output
        self.color = color
        self.verbose = verbose
        self.autoApprove = autoApprove
    }

    /// Shows the fresh plan as text.
    public func planned(_ plan: Plan) { output.out(PlanTextRenderer(color: color).render(plan)) }

    /// Yes with `--auto-approve`; otherwise a person must type `yes`, having been told of broad removals.
    public func confirm(_ plan: Plan) async -> ApplyConfirmation {
        if autoApprove { return .yes }
        guard let ask = output.ask else { return .nobodyToAsk }
        var question = ""
        let broad = plan.broadRemovals
        if !broad.isEmpty {
            question += "This removes All users / All devices assignments:\n"
            for (configuration, change) in broad {
                question +=
                    "  - \(change.identityTarget.words(quotedName: nil)) from " + PlanWords.heading(configuration)
                    + "\n"
            }
        }
        question += "Apply these changes to tenant \(plan.tenant)? Only 'yes' is accepted: "
        return await ask(question) == "yes" ? .yes : .declined
    }

    /// Lists what an earlier apply of the saved plan did already.
    public func resumed(done: [ConfigurationPlan], partlyDone: [(configuration: ConfigurationPlan, callsDone: Int)]) {
        if !done.isEmpty {
            output.out(
                "Already done by an earlier apply of this plan (\(done.count)):\n"
                    + done.map { "  " + PlanWords.heading($0) + "\n" }.joined())
        }
        if !partlyDone.isEmpty {
            output.out(
                "Partly done by an earlier apply of this plan (\(partlyDone.count)); the rest is applied:\n"
                    + partlyDone.map {
                        "  " + PlanWords.heading($0.configuration)
                            + " — \($0.callsDone) of \($0.configuration.calls.count) calls made\n"
                    }.joined())
        }
    }

    /// Says so.
    public func nothingToApply() { output.out("Nothing to apply.\n") }

    /// Announces the writes (and, under `--verbose`, why they go one by one).
    public func applying(_ plan: Plan, oneByOne: Bool) {
        output.out("\nApplying \(plan.summaryLine.dropFirst("Plan: ".count))\n")
        if verbose, oneByOne {
            output.err(
                "verbose: with --justification, writes go one by one, not in $batch (whether Graph honours Multi "
                    + "Admin Approval's headers inside $batch is unverified)\n")
        }
    }

    /// One line per configuration as its writes are answered (stderr, as progress): a run killed half-way has said
    /// how far it got, and the next run of the same plan finishes the rest.
    public func settled(_ settled: ApplyMachine.Settled) { output.err(ApplyWords.progress(settled)) }

    /// Reads may lag behind writes: says why the run pauses, under `--verbose`.
    public func rereading(_ configurations: Int, seconds: Double) {
        guard verbose else { return }
        output.err(
            "verify: \(configurations) configuration\(configurations == 1 ? "" : "s") not matching yet; reading "
                + "again in \(Int(seconds)) s\n")
    }

    /// Prints the report.
    public func finished(_ report: ApplyReport) {
        output.out("\n" + ApplyReportRenderer(color: color).render(report))
    }
}

/// An apply for programs (`apply --format json`): stdout carries one JSON document, the report
/// (`ApplyReportRenderer.json`); progress goes to stderr as for a person. Nobody is asked: a fresh plan of manifests
/// is applied only with `--auto-approve`.
public struct JSONApplyView: ApplyView, OutputView {
    /// Where it writes.
    public let output: ViewOutput
    /// `--auto-approve`.
    public let autoApprove: Bool

    /// A view writing to `output`.
    public init(_ output: ViewOutput, autoApprove: Bool) {
        self.output = output
        self.autoApprove = autoApprove
    }

    /// The plan is not shown: the report says what was done.
    public func planned(_ plan: Plan) {}
    /// Yes only with `--auto-approve`: a program cannot answer a question.
    public func confirm(_ plan: Plan) async -> ApplyConfirmation { autoApprove ? .yes : .nobodyToAsk }
    /// What an earlier apply did already, on stderr.
    public func resumed(done: [ConfigurationPlan], partlyDone: [(configuration: ConfigurationPlan, callsDone: Int)]) {
        for configuration in done { output.err("already done: \(PlanWords.heading(configuration))\n") }
        for (configuration, calls) in partlyDone {
            output.err("partly done: \(PlanWords.heading(configuration)) — \(calls) of \(configuration.calls.count)\n")
        }
    }
    /// A report without configurations.
    public func nothingToApply() { output.out(ApplyReportRenderer.json(nil)) }
    /// Nothing to say before the writes.
    public func applying(_ plan: Plan, oneByOne: Bool) {}
    /// One progress line per configuration, on stderr.
    public func settled(_ settled: ApplyMachine.Settled) { output.err(ApplyWords.progress(settled)) }
    /// Nothing: the report carries how long reads lagged.
    public func rereading(_ configurations: Int, seconds: Double) {}
    /// The report, as JSON.
    public func finished(_ report: ApplyReport) { output.out(ApplyReportRenderer.json(report)) }
}
