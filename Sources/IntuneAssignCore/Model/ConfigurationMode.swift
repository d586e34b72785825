/// Whether the manifest owns the whole assignment set of a configuration.
public enum ConfigurationMode: String, CaseIterable, Hashable, Sendable {
    /// The tenant ends with exactly the listed assignments (the default).
    case authoritative
    /// Listed assignments are added or updated; others are left alone.
    case additive
}
