import Foundation
import IntuneAssignCore

/// An Azure managed identity: the platform hands out tokens for the machine's identity, with no secret anywhere.
/// Two sources, as Azure Identity has them: the instance metadata service of VMs and scale sets (the link-local
/// `http://169.254.169.254/metadata/identity/oauth2/token`, `api-version=2018-02-01`, header `Metadata: true`), and
/// the local endpoint of App Service, Functions and Container Apps (`IDENTITY_ENDPOINT`, `api-version=2019-08-01`,
/// header `X-IDENTITY-HEADER` holding `IDENTITY_HEADER`). A user-assigned identity is chosen by its client id.
/// Tokens carry application permissions (`roles`), granted to the identity's service principal.
public actor ManagedIdentityCredential: TokenProvider {
    /// Where the tokens come from.
    public enum Source: Sendable, CustomStringConvertible {
        /// A VM's instance metadata service, at this token URL.
        case instanceMetadata(String)
        /// App Service, Functions or Container Apps: the endpoint and the header value that proves the caller is
        /// local (a secret: never shown).
        case appService(endpoint: String, header: String)

        /// Which source, never the header.
        public var description: String {
            switch self {
            case .instanceMetadata: "the instance metadata service"
            case .appService: "the App Service identity endpoint"
            }
        }
    }

    /// The instance metadata service's token URL.
    public static let instanceMetadataEndpoint = "http://169.254.169.254/metadata/identity/oauth2/token"
    /// Seconds a token request may take before it fails (the identity endpoint is on this machine or next to it).
    static let requestTimeout = 30.0

    private let transport: any HTTPTransport
    private let cloud: Cloud
    /// Where tokens come from.
    public let source: Source
    /// A user-assigned identity's client id; `nil` for the system-assigned one.
    public let clientID: String?
    private let sleeper: any Sleeper
    private var cached: (token: String, refreshAt: Double)?

    /// A credential that asks `source` for tokens of the identity `clientID` (`nil`: system-assigned).
    public init(
        transport: any HTTPTransport, cloud: Cloud, source: Source, clientID: String?,
        sleeper: any Sleeper = SystemSleeper()
    ) {
        self.transport = transport
        self.cloud = cloud
        self.source = source
        self.clientID = clientID
        self.sleeper = sleeper
    }

    /// Refuses an endpoint that is neither https, loopback nor the metadata address.
    static func checked(_ url: String) throws(GraphError) -> String {
        if case .failure(let refusal) = URLPolicy.managedIdentityOrigin(of: url) {
            throw GraphError.configuration("the managed identity endpoint cannot be used: \(refusal)")
        }
        return url
    }

    /// The token request: the Graph root as `resource`, and the client id of a user-assigned identity.
    func request() -> HTTPRequest {
        var query = [("resource", cloud.resource)]
        if let clientID { query.append(("client_id", clientID)) }
        switch source {
        case .instanceMetadata(let url):
            query.insert(("api-version", "2018-02-01"), at: 0)
            return HTTPRequest(method: "GET", url: url + "?" + Self.query(query), headers: ["metadata": "true"])
        case .appService(let url, let header):
            Redaction.shared.register(header, as: "IDENTITY_HEADER")
            query.insert(("api-version", "2019-08-01"), at: 0)
            return HTTPRequest(
                method: "GET", url: url + (url.contains("?") ? "&" : "?") + Self.query(query),
                headers: ["x-identity-header": header])
        }
    }

    /// `name=value&...`, form-encoded.
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\(TokenEndpoint.formEncoded($0.1))" }.joined(separator: "&")
    }

    /// Whether Azure's instance metadata service answers within `seconds`: a request without the `Metadata` header,
    /// which that service answers 400 at once. `nil` when it does; otherwise why not. Anything else answering at the
    /// address (another cloud's metadata service, a proxy of the network) is not taken for it.
    public static func probe(_ url: String, within seconds: Double, transport: any HTTPTransport) async -> String? {
        let origin = URLParts(url).origin
        do {
            let answer = try await transport.send(HTTPRequest(method: "GET", url: url), within: seconds)
            if answer.status == 400 { return nil }
            return "no managed identity here: \(origin) answered HTTP \(answer.status), not as Azure's instance "
                + "metadata service does"
        } catch {
            return "no managed identity here: nothing answered at \(origin) within \(seconds) s"
        }
    }

    /// The cached token while it is fresh; otherwise a new one. 429 and 5xx are tried again up to three times
    /// (1, 2, then 4 s apart), as the metadata service asks.
    public func token(forceRefresh: Bool) async throws(GraphError) -> String {
        if !forceRefresh, let cached, sleeper.now() < cached.refreshAt { return cached.token }
        var wait = 1.0
        var attempt = 0
        while true {
            attempt += 1
            let answer = try await TokenEndpoint.send(request(), within: Self.requestTimeout, transport: transport)
            if let (token, lifetime) = answer.token() {
                cached = (token, sleeper.now() + max(0, lifetime - 300))
                return token
            }
            if attempt <= 3, answer.status == 429 || answer.status >= 500 {
                do { try await sleeper.sleep(until: sleeper.now() + wait) } catch {
                    throw GraphError.configuration("sign-in was cancelled")
                }
                wait *= 2
                continue
            }
            // The identity header, registered when the request was made, is cut out by `GraphError`.
            let said = (answer.description ?? answer.body?["message"]?.stringValue).map { Printable.line($0) }
            let which = clientID.map { "the user-assigned identity \($0)" } ?? "the system-assigned identity"
            var description = "\(source) gave no token for \(which)"
            if answer.status == 400 || answer.status == 404 {
                description += " (is it assigned to this machine?)"
            }
            if let said { description += ": \(said)" }
            throw GraphError.signIn(status: answer.status, error: answer.error, description: description)
        }
    }
}

// Printing a source, by mistake or in a debugger dump, shows no identity header.
extension ManagedIdentityCredential.Source: CustomDebugStringConvertible, CustomReflectable {
    /// The same as `description`.
    public var debugDescription: String { description }
    /// No children, so that a dump shows no header.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
