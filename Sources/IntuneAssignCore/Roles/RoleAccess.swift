/// Who may manage what through one Intune role assignment (`deviceAndAppManagementRoleAssignment`): the groups
/// whose members hold the role (`members`), the users and devices they may manage (`scopeType`, and the scope
/// groups in `resourceScopes` when it is `resourceScope`), and the scope tags that limit what they see
/// (`roleScopeTagIds`). Lists are kept sorted, so that two values that mean the same are equal.
public struct RoleAccess: Hashable, Sendable {
    /// Whom the role's holders may manage.
    public enum Scope: Hashable, Sendable {
        /// The users and devices in these groups (`resourceScope`).
        case groups([GUID])
        /// Every licensed user (`allLicensedUsers`).
        case allUsers
        /// Every device (`allDevices`).
        case allDevices
        /// Every licensed user and every device (`allDevicesAndLicensedUsers`).
        case allUsersAndDevices

        /// Graph's `scopeType`.
        public var graphType: String {
            switch self {
            case .groups: "resourceScope"
            case .allUsers: "allLicensedUsers"
            case .allDevices: "allDevices"
            case .allUsersAndDevices: "allDevicesAndLicensedUsers"
            }
        }

        /// The manifest's word for a scope that names no group.
        public var manifestWord: String? {
            switch self {
            case .groups: nil
            case .allUsers: "allUsers"
            case .allDevices: "allDevices"
            case .allUsersAndDevices: "allUsersAndDevices"
            }
        }

        /// The scope groups (none for the other scopes).
        public var groups: [GUID] {
            if case .groups(let ids) = self { return ids }
            return []
        }
    }

    /// The groups whose members hold the role.
    public var members: [GUID]
    /// Whom they may manage.
    public var scope: Scope
    /// The scope tags; `nil`: not looked at (a manifest that leaves `scopeTags` out).
    public var scopeTags: [String]?

    /// Access from its parts, lists sorted and without repeats.
    public init(members: [GUID], scope: Scope, scopeTags: [String]?) {
        self.members = Array(Set(members)).sorted()
        if case .groups(let ids) = scope { self.scope = .groups(Array(Set(ids)).sorted()) } else { self.scope = scope }
        self.scopeTags = scopeTags.map { Array(Set($0)).sorted { ($0.count, $0) < ($1.count, $1) } }
    }

    /// Access as Graph answers a role assignment; `nil` when a member or scope group is not a GUID or the scope type
    /// is one intune-assign does not know (such an assignment is never rewritten).
    public init?(graph object: JSONValue) {
        let strings = { (key: String) -> [String]? in
            guard let value = object[key] else { return [] }
            if value == .null { return [] }
            guard case .array(let items) = value else { return nil }
            let texts = items.compactMap(\.stringValue)
            return texts.count == items.count ? texts : nil
        }
        guard let memberTexts = strings("members"), let scopeTexts = strings("resourceScopes"),
            let tags = strings("roleScopeTagIds")
        else { return nil }
        let members = memberTexts.compactMap(GUID.init)
        let groups = scopeTexts.compactMap(GUID.init)
        guard members.count == memberTexts.count, groups.count == scopeTexts.count else { return nil }
        let scope: Scope
        switch object["scopeType"]?.stringValue ?? "resourceScope" {
        case "resourceScope": scope = .groups(groups)
        case "allLicensedUsers": scope = .allUsers
        case "allDevices": scope = .allDevices
        case "allDevicesAndLicensedUsers": scope = .allUsersAndDevices
        default: return nil
        }
        self.init(members: members, scope: scope, scopeTags: tags)
    }

    /// The body of the `PATCH` that makes a role assignment give this access: scope groups only with the
    /// `resourceScope` type (Graph refuses them with another, LIVE: Microsoft365DSC #6394), scope tags only when
    /// looked at.
    public var graphBody: JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("members", .array(members.map { .string($0.description) })), ("scopeType", .string(scope.graphType)),
        ]
        if case .groups(let ids) = scope {
            pairs.append(("resourceScopes", .array(ids.map { .string($0.description) })))
        }
        if let scopeTags { pairs.append(("roleScopeTagIds", .array(scopeTags.map(JSONValue.string)))) }
        return .object(pairs)
    }

    /// A canonical text of it, for fingerprints.
    public var canonicalText: String { graphBody.canonicalText }
}

