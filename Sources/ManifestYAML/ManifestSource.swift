public import IntuneAssignCore

/// One manifest file's name (as it should appear in diagnostics) and its bytes.
public struct ManifestSource: Sendable {
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
