import Foundation
import GraphClient
import IntuneAssignCore

// What issued tokens may do. The token endpoint, device codes and managed identities are the simulated identity
// platform's (IdentityPlatform.swift, with the evidence for each answer).
extension GraphSimulator {
    /// What an issued token may do, and until when.
    struct Grant {
        /// Expiry on the simulator's clock.
        var expiry: Double
        /// Application permissions (`roles`) or delegated scopes (`scp`), by name.
        var permissions: Set<String>
        /// Whether a person signed in.
        var delegated: Bool
    }

    /// A device code handed out, and where its sign-in stands.
    struct DeviceCode {
        var deviceCode: String
        var userCode: String
        var clientID: String
        /// The permissions asked for, and whether a refresh token was asked for (`offline_access`).
        var scopes: [String]
        var offline: Bool
        var expires: Double
        var lastPoll: Double?
        /// `pending`, `approved`, `declined`, `expired` or `redeemed`.
        var state: String
    }

    /// The grant of the request's bearer token, if the simulator issued it.
    func grant(of request: HTTPRequest) -> Grant? {
        guard let header = request.headers["authorization"], header.hasPrefix("Bearer ") else { return nil }
        return signIns.grants[String(header.dropFirst("Bearer ".count))]
    }

    /// The sign-in endpoints through the identity platform, or `nil` for any other path. The ledger moves into the
    /// platform for the request and back, so that it is never copied.
    func signInEndpoint(_ request: HTTPRequest, method: String, segments: [String]) -> HTTPResponse? {
        var platform = IdentityPlatform(
            options: options, tenant: tenantState, now: now(), ledger: signIns, nextRequestID: { self.requestID })
        signIns = SignInLedger()
        defer { signIns = platform.ledger }
        return platform.signInEndpoint(request, method: method, segments: segments)
    }

    // MARK: - Permissions

    /// The permissions that allow a request, any one of them: a kind's (its ReadWrite form for writes), the
    /// directory read for groups; `nil` when the simulator does not check the path.
    func permissions(for route: [String], reads: Bool) -> [String]? {
        if route.first == "groups" || route.first == "directoryObjects" {
            return [Permissions.directory, "Group.Read.All", "GroupMember.Read.All"]
        }
        // Graph's "List users" and "Get managedDeviceOverview" pages.
        if route.first == "users" { return [Permissions.directory, "User.Read.All", "User.ReadBasic.All"] }
        if route == ["deviceManagement", "managedDeviceOverview"] {
            return ["DeviceManagementManagedDevices.Read.All", "DeviceManagementManagedDevices.ReadWrite.All"]
        }
        // The audit log: Graph's "List auditEvents" page names DeviceManagementApps.Read.All (and .ReadWrite.All).
        if route == ["deviceManagement", "auditEvents"] {
            return ["DeviceManagementApps.Read.All", "DeviceManagementApps.ReadWrite.All"]
        }
        let kind: Kind?
        if route.starts(with: ["deviceManagement", "assignmentFilters"])
            || route == ["deviceManagement", "evaluateAssignmentFilter"]
        {
            kind = Kinds.named("deviceConfiguration")
        } else if route.starts(with: ["deviceManagement", "windowsAutopilotDeviceIdentities"]) {
            kind = Kinds.named("windowsAutopilotDeploymentProfile")
        } else if let parented = Kinds.all.first(where: {
            $0.graph.parent.map { route.starts(with: $0.path.split(separator: "/").map(String.init)) } ?? false
        }) {
            // Role definitions and Apple tokens answer with their kind's permission.
            kind = parented
        } else {
            kind = Kinds.all.first { route.starts(with: $0.collectionPath.split(separator: "/").map(String.init)) }
        }
        guard let kind else { return nil }
        return reads ? [kind.readPermission, kind.writePermission] : [kind.writePermission]
    }

    /// 403 when the request's token (one the simulator issued) lacks every permission that allows the request.
    func permissionCheck(_ request: HTTPRequest, route: [String], reads: Bool) -> HTTPResponse? {
        guard let grant = grant(of: request), let allowed = permissions(for: route, reads: reads),
            !allowed.contains(where: { Permissions.satisfies(grant.permissions, $0) })
        else { return nil }
        if route.first == "groups" || route.first == "directoryObjects" || route.first == "users" {
            return error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        }
        return error(
            403, "Forbidden",
            "Application is not authorized to perform this operation. Application must have one of the following "
                + "scopes: \(allowed.joined(separator: ", ")) - Operation ID (for customer support): "
                + "00000000-0000-0000-0000-000000000000")
    }
}
