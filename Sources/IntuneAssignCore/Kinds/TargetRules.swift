/// What a kind's assignments may target and how its targets are written: the one description that the checks
/// (`Kind.problems`), the schema, the Graph mapping and the simulator all read.
public struct TargetRules: Hashable, Sendable {
    /// How a group target is written.
    public enum GroupForm: Hashable, Sendable {
        /// Intune's `groupAssignmentTarget` (and `exclusionGroupAssignmentTarget`).
        case intune
        /// Windows 365's `cloudPcManagementGroupAssignmentTarget`, which may carry a plan or an allotment.
        case cloudPC
    }

    /// How an All users target is written.
    public enum AllUsersForm: Hashable, Sendable {
        /// `allLicensedUsersAssignmentTarget`.
        case allLicensedUsers
        /// The virtual All-users group as a group target (app protection and MAM app configuration refuse
        /// `allLicensedUsersAssignmentTarget`, field-notes §5).
        case virtualGroup
    }

    /// The target types its assignments accept.
    public var types: [TargetType]
    /// Includes only: an exclusion is refused in manifests, and one the tenant holds is an unsupported target whose
    /// effect is unknown, never sent back.
    public var includesOnly: Bool
    /// How group targets are written.
    public var groupForm: GroupForm
    /// How All users is written.
    public var allUsersForm: AllUsersForm
    /// Whether its targets take assignment filters (Windows 365's and terms and conditions' do not).
    public var filters: Bool

    /// Rules from their parts.
    public init(
        _ types: [TargetType], includesOnly: Bool, groupForm: GroupForm = .intune,
        allUsersForm: AllUsersForm = .allLicensedUsers, filters: Bool = true
    ) {
        self.types = types
        self.includesOnly = includesOnly
        self.groupForm = groupForm
        self.allUsersForm = allUsersForm
        self.filters = filters
    }
}
