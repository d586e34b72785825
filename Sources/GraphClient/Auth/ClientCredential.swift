import Crypto
import Foundation
import IntuneAssignCore
import _CryptoExtras

/// The client-credentials grant (`POST {authority}/{tenant}/oauth2/v2.0/token`) with a client secret or a client
/// assertion (a certificate-signed JWT, or a federated token from a workload identity issuer). The token is kept
/// until five minutes before it expires and fetched again on demand (after a 401). Secrets and assertions never
/// appear in an error or a log line.
public actor ClientCredential: TokenProvider {
    /// How the app proves who it is.
    public enum Proof: Sendable {
        case secret(String)
        /// A fresh assertion each time a token is fetched (a certificate signature, or a federated token re-read).
        case assertion(@Sendable () async throws(GraphError) -> String)
    }

    private let transport: any HTTPTransport
    /// The cloud whose sign-in host and scope it uses.
    public let cloud: Cloud
    /// The tenant to sign in to.
    public let tenantID: String
    /// The app registration's client id.
    public let clientID: String
    private let proof: Proof
    private let sleeper: any Sleeper
    private var cached: (token: String, refreshAt: Double)?
    /// Tokens fetched so far.
    public private(set) var fetches = 0

    /// A credential that fetches tokens through `transport`.
    public init(
        transport: any HTTPTransport, cloud: Cloud, tenantID: String, clientID: String, proof: Proof,
        sleeper: any Sleeper = SystemSleeper()
    ) {
        self.transport = transport
        self.cloud = cloud
        self.tenantID = tenantID
        self.clientID = clientID
        self.proof = proof
        self.sleeper = sleeper
    }

    /// The token endpoint, which is also the `aud` of a certificate assertion.
    public var tokenEndpoint: String { "\(cloud.authorityHost)/\(tenantID)/oauth2/v2.0/token" }

    /// A cached token while it is fresh; otherwise a new one from the token endpoint.
    public func token(forceRefresh: Bool) async throws(GraphError) -> String {
        if !forceRefresh, let cached, sleeper.now() < cached.refreshAt { return cached.token }
        var fields = [("grant_type", "client_credentials"), ("client_id", clientID), ("scope", cloud.scope)]
        switch proof {
        case .secret(let secret):
            Redaction.shared.register(secret, as: "client secret")
            fields.append(("client_secret", secret))
        case .assertion(let make):
            fields.append(("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
            let assertion = try await make()
            Redaction.shared.register(assertion, as: "client assertion")
            fields.append(("client_assertion", assertion))
        }
        let answer = try await TokenEndpoint.post(fields, to: tokenEndpoint, transport: transport)
        fetches += 1
        guard let (token, lifetime) = answer.token() else {
            // A token endpoint that echoes the request would print the secret or assertion: both are registered
            // above, and `GraphError` cuts them out of what it says, however it encoded them.
            throw GraphError.signIn(status: answer.status, error: answer.error, description: answer.description)
        }
        cached = (token, sleeper.now() + max(0, lifetime - 300))
        return token
    }
}

// Printing a credential, by mistake or in a debugger dump, shows no secret.
extension ClientCredential.Proof: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// What kind of proof it is, never the secret.
    public var description: String {
        switch self {
        case .secret: "client secret (redacted)"
        case .assertion: "client assertion"
        }
    }

    /// The same as `description`.
    public var debugDescription: String { description }
    /// No children, so that a dump shows no secret.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
