/// One wanted assignment of a configuration.
public struct AssignmentSpec: Hashable, Sendable {
    /// What it points at.
    public var target: Target
    /// Its assignment filter, if any.
    public var filter: FilterReference?
    /// The intent as written (validated against the kind).
    public var intent: String?
    /// App assignment settings, a JSON object with `@odata.type` (mobileApp only).
    public var settings: JSONValue?
    /// Whether a health script's remediation runs (deviceHealthScript only).
    public var runRemediationScript: Bool?
    /// When a script runs (deviceHealthScript, deviceComplianceScript).
    public var runSchedule: RunSchedule?
    /// The assignment entry in the sequence.
    public var mark: SourceMark
    /// The key that names the target (`group`, `allUsers`, ...).
    public var targetMark: SourceMark
    /// The set that brought it, when it was written in `assignmentSets:` and used with `- use:`.
    public var origin: AssignmentOrigin?

    /// An assignment as written; `targetAt` is where its target key is, if not where the entry starts.
    public init(
        target: Target, filter: FilterReference? = nil, intent: String? = nil, settings: JSONValue? = nil,
        runRemediationScript: Bool? = nil, runSchedule: RunSchedule? = nil, at location: SourceLocation? = nil,
        targetAt targetLocation: SourceLocation? = nil
    ) {
        self.target = target
        self.filter = filter
        self.intent = intent
        self.settings = settings
        self.runRemediationScript = runRemediationScript
        self.runSchedule = runSchedule
        self.mark = SourceMark(location)
        self.targetMark = SourceMark(targetLocation ?? location)
    }
}
