/// How far reading the tenant has come, for a progress line.
public struct ReadProgress: Hashable, Sendable {
    /// Configurations whose assignments have been read.
    public var configurationsRead: Int
    /// Configurations the manifests name.
    public var configurations: Int
    /// Graph requests sent so far (each request inside a `$batch` counted).
    public var requests: Int
    /// Times Graph asked the client to wait.
    public var throttles: Int

    /// Progress from its counts.
    public init(configurationsRead: Int, configurations: Int, requests: Int, throttles: Int) {
        self.configurationsRead = configurationsRead
        self.configurations = configurations
        self.requests = requests
        self.throttles = throttles
    }
}

/// What an operation that plans manifests shows as it goes (Terraform's habit: an operation reports to a view; the
/// view decides the words and where they go). The implementations live in `PlanRendering`.
public protocol PlanView: Sendable {
    /// Reading the tenant has come this far.
    func reading(_ progress: ReadProgress)
    /// Reading is over (a progress line is cleared).
    func readingDone()
    /// Problems found while planning (errors stop the plan; warnings do not).
    func problems(_ diagnostics: [Diagnostic])
    /// The plan (for `apply`, a fresh plan of the manifests, before it is confirmed).
    func planned(_ plan: Plan)
}

/// Whether to go ahead with an apply of manifests, as a person (or `--auto-approve`) answered.
public enum ApplyConfirmation: Hashable, Sendable {
    /// Apply.
    case yes
    /// A person answered something other than yes.
    case declined
    /// Nobody can be asked (no terminal) and nothing said yes beforehand.
    case nobodyToAsk
}

/// What an apply shows as it goes.
public protocol ApplyView: PlanView {
    /// Whether to apply this plan.
    func confirm(_ plan: Plan) async -> ApplyConfirmation
    /// Configurations of a saved plan that an earlier, interrupted apply of it made already, fully or in part.
    func resumed(done: [ConfigurationPlan], partlyDone: [(configuration: ConfigurationPlan, callsDone: Int)])
    /// The plan changes nothing: no write is made.
    func nothingToApply()
    /// Writing starts; `oneByOne` when Multi Admin Approval sends writes one at a time.
    func applying(_ plan: Plan, oneByOne: Bool)
    /// A configuration's writing ended.
    func settled(_ settled: ApplyMachine.Settled)
    /// Reads do not match yet: `configurations` are read again after `seconds`.
    func rereading(_ configurations: Int, seconds: Double)
    /// The report, after everything was read again.
    func finished(_ report: ApplyReport)
}

/// What `usage` shows: planning (with manifests) as for a plan, then the reports.
public protocol UsageView: PlanView {
    /// A report per subject found, and the groups asked about that were not found, each with its label.
    func reported(_ reports: [UsageReport], unknown: [(label: String, why: UnknownGroup)])
}
