import Foundation
public import IntuneAssignCore

/// Reads claims from an access token without checking it (Graph checks it): the tenant guard needs `tid`, and
/// `check` says who signed in. Never the token itself.
public enum TokenClaims {
    /// The claims of a JWT access token, or `nil` when the token is not a JWT.
    static func payload(of token: String) -> JSONValue? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(parts[1]) else { return nil }
        return try? JSONValue.parse([UInt8](data))
    }

    /// The `tid` claim of a JWT access token, or `nil` when the token is not a JWT or the claim is not a tenant id
    /// (then ask `GET /organization`). Only a GUID is ever shown: the claim is whatever the token's issuer wrote.
    public static func tenant(of token: String) -> String? {
        payload(of: token)?["tid"]?.stringValue.flatMap(GUID.init)?.description
    }

    /// Who the token speaks for, in words: a person (`upn`, else `preferred_username` or `unique_name`, and `name`)
    /// with the delegated scopes it carries, or an app (`app_displayname`, `appid`) with its application roles.
    /// `nil` when the token is not a JWT.
    public static func identity(of token: String) -> String? {
        guard let claims = payload(of: token) else { return nil }
        /// A claim as a string, if present and not empty.
        func text(_ name: String) -> String? { claims[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        let scopes = text("scp")?.split(separator: " ").map { Printable.line(String($0)) }.sorted() ?? []
        var roles: [String] = []
        if case .array(let values)? = claims["roles"] { roles = values.compactMap(\.stringValue).sorted() }
        if let user = text("upn") ?? text("preferred_username") ?? text("unique_name") {
            let name = text("name").map { " (\(Printable.line($0)))" } ?? ""
            return "user \(Printable.line(user))\(name), delegated scopes: "
                + (scopes.isEmpty ? "none" : scopes.joined(separator: " "))
        }
        let app = text("appid") ?? text("azp") ?? "unknown"
        let name = text("app_displayname").map { "\"\(Printable.line($0))\" " } ?? ""
        return "app \(name)\(Printable.line(app)), application permissions: "
            + (roles.isEmpty ? "none" : roles.map { Printable.line($0) }.joined(separator: " "))
    }

    /// Whose changes in the audit log are the token's own: its app id (`appid`, else `azp`) or its person's user
    /// principal name (`upn`, else `preferred_username`).
    public static func auditIdentity(of token: String) -> Blame.Identity {
        guard let claims = payload(of: token) else { return Blame.Identity() }
        func text(_ name: String) -> String? { claims[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        return Blame.Identity(
            applicationID: text("appid") ?? text("azp"), userPrincipalName: text("upn") ?? text("preferred_username"))
    }
}
