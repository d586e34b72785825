/// How Graph answers reads of one kind, as real tenants do (shared/graph/field-notes.md §1–3), not as the
/// reference pages say: which property names a configuration, how its assignments are read, and how big a page to
/// ask for. Every read of a kind — plan, apply, export, check — goes by its profile.
public struct ReadProfile: Hashable, Sendable {
    /// How a kind's assignments are read.
    public enum Path: String, Hashable, Sendable {
        /// List pages with `$expand=assignments`: a page of configurations with their assignments, one counted
        /// request per page. Objects that come back without the property are read by the item path.
        case listExpand = "list+expand"
        /// `GET {collection}/{id}?$expand=assignments`, one counted request per configuration.
        case itemExpand = "item-expand"
        /// `GET {collection}/{id}/assignments`, one counted request per configuration (the documented read).
        case perItem = "per-item"
    }

    /// The property that holds the name the admin center shows (`displayName`, `name`, `profileName`).
    public let nameProperty: String
    /// How the assignments of the kind's configurations are read when many are wanted.
    public let assignments: Path
    /// How one configuration's assignments are read on its own: after a listing that left them out, and for
    /// `apply`'s reads of the configurations in a plan. Never `listExpand`.
    public let item: Path
    /// The page size to ask for (`$top`), or `nil` to take the service's default and follow its links.
    public let pageSize: Int?
    /// Where the choice comes from (field-notes.md), and how firm it is.
    public let evidence: String

    /// A profile; `item` must name a per-object path.
    init(name: String = "displayName", _ assignments: Path, item: Path = .perItem, top: Int? = nil, _ evidence: String)
    {
        precondition(item != .listExpand, "an item read cannot be a list read")
        self.nameProperty = name
        self.assignments = assignments
        self.item = item
        self.pageSize = top
        self.evidence = evidence
    }
}

extension Kind {
    /// The properties a listing asks for (`$select`): the id, the name, and the priority where it marks the
    /// tenant's default configuration. Only properties the kind's type has: OData answers 400 to any other.
    public var listSelect: [String] {
        ["id", read.nameProperty] + (defaultConfigurationsUnassignable ? ["priority"] : [])
            + (takesDeviceGroup ? ["templateReference"] : [])
    }
}

extension ReadProfile {
    // Read profiles (field-notes.md §1–3). List expand where the evidence says it works and a tenant may hold
    // many; the documented `GET .../{id}/assignments` wherever the evidence is thin or a kind stays small.

    /// §2, row "works | works | works": SHIPPED by CIPP, Salto, Microsoft365DSC and IntuneManagement, LIVE for
    /// several kinds in TenuVault's lab.
    static let expandWorks = ReadProfile(
        .listExpand, "field-notes §2: list, item and per-item reads all work (SHIPPED; LIVE for several)")
    /// §2, last row: list expand probable or unknown, item expand unknown; the per-item read is documented.
    static let thinEvidence = ReadProfile(
        .perItem, "field-notes §2: expand unproven for this kind; `GET .../{id}/assignments` is documented (DOC)")
    /// §2: `GET .../{id}/assignments` answers 400 "No OData route exists" (LIVE, TenuVault lab; SHIPPED, IntuneCD
    /// 07fa5c1); list and item expand both work. Whether `POST .../{id}/assignments` is routed is unknown, so these
    /// kinds are written with `assign` alone.
    static let shellScripts = ReadProfile(
        .listExpand, item: .itemExpand,
        "field-notes §2: `{id}/assignments` is not routed (LIVE, SHIPPED); list and item expand work")
    /// §2: list and item expand return `[]` (LIVE: graph-explorer-v4#2051 for intents; SHIPPED: IntuneManagement
    /// for scope tags); the per-item read works.
    static let expandEmpty = ReadProfile(
        .perItem, "field-notes §2: any expand returns [] (LIVE, SHIPPED); only `{id}/assignments` is read")

    /// Windows 365 collections: list expand, as the tools that read them do (no field note yet).
    static let cloudPCReads = ReadProfile(
        .listExpand,
        "issue 20 research: `?$expand=assignments` on the list (SHIPPED by Windows 365 tools; no LIVE note)")
}
