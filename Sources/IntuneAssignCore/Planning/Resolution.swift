/// A manifest entry matched to the configuration it means.
public struct ResolvedConfiguration: Hashable, Sendable {
    /// The manifest entry.
    public var spec: ConfigurationSpec
    /// The configuration it names.
    public var key: ConfigurationKey
    /// The configuration's display name in the tenant.
    public var displayName: String
    /// A settings-catalog policy's template family, as listed (`nil` for other kinds, or when not listed).
    public var templateFamily: String? = nil
    /// A role assignment's role definition, as listed.
    public var parent: DirectoryObject? = nil
}

/// The names in the manifests, matched to tenant objects.
public struct Resolution: Hashable, Sendable {
    /// In manifest order (limited to the `--target` selections, if any).
    public var configurations: [ResolvedConfiguration] = []
    /// Group and filter ids by lower-cased display name, for the names the manifests use.
    public var groupsByName: [String: GUID] = [:]
    /// Filter ids by lower-cased display name, for the filter names the manifests use.
    public var filtersByName: [String: GUID] = [:]
    /// Every assignment filter of the tenant, by id.
    public var filters: [GUID: String] = [:]
}
