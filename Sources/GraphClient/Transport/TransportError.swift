/// A failure below HTTP: no response at all.
public struct TransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// The connection closed before a response came (a dropped connection).
        case connectionDropped
        /// No connection could be made.
        case connectionFailed
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }
}
