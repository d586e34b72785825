/// What an assignment points at.
public enum Target: Hashable, Sendable {
    case group(ObjectReference)
    case exclusionGroup(ObjectReference)
    case allUsers
    case allDevices
    /// A Configuration Manager collection id, such as `SMS00001`.
    case collection(String)

    /// The target type.
    public var type: TargetType {
        switch self {
        case .group: .group
        case .exclusionGroup: .exclusionGroup
        case .allUsers: .allUsers
        case .allDevices: .allDevices
        case .collection: .configurationManagerCollection
        }
    }

    /// The group a group or exclusion target names.
    public var groupReference: ObjectReference? {
        switch self {
        case .group(let reference), .exclusionGroup(let reference): reference
        default: nil
        }
    }
}
