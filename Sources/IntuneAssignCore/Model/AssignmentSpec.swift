/// One wanted assignment of a configuration.
public struct AssignmentSpec: Hashable, Sendable {
    public var target: Target
    public var filter: FilterReference?
    /// The intent as written (validated against the kind).
    public var intent: String?
    /// App assignment settings, a JSON object with `@odata.type` (mobileApp only).
    public var settings: JSONValue?
    public var runRemediationScript: Bool?
    public var runSchedule: RunSchedule?
    /// The assignment entry in the sequence.
    public var mark: SourceMark
    /// The key that names the target (`group`, `allUsers`, ...).
    public var targetMark: SourceMark

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
