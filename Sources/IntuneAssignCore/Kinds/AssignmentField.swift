/// Kind-specific assignment properties a manifest may set.
public enum AssignmentField: String, CaseIterable, Hashable, Sendable {
    /// Typed app assignment settings (`mobileAppAssignment.settings`).
    case settings
    /// Health and compliance scripts: whether the remediation runs.
    case runRemediationScript
    /// Health and compliance scripts: when the script runs.
    case runSchedule
}
