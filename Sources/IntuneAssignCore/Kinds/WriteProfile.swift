/// How a kind's assignments are written, as real tenants answer writes (shared/graph/field-notes.md §8), not as the
/// reference pages list routes: one style per kind, with the evidence it rests on. Where the evidence is thin or
/// negative, the style is `assign`, which every assignable kind's reference page documents and the field confirms.
public struct WriteProfile: Hashable, Sendable {
    /// The ways intune-assign writes a kind's assignments.
    public enum Style: String, Hashable, Sendable, CaseIterable {
        /// `POST .../{id}/assign` with the whole set, for any change.
        case assign = "assign"
        /// `assign`, or `POST .../{id}/assignments` when the only change is one addition (same call count, smaller
        /// blast radius). A create that answers "No OData route" is sent again as `assign` in the same run.
        case assignOrCreate = "assign, create one"
        /// No `assign` action: `POST .../{id}/assignments` adds one, `DELETE .../assignments/{id}` removes one.
        case createAndDelete = "create, delete"
        /// Autopilot profiles: `assign` takes device ids; group targets are created and deleted one by one.
        case deviceIds = "device ids; create, delete"
        /// Intune role assignments: no assignments; `PATCH` of the object's members, scope and scope tags.
        case roleAccess = "update (PATCH)"
        /// Apple automated device enrollment profiles: no assignments; `updateDeviceProfileAssignment` with serial
        /// numbers, `setDefaultProfile`.
        case serialNumbers = "serial numbers; set default"
    }

    /// The style.
    public let style: Style
    /// A type-cast segment that `assign` is reported to need (`…/{id}/CAST/assign`): `assign` is sent without it
    /// first, and again with it when Graph answers "No OData route"; the rest of the run uses the route that answered.
    public let assignCast: String?
    /// Where the choice comes from (field-notes.md, the reference pages), and how firm it is.
    public let evidence: String

    /// A profile of `style`, resting on `evidence`.
    init(_ style: Style, assignCast: String? = nil, _ evidence: String) {
        self.style = style
        self.assignCast = assignCast
        self.evidence = evidence
    }
}

extension Kind {
    /// Whether one addition may be written with `POST .../{id}/assignments` instead of `assign`.
    public var supportsSingleCreate: Bool { write.style == .assignOrCreate }
    /// How group targets are written: `assign`, or created and deleted one by one.
    public var groupTargetWrites: GroupTargetWrites {
        switch write.style {
        case .assign, .assignOrCreate, .roleAccess, .serialNumbers: .assignAction
        case .createAndDelete, .deviceIds: .createAndDelete
        }
    }
    /// Whether the manifest may list Autopilot device identities (`devices:`) for this kind.
    public var takesDevices: Bool { write.style == .deviceIds || write.style == .serialNumbers }
    /// Whether it is an Intune role assignment: no assignments, but members, a scope and scope tags.
    public var isRoleAccess: Bool { write.style == .roleAccess }
    /// Whether its configurations carry assignments (every kind but role assignments).
    public var takesAssignments: Bool { !targets.types.isEmpty }
}

extension WriteProfile {
    // Write profiles (field-notes.md §8). `assign` wherever a single create is unproven or known not to be routed;
    // the single create only where a widely used tool ships it.

    /// §8: no report either way for this kind; `assign` is documented on every assignable kind's reference page.
    static let assignOnly = WriteProfile(
        .assign, "field-notes §8: a single create is unproven here; `assign` replaces the set (DOC)")
    /// §8: `POST .../{id}/assignments` answers 400 "No OData route exists … with http verb POST" (LIVE).
    static func notRouted(_ reports: String) -> WriteProfile {
        WriteProfile(.assign, "field-notes §8: the single create is not routed (LIVE: \(reports)); `assign` only")
    }
    /// §8: the single create is shipped by terraform-provider-microsoft365 for this kind.
    static let createShipped = WriteProfile(
        .assignOrCreate,
        "field-notes §8: the single create works (SHIPPED: terraform-provider-microsoft365); a 400 \"No OData route\" "
            + "is sent again as `assign`")
}
