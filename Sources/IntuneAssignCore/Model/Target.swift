/// What an assignment points at, generic over how a group is referenced: as the manifest wrote it
/// (`Target`, an `ObjectReference`: an id, a display name or an alias), or resolved to an id (`ResolvedTarget`, a
/// `GUID`), which is also what `usage` asks about (`UsageSubject`). One enum, so the target type, the group and
/// everything derived from them are stated once.
public enum AssignmentTarget<Group: Hashable & Sendable>: Hashable, Sendable {
    /// A group whose members get the configuration.
    case group(Group)
    /// A group whose members are left out.
    case exclusionGroup(Group)
    /// Every licensed user.
    case allUsers
    /// Every enrolled device.
    case allDevices
    /// A Configuration Manager collection id, such as `SMS00001`.
    case collection(String)

    /// A group or exclusion-group target; `nil` for the other types, which name no group.
    public init?(type: TargetType, group: Group) {
        switch type {
        case .group: self = .group(group)
        case .exclusionGroup: self = .exclusionGroup(group)
        default: return nil
        }
    }

    /// The target type, as manifests and Graph name it.
    public var type: TargetType {
        switch self {
        case .group: .group
        case .exclusionGroup: .exclusionGroup
        case .allUsers: .allUsers
        case .allDevices: .allDevices
        case .collection: .configurationManagerCollection
        }
    }

    /// The group a group or exclusion-group target names; `nil` for the other types.
    public var namedGroup: Group? {
        switch self {
        case .group(let group), .exclusionGroup(let group): group
        default: nil
        }
    }

    /// All users and All devices: a removal of one of these changes the most devices at once.
    public var isBroad: Bool { type == .allUsers || type == .allDevices }

    /// Whether an assignment to `target` concerns this target taken as a subject (`usage`): a group included or
    /// excluded, All users, All devices.
    public func concerns(_ target: AssignmentTarget<Group>) -> Bool {
        switch (self, target) {
        case (.group(let group), .group(let other)), (.group(let group), .exclusionGroup(let other)): group == other
        case (.allUsers, .allUsers), (.allDevices, .allDevices): true
        default: false
        }
    }
}

/// A target as a manifest wrote it.
public typealias Target = AssignmentTarget<ObjectReference>

/// A target with every reference resolved to an id (DESIGN §3: GUIDs compared by value, collection ids without
/// regard to case). Group ids stay `GUID`s from the read to the plan file.
public typealias ResolvedTarget = AssignmentTarget<GUID>

/// What `usage` asks about: a group (included or excluded), All users or All devices.
public typealias UsageSubject = AssignmentTarget<GUID>

extension AssignmentTarget: Comparable where Group == GUID {
    /// The id as text: the group's lower-case GUID or the collection id; `nil` for All users / All devices.
    public var objectText: String? {
        switch self {
        case .group(let id), .exclusionGroup(let id): id.description
        case .collection(let id): id
        case .allUsers, .allDevices: nil
        }
    }

    /// The target in a reviewer's words: `group "Finance" (7c2e…)`, `exclude group (7c2e…)`, `All users`,
    /// `collection SMS00001`. `quotedName` is the group's display name as the caller quotes it, if known.
    public func words(quotedName: String?) -> String {
        switch self {
        case .group(let id), .exclusionGroup(let id):
            let prefix = type == .group ? "group " : "exclude group "
            return prefix + (quotedName.map { $0 + " " } ?? "") + "(\(id))"
        case .allUsers: return "All users"
        case .allDevices: return "All devices"
        case .collection(let id): return "collection \(id)"
        }
    }

    /// Ordered by type, then by id text, as plans list their changes.
    public static func < (lhs: ResolvedTarget, rhs: ResolvedTarget) -> Bool {
        (lhs.type, lhs.objectText ?? "") < (rhs.type, rhs.objectText ?? "")
    }
}
