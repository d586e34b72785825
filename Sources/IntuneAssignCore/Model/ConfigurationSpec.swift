/// One configuration and the assignments the manifest wants it to have.
public struct ConfigurationSpec: Hashable, Sendable {
    public var kind: Kind
    public var reference: ConfigurationReference
    public var mode: ConfigurationMode
    public var assignments: [AssignmentSpec]
    /// Autopilot device identity ids that must carry the profile (`nil` when the key is absent).
    public var devices: [GUID]?
    public var mark: SourceMark
    /// The `id:` or `name:` value.
    public var referenceMark: SourceMark

    public init(
        kind: Kind, reference: ConfigurationReference, mode: ConfigurationMode = .authoritative,
        assignments: [AssignmentSpec], devices: [GUID]? = nil, at location: SourceLocation? = nil,
        referenceAt referenceLocation: SourceLocation? = nil
    ) {
        self.kind = kind
        self.reference = reference
        self.mode = mode
        self.assignments = assignments
        self.devices = devices
        self.mark = SourceMark(location)
        self.referenceMark = SourceMark(referenceLocation ?? location)
    }
}
