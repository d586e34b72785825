import IntuneAssignCore

/// A token obtained elsewhere (`INTUNE_ASSIGN_ACCESS_TOKEN`): used as it is; it cannot be refreshed.
public struct StaticToken: TokenProvider {
    private let value: String

    public init(_ value: String) { self.value = value }

    public func token(forceRefresh: Bool) async throws(GraphError) -> String { value }
}

/// The client-credentials grant with a client secret: `POST {authority}/{tenant}/oauth2/v2.0/token`. The token is
/// kept until five minutes before it expires, and fetched again on demand (after a 401). The secret never appears
/// in an error or a log line.
public actor ClientSecretCredential: TokenProvider {
    private let transport: any HTTPTransport
    private let cloud: Cloud
    private let tenantID: String
    private let clientID: String
    private let secret: String
    private let sleeper: any Sleeper
    private var cached: (token: String, refreshAt: Double)?
    /// Tokens fetched so far (for tests and reports).
    public private(set) var fetches = 0

    public init(
        transport: any HTTPTransport, cloud: Cloud, tenantID: String, clientID: String, secret: String,
        sleeper: any Sleeper = SystemSleeper()
    ) {
        self.transport = transport
        self.cloud = cloud
        self.tenantID = tenantID
        self.clientID = clientID
        self.secret = secret
        self.sleeper = sleeper
    }

    public func token(forceRefresh: Bool) async throws(GraphError) -> String {
        if !forceRefresh, let cached, sleeper.now() < cached.refreshAt { return cached.token }
        let form = [
            ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", secret), ("scope", cloud.scope),
        ].map { "\($0.0)=\(Self.formEncoded($0.1))" }.joined(separator: "&")
        let url = "\(cloud.authorityHost)/\(tenantID)/oauth2/v2.0/token"
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(
                method: "POST", url: url, headers: ["content-type": "application/x-www-form-urlencoded"],
                body: Array(form.utf8)))
        } catch let error as TransportError {
            throw GraphError.transport(error, method: "POST", url: url)
        } catch {
            throw GraphError.configuration("sign-in failed: \(type(of: error))")
        }
        fetches += 1
        let body = try? JSONValue.parse(response.body)
        guard response.status == 200, let token = body?["access_token"]?.stringValue else {
            throw GraphError.signIn(status: response.status, error: body?["error"]?.stringValue,
                                    description: body?["error_description"]?.stringValue)
        }
        var lifetime = 3599.0
        if case let .int(seconds)? = body?["expires_in"] { lifetime = Double(seconds) }
        cached = (token, sleeper.now() + max(0, lifetime - 300))
        return token
    }

    /// `application/x-www-form-urlencoded`: letters, digits and `-._~` as they are, everything else as %XX.
    static func formEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