/// What a plan does with one role assignment: the access the tenant gives, the access the manifest wants (its scope
/// tags as the tenant has them when the manifest leaves them out), and the role's name.
public struct RoleAccessChange: Hashable, Sendable {
    /// The role definition's display name (or id), for people.
    public var role: String
    /// What the tenant gives.
    public var before: RoleAccess
    /// What the manifest wants.
    public var after: RoleAccess
    /// Whether the manifest names the scope tags (the `PATCH` then carries them).
    public var managesScopeTags: Bool

    /// The change from `before` to the `wanted` access (its `nil` scope tags kept as they are).
    public init(role: String, before: RoleAccess, wanted: RoleAccess) {
        self.role = role
        self.before = before
        managesScopeTags = wanted.scopeTags != nil
        after = RoleAccess(
            members: wanted.members, scope: wanted.scope, scopeTags: wanted.scopeTags ?? before.scopeTags)
    }

    /// Whether anything changes.
    public var changes: Bool { before != after }

    /// The `PATCH` that makes the tenant give `after`; `nil` when it does already.
    public var call: PlannedCall? {
        guard changes else { return nil }
        var body = after
        if !managesScopeTags { body.scopeTags = nil }
        return .updateRoleAssignment(body.graphBody)
    }

    /// Member groups added, removed and kept.
    public var members: (added: [GUID], removed: [GUID], kept: [GUID]) {
        Self.split(before.members, after.members)
    }

    /// Scope groups added and removed, when both sides scope by groups.
    public var scopeGroups: (added: [GUID], removed: [GUID], kept: [GUID]) {
        Self.split(before.scope.groups, after.scope.groups)
    }

    /// Whether the kind of scope changes (groups, All users, All devices, both).
    public var scopeTypeChanges: Bool { before.scope.graphType != after.scope.graphType }

    /// Scope tags added and removed.
    public var scopeTags: (added: [String], removed: [String]) {
        let old = Set(before.scopeTags ?? [])
        let new = Set(after.scopeTags ?? [])
        return (
            (after.scopeTags ?? []).filter { !old.contains($0) }, (before.scopeTags ?? []).filter { !new.contains($0) }
        )
    }

    /// Its lines counted as a plan counts assignments: members, scope groups and tags added or removed; a change of
    /// the scope's kind is one update.
    public var counts: (add: Int, update: Int, remove: Int) {
        let (members, tags) = (self.members, scopeTags)
        var add = members.added.count + tags.added.count
        var remove = members.removed.count + tags.removed.count
        if scopeTypeChanges { return (add, 1, remove) }
        add += scopeGroups.added.count
        remove += scopeGroups.removed.count
        return (add, 0, remove)
    }

    /// What `new` adds to and takes from `old`, and what it keeps.
    static func split(_ old: [GUID], _ new: [GUID]) -> (added: [GUID], removed: [GUID], kept: [GUID]) {
        let (a, b) = (Set(old), Set(new))
        return (new.filter { !a.contains($0) }, old.filter { !b.contains($0) }, new.filter { a.contains($0) })
    }
}

/// A role assignment as a manifest writes it: the role definition it must be under, and the access it must give.
public struct RoleAccessSpec: Hashable, Sendable {
    /// A scope as written.
    public enum Scope: Hashable, Sendable {
        /// The users and devices in these groups.
        case groups([ObjectReference])
        /// `allUsers`, `allDevices` or `allUsersAndDevices`.
        case all(RoleAccess.Scope)
    }

    /// The role definition, by id or display name.
    public var roleDefinition: ConfigurationReference
    /// Where `roleDefinition:` is written.
    public var roleDefinitionMark: SourceMark
    /// The member groups.
    public var members: [ObjectReference]
    /// The scope.
    public var scope: Scope
    /// The scope tags by id; `nil`: not looked at.
    public var scopeTags: [String]?

    /// A role assignment's access as written.
    public init(
        roleDefinition: ConfigurationReference, at location: SourceLocation? = nil, members: [ObjectReference],
        scope: Scope, scopeTags: [String]?
    ) {
        self.roleDefinition = roleDefinition
        self.roleDefinitionMark = SourceMark(location)
        self.members = members
        self.scope = scope
        self.scopeTags = scopeTags
    }

    /// Every group it names: members, then scope groups.
    public var groupReferences: [ObjectReference] {
        if case .groups(let references) = scope { return members + references }
        return members
    }
}
