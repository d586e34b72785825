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

    /// Reads a target `@odata.type` with or without the leading `#`.
    public init?(odataType: String) {
        let bare = odataType.hasPrefix("#") ? String(odataType.dropFirst()) : odataType
        guard let match = TargetType.allCases.first(where: { $0.odataType.dropFirst() == bare }) else { return nil }
        self = match
    }

    public init?(manifestKey: String) {
        guard let match = TargetType.allCases.first(where: { $0.manifestKey == manifestKey }) else { return nil }
        self = match
    }

    public static func < (lhs: TargetType, rhs: TargetType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How a kind's `assign` action answers.
public enum AssignAnswer: String, Hashable, Sendable {
    /// 204 No Content.
    case noContent
    /// 200 OK with the new assignment collection in `value`.
    case collection
}

/// How the intent of an assignment works for a kind.
public struct IntentRule: Hashable, Sendable {
    /// The property name in Graph (`intent`, or `installIntent` for eBooks).
    public let graphField: String
    public let values: [String]
    /// Whether every assignment must state it (true where the intent is part of the assignment's identity).
    public let required: Bool
    /// Whether two assignments to one target with different intents are different assignments.
    public let isIdentity: Bool
    /// What Graph assumes when the intent is left out.
    public let defaultValue: String?
}

/// Kind-specific assignment properties a manifest may set.
public enum AssignmentField: String, CaseIterable, Hashable, Sendable {
    /// Typed app assignment settings (`mobileAppAssignment.settings`).
    case settings
    /// Health and compliance scripts: whether the remediation runs.
    case runRemediationScript
    /// Health and compliance scripts: when the script runs.
    case runSchedule
}

/// What a kind's object ids look like. Ids go into URL paths, so each form admits only letters, digits, `-`
/// and `_`.
public enum ConfigurationIDForm: String, Hashable, Sendable {
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    case guid
    /// A GUID, optionally followed by `_` and a type name: enrollment configurations are
    /// `{guid}_DefaultLimit`, `{guid}_Windows10EnrollmentCompletionPageConfiguration`, ...
    case guidWithSuffix
    /// A decimal number: role scope tags are `0` (Default), `1`, `2`, ...
    case integer
}

/// How group targets are written for a kind.
public enum GroupTargetWrites: String, Hashable, Sendable {
    /// Through the kind's `assign` action, which replaces the whole set.
    case assignAction
    /// With `POST .../assignments` and `DELETE .../assignments/{id}` (Autopilot deployment profiles, whose
    /// `assign` action takes device ids instead).
    case createAndDelete
}

/// Everything intune-assign needs to know about one assignable Intune collection (one row of
/// shared/graph/kinds.md). A class, because every configuration refers to one of 33 shared rows: copying a
/// reference is cheaper than copying the row, and two rows are equal when their names are.
public final class Kind: Hashable, Sendable, CustomStringConvertible {
    /// The manifest's `kind:` value.
    public let name: String
    /// The beta collection path, e.g. `/deviceManagement/deviceConfigurations`.
    public let collectionPath: String
    /// The body key of the `assign` action.
    public let assignBodyKey: String
    /// The assignment entity's `@odata.type` (or `#Collection(Edm.String)` for Autopilot device ids).
    public let assignmentODataType: String
    public let assignAnswer: AssignAnswer
    /// Whether `POST .../{id}/assignments` creates one assignment.
    public let supportsSingleCreate: Bool
    /// Whether the collection also exists in Graph v1.0 (we always use beta: filters exist only there).
    public let inV1: Bool
    /// The application permission needed to write assignments.
    public let writePermission: String
    public let targetTypes: [TargetType]
    public let intent: IntentRule?
    public let fields: [AssignmentField]
    /// Whether the manifest may list Autopilot device identities (`devices:`) for this kind.
    public let takesDevices: Bool
    public let groupTargetWrites: GroupTargetWrites
    /// Assignment properties Graph returns but rejects or ignores on write; never sent back.
    public let readOnlyAssignmentFields: [String]
    /// Whether the tenant's default configurations (priority 0) of this kind refuse assignments.
    public let defaultConfigurationsUnassignable: Bool
    /// What the kind's object ids look like.
    public let idForm: ConfigurationIDForm

    init(
        name: String, collectionPath: String, assignBodyKey: String, assignmentODataType: String,
        assignAnswer: AssignAnswer, supportsSingleCreate: Bool, inV1: Bool, writePermission: String,
        targetTypes: [TargetType], intent: IntentRule?, fields: [AssignmentField], takesDevices: Bool,
        groupTargetWrites: GroupTargetWrites, readOnlyAssignmentFields: [String], defaultConfigurationsUnassignable: Bool,
        idForm: ConfigurationIDForm
    ) {
        self.name = name
        self.collectionPath = collectionPath
        self.assignBodyKey = assignBodyKey
        self.assignmentODataType = assignmentODataType
        self.assignAnswer = assignAnswer
        self.supportsSingleCreate = supportsSingleCreate
        self.inV1 = inV1
        self.writePermission = writePermission
        self.targetTypes = targetTypes
        self.intent = intent
        self.fields = fields
        self.takesDevices = takesDevices
        self.groupTargetWrites = groupTargetWrites
        self.readOnlyAssignmentFields = readOnlyAssignmentFields
        self.defaultConfigurationsUnassignable = defaultConfigurationsUnassignable
        self.idForm = idForm
    }

    public static func == (lhs: Kind, rhs: Kind) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    public var description: String { name }

    /// The permission needed to read assignments: the `.Read.All` form of the write permission.
    public var readPermission: String {
        writePermission.hasSuffix(".ReadWrite.All")
            ? String(writePermission.dropLast(".ReadWrite.All".count)) + ".Read.All" : writePermission
    }

    public func accepts(_ target: TargetType) -> Bool { targetTypes.contains(target) }
    public func accepts(_ field: AssignmentField) -> Bool { fields.contains(field) }
}
