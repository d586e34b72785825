/// One wanted assignment of a configuration.
public struct AssignmentSpec: Hashable, Sendable {
    /// What it points at.
    public var target: Target
    /// Its assignment filter, if any.
    public var filter: FilterReference?
    /// The intent as written (validated against the kind).
    public var intent: String?
    /// The assignment entry in the sequence.
    public var mark: SourceMark
    /// The key that names the target (`group`, `allUsers`, ...).
    public var targetMark: SourceMark
    /// What few assignments carry (settings, script options, the set that brought it), behind one pointer: an
    /// assignment is moved several times while it is decoded and checked, and inline these fields made it half as
    /// large again (manifest-bench: moving assignments was a seventh of decoding).
    private var rare = Rare.none

    /// App assignment settings, a JSON object with `@odata.type` (mobileApp only).
    public var settings: JSONValue? {
        get { rareFields.settings }
        set { rareFields.settings = newValue }
    }
    /// Whether a health script's remediation runs (deviceHealthScript only).
    public var runRemediationScript: Bool? {
        get { rareFields.runRemediationScript }
        set { rareFields.runRemediationScript = newValue }
    }
    /// When a script runs (deviceHealthScript, deviceComplianceScript).
    public var runSchedule: RunSchedule? {
        get { rareFields.runSchedule }
        set { rareFields.runSchedule = newValue }
    }
    /// The set that brought it, when it was written in `assignmentSets:` and used with `- use:`.
    public var origin: AssignmentOrigin? {
        get { rareFields.origin }
        set { rareFields.origin = newValue }
    }

    /// An assignment as written; `targetAt` is where its target key is, if not where the entry starts.
    public init(
        target: Target, filter: FilterReference? = nil, intent: String? = nil, settings: JSONValue? = nil,
        runRemediationScript: Bool? = nil, runSchedule: RunSchedule? = nil, at location: SourceLocation? = nil,
        targetAt targetLocation: SourceLocation? = nil
    ) {
        self.target = target
        self.filter = filter
        self.intent = intent
        self.mark = SourceMark(location)
        self.targetMark = SourceMark(targetLocation ?? location)
        if settings != nil || runRemediationScript != nil || runSchedule != nil {
            rare = .some(
                RareFields(settings: settings, runRemediationScript: runRemediationScript, runSchedule: runSchedule))
        }
    }

    /// The out-of-line fields; all `nil` is kept as `.none`, so that equal assignments are equal here too.
    private var rareFields: RareFields {
        get {
            if case .some(let fields) = rare { return fields }
            return RareFields()
        }
        set { rare = newValue == RareFields() ? .none : .some(newValue) }
    }

    /// See `rare`.
    private struct RareFields: Hashable, Sendable {
        var settings: JSONValue?
        var runRemediationScript: Bool?
        var runSchedule: RunSchedule?
        var origin: AssignmentOrigin?
    }

    /// No rare field, or some, boxed.
    private indirect enum Rare: Hashable, Sendable {
        case none
        case some(RareFields)
    }
}
