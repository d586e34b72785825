import Foundation
public import IntuneAssignCore

/// A person signs in with a device code (OAuth 2.0 device authorization grant, RFC 8628, as the Microsoft identity
/// platform serves it): the code and the page to enter it on are shown, and the token endpoint is polled until the
/// person has signed in, declined, or the code expired. The token carries delegated scopes: what the client may do
/// on the person's behalf, limited further by the person's Intune role. Tokens, and the refresh token that renews
/// them during a long apply, live in this process's memory only.
public actor DeviceCodeCredential: TokenProvider {
    /// Microsoft Graph Command Line Tools, the public client `Connect-MgGraph` signs in with; many tenants have
    /// consented to it already. `AZURE_CLIENT_ID` replaces it with the organisation's own public client.
    public static let graphCommandLineTools = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
    /// The device authorization grant's `grant_type`.
    static let deviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code"

    /// The bounds put on what the identity platform says of the poll: at least one second and at most a minute
    /// between polls (RFC 8628 §3.2 gives 5 s by default), and a code good for at most 15 minutes (what Entra
    /// issues). A larger answer is clamped, so that a hostile or broken endpoint can neither stall nor crash a run.
    static let intervalBounds = 1.0...60.0
    /// The longest a device code is waited for, in seconds.
    static let longestLifetime = 900

    /// What to show the person: the page, the code, how long it is good for, and our sentence with both.
    public struct Prompt: Sendable {
        /// Where to enter the code.
        public let verificationURI: String
        /// The code to enter.
        public let userCode: String
        /// Seconds until the code expires.
        public let expiresIn: Int
        /// The instructions, in one line, made of the checked page and code (never the authority's free text).
        public let message: String
        /// The delegated scopes asked for, by permission name.
        public let scopes: [String]
    }

    private let transport: any HTTPTransport
    private let cloud: Cloud
    /// The tenant signed in to: a tenant id, a domain, or `organizations`.
    public let tenant: String
    /// The public client's id.
    public let clientID: String
    /// The delegated scopes asked for, by permission name (`DeviceManagementConfiguration.Read.All`).
    public let scopes: [String]
    private let show: @Sendable (Prompt) -> Void
    private let sleeper: any Sleeper
    private var cached: (token: String, refreshAt: Double)?
    private var refreshToken: String?

    /// Delegated: a person's permissions.
    nonisolated public var grant: PermissionGrant { .delegated }

    /// A credential that signs a person in to `tenant` through `clientID`, asking for `scopes`, and shows the code
    /// with `show`.
    public init(
        transport: any HTTPTransport, cloud: Cloud, tenant: String, clientID: String, scopes: [String],
        show: @escaping @Sendable (Prompt) -> Void, sleeper: any Sleeper = SystemSleeper()
    ) {
        self.transport = transport
        self.cloud = cloud
        self.tenant = tenant
        self.clientID = clientID
        self.scopes = scopes
        self.show = show
        self.sleeper = sleeper
    }

    /// The `scope` parameter: each permission under the cloud's Graph root, and `offline_access` for the refresh
    /// token.
    var scopeParameter: String {
        (scopes.map { "\(cloud.resource)/\($0)" } + ["offline_access"]).joined(separator: " ")
    }
    private var endpoint: String { "\(cloud.authorityHost)/\(tenant)/oauth2/v2.0" }

    /// The cached token while it is fresh; else one renewed with the refresh token; else a new sign-in.
    public func token(forceRefresh: Bool) async throws(GraphError) -> String {
        if !forceRefresh, let cached, sleeper.now() < cached.refreshAt { return cached.token }
        if let refresh = refreshToken {
            refreshToken = nil
            let answer = try await TokenEndpoint.post(
                [
                    ("grant_type", "refresh_token"), ("client_id", clientID), ("refresh_token", refresh),
                    ("scope", scopeParameter),
                ], to: "\(endpoint)/token", transport: transport)
            if let token = keep(answer) { return token }
            // A refresh token that no longer works (revoked, or past its lifetime): sign in again.
        }
        return try await signIn()
    }

    /// Keeps the token and refresh token an answer carries; `nil` if it carries none.
    private func keep(_ answer: TokenEndpoint.Answer) -> String? {
        guard let (token, lifetime) = answer.token() else { return nil }
        cached = (token, sleeper.now() + max(0, lifetime - 300))
        refreshToken = answer.body?["refresh_token"]?.stringValue
        return token
    }

    /// Asks for a device code, shows it, and polls until the person is done.
    private func signIn() async throws(GraphError) -> String {
        let start = try await TokenEndpoint.post(
            [("client_id", clientID), ("scope", scopeParameter)], to: "\(endpoint)/devicecode", transport: transport)
        guard start.status == 200, let body = start.body, let deviceCode = body["device_code"]?.stringValue,
            let userCode = body["user_code"]?.stringValue, let page = body["verification_uri"]?.stringValue
        else { throw refusal(start) }
        let lifetime = min(Self.longestLifetime, max(1, Self.integer(body["expires_in"]) ?? Self.longestLifetime))
        var interval = Self.clamped(Self.integer(body["interval"]).map(Double.init) ?? 5)
        if let problem = Self.pageProblem(page, cloud: cloud) { throw GraphError.configuration(problem) }
        let code = Printable.line(userCode, limit: 40)
        show(
            Prompt(
                verificationURI: page, userCode: code, expiresIn: lifetime,
                message: "To sign in, open \(page) in a web browser and enter the code \(code).", scopes: scopes))
        let deadline = sleeper.now() + Double(lifetime)
        while true {
            do { try await sleeper.sleep(until: sleeper.now() + interval) } catch {
                throw GraphError.configuration("sign-in was cancelled")
            }
            guard sleeper.now() < deadline else { throw expired(lifetime) }
            let answer = try await TokenEndpoint.post(
                [("grant_type", Self.deviceCodeGrant), ("client_id", clientID), ("device_code", deviceCode)],
                to: "\(endpoint)/token", transport: transport)
            if let token = keep(answer) { return token }
            switch answer.error {
            case "authorization_pending": continue
            // RFC 8628 §3.5: wait five seconds longer from now on.
            case "slow_down": interval = Self.clamped(interval + 5)
            case "expired_token", "code_expired": throw expired(lifetime)
            default: throw refusal(answer)
            }
        }
    }

    /// The code ran out before the person signed in.
    private func expired(_ lifetime: Int) -> GraphError {
        GraphError.configuration(
            "the device code expired before sign-in finished (a code is good for \(lifetime / 60) minutes); run the "
                + "command again and enter the new code")
    }

    /// A poll interval within `intervalBounds`.
    static func clamped(_ seconds: Double) -> Double {
        min(intervalBounds.upperBound, max(intervalBounds.lowerBound, seconds))
    }

    /// Why a `verification_uri` is not shown: the page must be https on one of Microsoft's sign-in hosts for the
    /// cloud, or on the configured authority itself (`AZURE_AUTHORITY_HOST`, which passed the URL policy: a
    /// loopback simulator). Anything else would send the person to type a live code on someone else's page.
    static func pageProblem(_ page: String, cloud: Cloud) -> String? {
        /// The host of an origin (`https://host:port`), lower-cased.
        func host(_ origin: String) -> String {
            let afterScheme = origin.firstRange(of: "://").map { origin[$0.upperBound...] } ?? Substring(origin)
            return String(afterScheme.prefix { $0 != ":" }).lowercased()
        }
        let origin = URLParts(page).origin
        let defaultHost = Cloud.named(cloud.name).map { host($0.authorityHost) } ?? ""
        let microsoft = ["microsoft.com", "aka.ms", "login.microsoft.com", defaultHost]
        let plain = !page.contains("@") && !page.unicodeScalars.contains { Printable.isHidden($0) || $0 == " " }
        let onMicrosoft =
            origin.lowercased().hasPrefix("https://")
            && (microsoft.contains(host(origin)) || host(origin).hasSuffix(".microsoft.com"))
        let onAuthority = origin == URLParts(cloud.authorityHost).origin
        if plain, onMicrosoft || onAuthority { return nil }
        return "the sign-in service named \(Printable.quoted(page, limit: 200)) as the page to enter the device code "
            + "on, which is not https on a Microsoft sign-in host of the \(cloud.name) cloud; nothing was shown"
    }

    /// Why the identity platform refused, in words that say what to do. What it said passes `GraphError`'s
    /// redaction: the device code, which proves the sign-in like a password, is registered as it arrives.
    func refusal(_ answer: TokenEndpoint.Answer) -> GraphError {
        let said = answer.description.map { Printable.line($0) }
        var description: String
        switch answer.error {
        case "authorization_declined", "access_denied":
            description =
                "sign-in was declined: the person signing in refused it, or a policy (such as Conditional Access) "
                + "blocked it; nothing was read"
        case _ where answer.codes.contains(65001) || answer.body?["suberror"]?.stringValue == "consent_required":
            let scopes = self.scopes.joined(separator: ", ")
            let query = [
                ("client_id", clientID), ("scope", scopes.isEmpty ? "" : scopeParameter),
                ("redirect_uri", "https://login.microsoftonline.com/common/oauth2/nativeclient"),
            ].map { "\($0.0)=\(TokenEndpoint.formEncoded($0.1))" }.joined(separator: "&")
            let consentTenant = tenant == "organizations" || tenant == "common" ? "{tenant-id}" : tenant
            description =
                "the delegated scopes \(scopes) are not consented for client \(clientID): an admin can consent "
                + "for the organisation at \(cloud.authorityHost)/\(consentTenant)/v2.0/adminconsent?\(query)"
        case _ where answer.codes.contains(7_000_218):
            description =
                "client \(clientID) is not a public client: turn on \"Allow public client flows\" in its app "
                + "registration (Authentication), or unset AZURE_CLIENT_ID to use Microsoft Graph Command Line Tools"
        default:
            description = "device code sign-in failed"
        }
        if let said { description += " (\(said))" }
        return GraphError.signIn(status: answer.status, error: answer.error, description: description)
    }

    /// A number that may come as a string.
    static func integer(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let number)?: number
        case .string(let text)?: Int(text)
        default: nil
        }
    }
}
