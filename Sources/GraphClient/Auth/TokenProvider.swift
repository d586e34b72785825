public import IntuneAssignCore

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
