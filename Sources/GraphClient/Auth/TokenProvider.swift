import IntuneAssignCore

/// Gives the session its access token; asked again with `forceRefresh` after a 401.
public protocol TokenProvider: Sendable {
    /// An access token for Graph; a new one when `forceRefresh` (after a 401).
    func token(forceRefresh: Bool) async throws(GraphError) -> String
    /// Whose permissions its tokens carry.
    var grant: PermissionGrant { get }
}

extension TokenProvider {
    /// App-only, unless the provider says otherwise.
    public var grant: PermissionGrant { .application }
}

/// Whose permissions a token carries: an app's own (application permissions, the `roles` claim, admin-granted), or
/// a signed-in person's on an app's behalf (delegated scopes, the `scp` claim, limited further by the person's
/// Intune role).
public enum PermissionGrant: String, Hashable, Sendable {
    case application, delegated

    /// How a missing permission is named in messages.
    public var permissionWord: String {
        switch self {
        case .application: "application permission"
        case .delegated: "delegated scope"
        }
    }
}
