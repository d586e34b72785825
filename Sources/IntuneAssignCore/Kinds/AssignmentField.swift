/// Kind-specific assignment properties a manifest may set.
public enum AssignmentField: String, CaseIterable, Hashable, Sendable {
    /// Typed app assignment settings (`mobileAppAssignment.settings`).
    case settings
    /// Health and compliance scripts: whether the remediation runs.
    case runRemediationScript
    /// Health and compliance scripts: when the script runs.
    case runSchedule

    /// Whether the field is written but never compared, because Graph does not read back what was written, and a
    /// plan would otherwise show the same change forever. `runRemediationScript`: the admin center always sets it
    /// true and Graph reads it back false (field-notes §8; terraform-provider-microsoft365 PR #1385, 2025-12, which
    /// stopped comparing it; Microsoft365DSC #6697, 2025-11, a test that never passes with `RunRemediationScript=False`
    /// read back).
    public var isCompared: Bool { self != .runRemediationScript }

    /// Why a field is not compared, in a plan's words.
    public var notComparedNote: String? {
        isCompared ? nil : "\(rawValue) is written but not compared: Graph reads it back false (field-notes §8)"
    }
}
