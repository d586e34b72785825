/// One manifest file, as written.
public struct Manifest: Hashable, Sendable {
    public static let currentVersion = 1

    public var file: String
    public var version: Int
    public var tenant: GUID?
    public var tenantMark: SourceMark
    public var groups: [AliasDefinition]
    public var filters: [AliasDefinition]
    public var configurations: [ConfigurationSpec]

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
