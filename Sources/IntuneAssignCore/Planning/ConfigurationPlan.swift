/// The plan for one configuration.
public struct ConfigurationPlan: Hashable, Sendable {
    /// Its kind.
    public var kind: Kind
    /// Its id.
    public var id: ConfigurationID
    /// The configuration's display name in the tenant.
    public var displayName: String = ""
    /// A digest of the assignments (and Autopilot devices) read when planning; `apply` refuses when it changed.
    public var fingerprint: String = ""
    /// Whether the manifest owns its whole assignment set.
    public var mode: ConfigurationMode
    /// Every assignment, wanted or found, with what happens to it.
    public var changes: [PlannedChange]
    /// Direct assignments whose target type intune-assign does not know (such as scope-tag or organizational-unit
    /// targets): shown, never removed, and sent back unchanged when an `assign` replaces the set.
    public var unmanaged: [UnmanagedAssignment] = []
    /// Autopilot devices that must get the profile, and devices that carry it without being listed (left alone).
    public var devicesToAdd: [DeviceID]
    /// Devices that carry the profile but are not listed: shown, left alone.
    public var devicesNotListed: [DeviceID]
    /// Whether the manifest lists Autopilot devices, so that they were read (and are part of the fingerprint).
    public var devicesRead: Bool = false
    /// Its enrollment-time device group, when the manifest says `deviceGroup:` (and it was read).
    public var deviceGroup: DeviceGroupChange?
    /// A role assignment's access, what it is and what the manifest wants (role assignments only).
    public var roleAccess: RoleAccessChange?
    /// `default: true` on an Apple enrollment profile; `wasDefault` says whether it was already.
    public var defaultProfile = false
    /// Whether the profile was its token's default when read (with `defaultProfile`).
    public var wasDefault = false
    /// The calls that make the tenant match, in order.
    public var calls: [PlannedCall]

    /// A configuration's plan from its parts (the planner makes them).
    public init(
        kind: Kind, id: ConfigurationID, displayName: String = "", fingerprint: String = "", mode: ConfigurationMode,
        changes: [PlannedChange], unmanaged: [UnmanagedAssignment] = [], devicesToAdd: [DeviceID] = [],
        devicesNotListed: [DeviceID] = [],
        devicesRead: Bool = false, deviceGroup: DeviceGroupChange? = nil, calls: [PlannedCall],
        roleAccess: RoleAccessChange? = nil
    ) {
        self.roleAccess = roleAccess
        self.devicesRead = devicesRead
        self.deviceGroup = deviceGroup
        self.kind = kind
        self.id = id
        self.displayName = displayName
        self.fingerprint = fingerprint
        self.mode = mode
        self.changes = changes
        self.unmanaged = unmanaged
        self.devicesToAdd = devicesToAdd
        self.devicesNotListed = devicesNotListed
        self.calls = calls
    }

    /// The key its reads are kept under.
    public var key: ConfigurationKey { ConfigurationKey(kind: kind, id: id) }
    /// Whether nothing is to be written.
    public var isNoOp: Bool { calls.isEmpty }
    /// Whether one of its calls replaces the whole set of assignments (`assign`).
    public var replacesSet: Bool {
        calls.contains {
            if case .assign = $0 { true } else { false }
        }
    }
    /// The unmanaged assignments it holds after its calls: every one, except that a target the kind does not
    /// support (`PlannedAssignment.isUnsupported`) goes when an `assign` replaces the set.
    public var unmanagedAfter: [UnmanagedAssignment] {
        replacesSet ? unmanaged.filter { !$0.isUnsupported(by: kind) } : unmanaged
    }
    /// Its lines to add, update and remove, as plans count them: assignments, Autopilot devices and serial numbers to
    /// add, the device group, a role assignment's members, scope and tags, and becoming the Apple token's default.
    public var lineCounts: (add: Int, update: Int, remove: Int) {
        var (add, update, remove) = (count(.add) + devicesToAdd.count, count(.update), count(.remove))
        if defaultProfile, !wasDefault { add += 1 }
        if let access = roleAccess?.counts {
            (add, update, remove) = (add + access.add, update + access.update, remove + access.remove)
        }
        switch deviceGroup?.action {
        case .add?: add += 1
        case .update?: update += 1
        case .remove?: remove += 1
        default: break
        }
        return (add, update, remove)
    }

    /// How many of its changes have this action.
    public func count(_ action: PlannedChange.Action) -> Int { changes.count { $0.action == action } }
}
