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
    public let cloud: Cloud
    public let tenantID: String
    public let clientID: String
    private let proof: Proof
    private let sleeper: any Sleeper
    private var cached: (token: String, refreshAt: Double)?
    /// Tokens fetched so far.
    public private(set) var fetches = 0

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

    public func token(forceRefresh: Bool) async throws(GraphError) -> String {
        if !forceRefresh, let cached, sleeper.now() < cached.refreshAt { return cached.token }
        var fields = [("grant_type", "client_credentials"), ("client_id", clientID), ("scope", cloud.scope)]
        switch proof {
        case let .secret(secret):
            fields.append(("client_secret", secret))
        case let .assertion(make):
            fields.append(("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"))
            fields.append(("client_assertion", try await make()))
        }
        let form = fields.map { "\($0.0)=\(Self.formEncoded($0.1))" }.joined(separator: "&")
        let url = tokenEndpoint
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(
                method: "POST", url: url, headers: ["content-type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
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

/// Signs client assertions with an app certificate's private key, as MSAL does: PS256, the certificate's SHA-256
/// thumbprint in `x5t#S256`, `aud` the token endpoint, `iss` and `sub` the client id, valid for ten minutes.
public struct CertificateAssertion: Sendable {
    private let key: _RSA.Signing.PrivateKey
    /// base64url SHA-256 of the certificate's DER.
    public let thumbprint: String

    /// `pem` holds the certificate and its private key: unencrypted (PKCS#8 or PKCS#1), or encrypted (PKCS#8 with
    /// PBES2) and opened with `password` (`AZURE_CLIENT_CERTIFICATE_PASSWORD`).
    public init(pem: String, password: String? = nil) throws(GraphError) {
        guard let certificate = Self.block("CERTIFICATE", in: pem) else {
            throw GraphError.configuration("the certificate file holds no -----BEGIN CERTIFICATE----- block")
        }
        if let encrypted = Self.block("ENCRYPTED PRIVATE KEY", in: pem) {
            guard let password else {
                throw GraphError.configuration("the private key is password-protected: set AZURE_CLIENT_CERTIFICATE_PASSWORD")
            }
            guard let der = Data(base64Encoded: encrypted) else {
                throw GraphError.configuration("the encrypted private key is not base64")
            }
            do {
                let opened = try EncryptedPrivateKey.decrypt(der: [UInt8](der), password: password)
                key = try _RSA.Signing.PrivateKey(derRepresentation: opened)
            } catch let failure as EncryptedPrivateKey.Failure {
                throw GraphError.configuration("the private key cannot be opened: \(failure.reason)")
            } catch {
                throw GraphError.configuration("the private key in the certificate file cannot be read (an RSA key is needed)")
            }
        } else {
            let keyBlock = Self.block("PRIVATE KEY", in: pem).map { ("PRIVATE KEY", $0) }
                ?? Self.block("RSA PRIVATE KEY", in: pem).map { ("RSA PRIVATE KEY", $0) }
            guard let (label, body) = keyBlock else {
                throw GraphError.configuration("the certificate file holds no private key (-----BEGIN PRIVATE KEY-----)")
            }
            do {
                key = try _RSA.Signing.PrivateKey(pemRepresentation: "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----")
            } catch {
                throw GraphError.configuration("the private key in the certificate file cannot be read (an RSA key is needed)")
            }
        }
        guard let der = Data(base64Encoded: certificate) else {
            throw GraphError.configuration("the certificate in the certificate file is not base64")
        }
        thumbprint = Base64URL.encode(Data(SHA256.hash(data: der)))
    }

    /// The base64 body of the first `-----BEGIN label-----` block.
    static func block(_ label: String, in pem: String) -> String? {
        guard let start = pem.range(of: "-----BEGIN \(label)-----"),
              let end = pem.range(of: "-----END \(label)-----", range: start.upperBound..<pem.endIndex)
        else { return nil }
        return pem[start.upperBound..<end.lowerBound].split(whereSeparator: \.isNewline).joined()
    }


    /// A fresh assertion for `clientID` at `audience` (the token endpoint).
    public func assertion(clientID: String, audience: String, now: Date = Date()) throws(GraphError) -> String {
        let time = Int(now.timeIntervalSince1970)
        let header: JSONValue = ["alg": "PS256", "typ": "JWT", "x5t#S256": .string(thumbprint)]
        let payload: JSONValue = ["aud": .string(audience), "iss": .string(clientID), "sub": .string(clientID),
                                  "jti": .string(UUID().uuidString.lowercased()), "nbf": .int(time), "iat": .int(time),
                                  "exp": .int(time + 600)]
        let input = Base64URL.encode(Data(header.serialized().utf8)) + "." + Base64URL.encode(Data(payload.serialized().utf8))
        do {
            let signature = try key.signature(for: Data(input.utf8), padding: .PSS)
            return input + "." + Base64URL.encode(signature.rawRepresentation)
        } catch {
            throw GraphError.configuration("signing the client assertion failed")
        }
    }
}

// Printing a credential, by mistake or in a debugger dump, shows no secret.
extension ClientCredential.Proof: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .secret: "client secret (redacted)"
        case .assertion: "client assertion"
        }
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension StaticToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "access token (redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
