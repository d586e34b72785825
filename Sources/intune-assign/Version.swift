/// The version of intune-assign, written in this one place. `scripts/version.sh` reads it for `package.sh` and the
/// release workflow, which refuses a tag `vX` unless X is this version.
enum Version {
    /// `intune-assign --version` prints it.
    static let current = "0.1.0"
}
