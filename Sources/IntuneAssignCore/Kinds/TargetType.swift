/// The kinds of target an Intune assignment can point at, with the manifest key and Graph type of each.
public enum TargetType: String, CaseIterable, Hashable, Sendable, Comparable {
    case group
    case exclusionGroup
    case allUsers
    case allDevices
    case configurationManagerCollection

    /// The key that introduces this target in a manifest assignment entry.
    public var manifestKey: String {
        switch self {
        case .group: "group"
        case .exclusionGroup: "exclude"
        case .allUsers: "allUsers"
        case .allDevices: "allDevices"
        case .configurationManagerCollection: "collection"
        }
    }

    /// The target's `@odata.type` as we send it (with the leading `#`).
    public var odataType: String {
        switch self {
        case .group: "#microsoft.graph.groupAssignmentTarget"
        case .exclusionGroup: "#microsoft.graph.exclusionGroupAssignmentTarget"
        case .allUsers: "#microsoft.graph.allLicensedUsersAssignmentTarget"
        case .allDevices: "#microsoft.graph.allDevicesAssignmentTarget"
        case .configurationManagerCollection: "#microsoft.graph.configurationManagerCollectionAssignmentTarget"
        }
    }

    /// Windows 365's group target, which Cloud PC provisioning policies and user settings take instead of
    /// `groupAssignmentTarget` (cloudpcmanagementgroupassignmenttarget resource page).
    public static let cloudPCGroupODataType = "#microsoft.graph.cloudPcManagementGroupAssignmentTarget"

    /// Reads a target `@odata.type` with or without the leading `#`.
    public init?(odataType: String) {
        let bare = odataType.hasPrefix("#") ? String(odataType.dropFirst()) : odataType
        guard let match = TargetType.allCases.first(where: { $0.odataType.dropFirst() == bare }) else { return nil }
        self = match
    }

    /// Reads the key that introduces a target in a manifest assignment entry.
    public init?(manifestKey: String) {
        guard let match = TargetType.allCases.first(where: { $0.manifestKey == manifestKey }) else { return nil }
        self = match
    }

    /// Ordered as declared: groups, exclusions, All users, All devices, collections.
    public static func < (lhs: TargetType, rhs: TargetType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
