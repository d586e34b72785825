/// A configuration policy's enrollment-time device group as a manifest writes it (`deviceGroup:`): the static
/// security group that devices join while they enroll with the policy (Autopilot device preparation, Apple automated
/// enrollment built on the settings catalog), or `none` to clear it. Absent, the group is not looked at.
public enum DeviceGroupSpec: Hashable, Sendable {
    /// This group.
    case group(ObjectReference)
    /// No group: one the tenant holds is cleared.
    case none

    /// The group it names, if any.
    public var reference: ObjectReference? {
        if case .group(let reference) = self { return reference }
        return nil
    }
}

/// An enrollment-time device group as the tenant holds it or a plan wants it: a group's id, or none.
public struct DeviceGroup: Hashable, Sendable {
    /// The group; `nil`: none.
    public var id: GUID?

    /// The group `id`, or none.
    public init(_ id: GUID?) { self.id = id }

    /// No group.
    public static let none = DeviceGroup(nil)
}

/// What a plan does with a configuration policy's enrollment-time device group: what the tenant holds, what the
/// manifest wants. Present only when the manifest says `deviceGroup:`.
public struct DeviceGroupChange: Hashable, Sendable {
    /// What the tenant holds.
    public var before: DeviceGroup
    /// What the manifest wants.
    public var after: DeviceGroup

    /// A change from `before` to `after` (the same when nothing changes).
    public init(before: DeviceGroup, after: DeviceGroup) {
        self.before = before
        self.after = after
    }

    /// Whether the group changes.
    public var changes: Bool { before != after }

    /// The change as an assignment's would be counted: a group set where there was none is an add, a group
    /// cleared a removal, another group an update.
    public var action: PlannedChange.Action {
        switch (before.id, after.id) {
        case (let old, let new) where old == new: .unchanged
        case (nil, _): .add
        case (_, nil): .remove
        default: .update
        }
    }

    /// The call that makes the tenant hold `after`; `nil` when it does already.
    public var call: PlannedCall? {
        guard changes else { return nil }
        return after.id.map(PlannedCall.setDeviceGroup) ?? .clearDeviceGroup
    }
}

/// What a run reads of a configuration besides its assignments.
public struct ObservedParts: OptionSet, Hashable, Sendable {
    /// The raw bits.
    public let rawValue: Int
    /// Parts from bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The Autopilot devices that carry a deployment profile (the manifest lists `devices:`).
    public static let devices = ObservedParts(rawValue: 1)
    /// A configuration policy's enrollment-time device group (the manifest says `deviceGroup:`).
    public static let deviceGroup = ObservedParts(rawValue: 2)
    /// Whether an Apple enrollment profile is its token's default (the manifest says `default: true`).
    public static let defaultProfile = ObservedParts(rawValue: 4)
}

extension ConfigurationSpec {
    /// What must be read of it besides its assignments.
    public var parts: ObservedParts {
        var parts: ObservedParts = []
        if devices != nil { parts.insert(.devices) }
        if deviceGroup != nil { parts.insert(.deviceGroup) }
        if makeDefault { parts.insert(.defaultProfile) }
        return parts
    }

    /// Every group it names: its assignments' groups, then its device group.
    public var groupReferences: [ObjectReference] {
        assignments.compactMap(\.target.namedGroup) + (deviceGroup?.reference.map { [$0] } ?? [])
            + (roleAccess?.groupReferences ?? [])
    }
}

extension ConfigurationPlan {
    /// What was read of it besides its assignments (and is part of its fingerprint).
    public var parts: ObservedParts {
        var parts: ObservedParts = []
        if devicesRead { parts.insert(.devices) }
        if deviceGroup != nil { parts.insert(.deviceGroup) }
        if defaultProfile { parts.insert(.defaultProfile) }
        return parts
    }
}

extension Kind {
    /// Whether its configurations may carry an enrollment-time device group (`deviceGroup:`).
    public var takesDeviceGroup: Bool { graph.enrollmentDeviceGroup }
}

extension ListedConfiguration {
    /// The template family of a settings-catalog policy whose template takes an enrollment-time device group
    /// (Autopilot device preparation, Apple automated enrollment): Microsoft365DSC #7259 reads it as
    /// `templateReference.templateFamily`.
    public static let deviceGroupFamily = "enrollmentConfiguration"
}

extension ResolvedConfiguration {
    /// What must be read of it besides its assignments: its entry's parts, but no device group for a policy
    /// whose template is listed as taking none (`build` says so; the read would only be refused).
    public var parts: ObservedParts {
        var parts = spec.parts
        if let family = templateFamily, family != ListedConfiguration.deviceGroupFamily { parts.remove(.deviceGroup) }
        return parts
    }
}
