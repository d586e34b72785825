/// One configuration and the assignments the manifest wants it to have.
public struct ConfigurationSpec: Hashable, Sendable {
    /// Its kind.
    public var kind: Kind
    /// How the manifest names it.
    public var reference: ConfigurationReference
    /// Whether the manifest owns its whole assignment set.
    public var mode: ConfigurationMode
    /// The assignments it must have: as written, and once the run is assembled, with each used set's assignments
    /// in place of its `- use:` (those carry their `origin`).
    public var assignments: [AssignmentSpec]
    /// Its `- use: NAME` entries, until the run is assembled.
    public var uses: [AssignmentSetUse] = []
    /// `override: true` in a fleet overlay: this entry replaces the baseline's entry for the same configuration, for
    /// the overlay's tenant. The fleet merge consumes it; a single-tenant run refuses it.
    public var overrides = false
    /// Autopilot device identity ids that must carry the profile (`nil` when the key is absent).
    public var devices: [DeviceID]?
    /// A configuration policy's enrollment-time device group (`nil` when the key is absent).
    public var deviceGroup: DeviceGroupSpec?
    /// The `deviceGroup:` value.
    public var deviceGroupMark = SourceMark(nil)
    /// A role assignment's role definition, members, scope and scope tags (`roleAssignment` only).
    public var roleAccess: RoleAccessSpec?
    /// `default: true` on an Apple enrollment profile: it must be its token's default profile.
    public var makeDefault = false
    /// The configuration entry.
    public var mark: SourceMark
    /// The `id:` or `name:` value.
    public var referenceMark: SourceMark

    /// A configuration entry as written.
    public init(
        kind: Kind, reference: ConfigurationReference, mode: ConfigurationMode = .authoritative,
        assignments: [AssignmentSpec], devices: [DeviceID]? = nil, at location: SourceLocation? = nil,
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
