/// How group targets are written for a kind.
public enum GroupTargetWrites: String, Hashable, Sendable {
    /// Through the kind's `assign` action, which replaces the whole set.
    case assignAction
    /// With `POST .../assignments` and `DELETE .../assignments/{id}` (Autopilot deployment profiles, whose
    /// `assign` action takes device ids instead).
    case createAndDelete
}
