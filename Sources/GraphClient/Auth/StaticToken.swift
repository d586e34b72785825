import Crypto
public import Foundation
import IntuneAssignCore
import _CryptoExtras

/// A token obtained elsewhere (`INTUNE_ASSIGN_ACCESS_TOKEN`): used as it is; it cannot be refreshed.
public struct StaticToken: TokenProvider {
    private let value: String

    public init(_ value: String) { self.value = value }

    public func token(forceRefresh: Bool) async throws(GraphError) -> String { value }
}

extension StaticToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "access token (redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
