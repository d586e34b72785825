import Crypto
import Foundation
import IntuneAssignCore
import _CryptoExtras

/// A token obtained elsewhere (`INTUNE_ASSIGN_ACCESS_TOKEN`): used as it is; it cannot be refreshed.
public struct StaticToken: TokenProvider {
    private let value: String

    /// A provider that always gives `value`.
    public init(_ value: String) { self.value = value }

    /// The token as given.
    public func token(forceRefresh: Bool) async throws(GraphError) -> String { value }
}

extension StaticToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Never the token.
    public var description: String { "access token (redacted)" }
    /// The same as `description`.
    public var debugDescription: String { description }
    /// No children, so that a dump shows no token.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
