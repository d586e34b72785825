/// A fleet file (DESIGN §9): tenants over a shared baseline of manifests, with groups of tenants and the waves an
/// apply goes through. Paths are as written, relative to the fleet file's folder.
public struct Fleet: Hashable, Sendable {
    /// The fleet format version this intune-assign reads.
    public static let currentVersion = 1
    /// The clouds a tenant may name (GraphClient's `Cloud.all`, by name; a test keeps the two equal).
    public static let clouds = ["global", "usgov", "usgov-dod", "china"]

    /// The fleet file's path as the user wrote it.
    public var file: String
    /// The manifest files and folders every tenant gets.
    public var baseline: [String]
    /// The tenants, in the order written.
    public var tenants: [FleetTenant]
    /// Named groups of tenants.
    public var groups: [TenantGroup]
    /// The waves of an apply, in order; none means one wave of every tenant.
    public var waves: [Wave]

    /// A fleet from its parts.
    public init(
        file: String, baseline: [String] = [], tenants: [FleetTenant] = [], groups: [TenantGroup] = [],
        waves: [Wave] = []
    ) {
        self.file = file
        self.baseline = baseline
        self.tenants = tenants
        self.groups = groups
        self.waves = waves
    }
}

/// One tenant of a fleet.
public struct FleetTenant: Hashable, Sendable {
    /// A value for `${name}`.
    public struct Variable: Hashable, Sendable {
        /// The variable's name.
        public var name: String
        /// Its value for this tenant.
        public var value: String

        /// A variable and its value.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// How a tenant is named to Entra: its id, or one of its verified domains.
    public enum Identity: Hashable, Sendable {
        case id(GUID)
        case domain(String)
    }

    /// The short name the fleet uses for it (in groups, waves, `--tenants` and reports).
    public var name: String
    /// Which tenant it is.
    public var identity: Identity
    /// Its Microsoft cloud (`Fleet.clouds`).
    public var cloud: String
    /// Manifest files and folders merged over the baseline for this tenant only.
    public var overlays: [String]
    /// Values for `${name}` in names of groups, filters, aliases and configurations, in the order written.
    public var variables: [Variable]
    /// Tags that tenant groups may select it by.
    public var tags: [String]
    /// The application to sign in with, when not the fleet's.
    public var signInClientID: GUID?
    /// The entry in the fleet file.
    public var mark: SourceMark

    /// A tenant from its parts.
    public init(
        name: String, identity: Identity, cloud: String = "global", overlays: [String] = [],
        variables: [Variable] = [], tags: [String] = [], signInClientID: GUID? = nil,
        at location: SourceLocation? = nil
    ) {
        self.name = name
        self.identity = identity
        self.cloud = cloud
        self.overlays = overlays
        self.variables = variables
        self.tags = tags
        self.signInClientID = signInClientID
        self.mark = SourceMark(location)
    }
}

/// A named group of tenants: those listed, and those carrying any of the tags.
public struct TenantGroup: Hashable, Sendable {
    /// The group's name (written `@name` where tenants are selected).
    public var name: String
    /// Tenants by name (each a `.tenant` selector, where it was written).
    public var tenants: [TenantSelector]
    /// Tenants by tag.
    public var tags: [String]
    /// The group in the fleet file.
    public var mark: SourceMark

    /// A group from its parts.
    public init(
        name: String, tenants: [TenantSelector] = [], tags: [String] = [], at location: SourceLocation? = nil
    ) {
        self.name = name
        self.tenants = tenants
        self.tags = tags
        self.mark = SourceMark(location)
    }
}

/// One wave of an apply: the tenants it selects, by name or `@group`.
public struct Wave: Hashable, Sendable {
    /// The wave's name (`apply --wave NAME`).
    public var name: String
    /// What it selects.
    public var selectors: [TenantSelector]
    /// The wave in the fleet file.
    public var mark: SourceMark

    /// A wave from its parts.
    public init(name: String, selectors: [TenantSelector], at location: SourceLocation? = nil) {
        self.name = name
        self.selectors = selectors
        self.mark = SourceMark(location)
    }
}

/// A tenant by name, or a group as `@name`, where it was written.
public struct TenantSelector: Hashable, Sendable {
    /// What is selected.
    public enum Target: Hashable, Sendable {
        case tenant(String)
        case group(String)
    }

    /// The tenant or group.
    public var target: Target
    /// Where it was written.
    public var mark: SourceMark

    /// `NAME` or `@GROUP`; `nil` for an empty name.
    public init?(_ text: String, at location: SourceLocation? = nil) {
        if text.hasPrefix("@") {
            guard text.count > 1 else { return nil }
            target = .group(String(text.dropFirst()))
        } else {
            guard !text.isEmpty else { return nil }
            target = .tenant(text)
        }
        mark = SourceMark(location)
    }
}
