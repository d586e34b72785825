import Foundation
import IntuneAssignCore

/// Reads claims from an access token without checking it (Graph checks it): the tenant guard needs `tid`.
public enum TokenClaims {
    /// The `tid` claim of a JWT access token, or `nil` when the token is not a JWT (then ask `GET /organization`).
    public static func tenant(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        guard let data = Base64URL.decode(parts[1]), let payload = try? JSONValue.parse([UInt8](data)) else {
            return nil
        }
        return payload["tid"]?.stringValue
    }
}
