/// What an assignment points at, with every reference resolved to an id (DESIGN §3: GUIDs compared by value,
/// collection ids without regard to case). Group ids stay `GUID`s from the read to the plan file.
public enum ResolvedTarget: Hashable, Sendable, Comparable {
    /// An Entra group whose members get the configuration.
    case group(GUID)
    /// An Entra group whose members are left out.
    case exclusionGroup(GUID)
    /// Every licensed user.
    case allUsers
    /// Every enrolled device.
    case allDevices
    /// A Configuration Manager collection, by its id in upper case (such as `SMS00001`).
    case collection(String)

    /// A group or exclusion-group target; `nil` for the other types, which name no group.
    public init?(type: TargetType, group: GUID) {
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

    /// The group a group or exclusion-group target names.
    public var groupID: GUID? {
        switch self {
        case .group(let id), .exclusionGroup(let id): id
        default: nil
        }
    }

    /// The id as text: the group's lower-case GUID or the collection id; `nil` for All users / All devices.
    public var objectText: String? {
        switch self {
        case .group(let id), .exclusionGroup(let id): id.description
        case .collection(let id): id
        case .allUsers, .allDevices: nil
        }
    }

    /// All users and All devices: a removal of one of these changes the most devices at once.
    public var isBroad: Bool { self == .allUsers || self == .allDevices }

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
