/// A failure below HTTP: no response at all.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why no answer came.
    public enum Code: Hashable, Sendable {
        /// The connection closed before a response came (a dropped connection).
        case connectionDropped
        /// No connection could be made.
        case connectionFailed
        /// The TLS handshake failed (an untrusted or wrong certificate, or no TLS at all): trying again cannot help.
        case untrusted
    }

    /// Why no answer came.
    public let code: Code
    /// What the transport said.
    public let detail: String

    /// An error of this code.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// What the transport said.
    public var description: String { detail }
}
