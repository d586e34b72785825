/// One manifest file, as written.
public struct Manifest: Hashable, Sendable {
    /// The manifest format version this intune-assign reads.
    public static let currentVersion = 1

    /// The file's path as the user wrote it.
    public var file: String
    /// Its `version:`.
    public var version: Int
    /// Its `tenant:` guard, if any.
    public var tenant: GUID?
    /// Where `tenant:` is written.
    public var tenantMark: SourceMark
    /// Its `groups:` aliases.
    public var groups: [AliasDefinition]
    /// Its `filters:` aliases.
    public var filters: [AliasDefinition]
    /// Its `configurations:` entries.
    public var configurations: [ConfigurationSpec]
    /// Its `assignmentSets:`.
    public var assignmentSets: [AssignmentSetDefinition] = []
    /// Its `skip:` entries: in a fleet overlay, baseline configurations its tenant does not get.
    public var skips: [ConfigurationSkip] = []

    /// A manifest from its parts.
    public init(
        file: String, version: Int = Manifest.currentVersion, tenant: GUID? = nil, tenantAt: SourceLocation? = nil,
        groups: [AliasDefinition] = [], filters: [AliasDefinition] = [], configurations: [ConfigurationSpec] = []
    ) {
        self.file = file
        self.version = version
        self.tenant = tenant
        self.tenantMark = SourceMark(tenantAt)
        self.groups = groups
        self.filters = filters
        self.configurations = configurations
    }
}

/// A `skip:` entry of a fleet overlay: a baseline configuration, by kind and id or name, that the overlay's tenant does
/// not get (its assignments there are left alone, as for any configuration no manifest names).
public struct ConfigurationSkip: Hashable, Sendable {
    /// The configuration's kind.
    public var kind: Kind
    /// Its id or name, as the baseline writes it.
    public var reference: ConfigurationReference
    /// The entry.
    public var mark: SourceMark

    /// A skip written at `location`.
    public init(kind: Kind, reference: ConfigurationReference, at location: SourceLocation? = nil) {
        self.kind = kind
        self.reference = reference
        self.mark = SourceMark(location)
    }
}
