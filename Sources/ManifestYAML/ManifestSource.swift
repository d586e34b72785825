import IntuneAssignCore

/// One manifest file's name (as it should appear in diagnostics) and its bytes.
public struct ManifestSource: Sendable {
    /// The path as the user wrote it.
    public var path: String
    /// The file's bytes.
    public var bytes: [UInt8]

    /// A source from its path and bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
