import Crypto
import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing
import X509
import _CryptoExtras

/// The token endpoint's certificate flow: a client assertion signed with the key of the app's certificate, checked
/// the way Entra ID checks it. Keys and certificates are made fresh for the test.
@Suite struct ClientAssertionTests {
    struct App {
        let key: _RSA.Signing.PrivateKey
        let pem: String
        let der: Data
    }

    static func makeApp() throws -> App {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName("intune-assign simulator test") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: Date().addingTimeInterval(-60), notValidAfter: Date().addingTimeInterval(3600),
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {}, issuerPrivateKey: .init(key))
        let pem = try certificate.serializeAsPEM().pemString
        let body = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        return App(key: key, pem: pem, der: try #require(Data(base64Encoded: body)))
    }

    static func base64URL(_ data: Data) -> String { Base64URL.encode(data) }

    /// A client assertion as MSAL builds one.
    static func assertion(
        _ app: App, signer: _RSA.Signing.PrivateKey? = nil, alg: String = "PS256", audience: String, clientID: String,
        expires: Int = 600, thumbprint: String? = nil
    ) throws -> String {
        var header: [(key: String, value: JSONValue)] = [("alg", .string(alg)), ("typ", "JWT")]
        if alg == "PS256" {
            header.append(("x5t#S256", .string(thumbprint ?? base64URL(Data(SHA256.hash(data: app.der))))))
        } else {
            header.append(("x5t", .string(thumbprint ?? base64URL(Data(Insecure.SHA1.hash(data: app.der))))))
        }
        let now = Int(Date().timeIntervalSince1970)
        let payload: JSONValue = [
            "aud": .string(audience), "iss": .string(clientID), "sub": .string(clientID),
            "jti": .string(UUID().uuidString), "nbf": .int(now - 5), "exp": .int(now + expires),
        ]
        let signingInput =
            base64URL(Data(JSONValue.object(header).serialized().utf8)) + "."
            + base64URL(Data(payload.serialized().utf8))
        let key = signer ?? app.key
        let signature = try key.signature(
            for: Data(signingInput.utf8), padding: alg == "PS256" ? .PSS : .insecurePKCS1v1_5)
        return signingInput + "." + base64URL(signature.rawRepresentation)
    }

    @Test(arguments: Mode.allCases)
    func certificateAssertionsAreVerified(_ mode: Mode) async throws {
        let app = try Self.makeApp()
        let clientID = "11111111-2222-4333-8444-555555555555"
        var tenant = Fixture.tenant(kinds: [])
        tenant.application = .init(clientId: clientID, certificate: app.pem)
        try await Harness.with(mode, tenant, options: .init(requireToken: true)) { (harness: Harness) async throws in
            let endpoint = "\(harness.simulator.options.baseURL)/\(Fixture.tenantID)/oauth2/v2.0/token"
            func token(_ assertion: String) async throws -> (Int, JSONValue?) {
                let form =
                    "grant_type=client_credentials&client_id=\(clientID)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
                    + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                    + "&client_assertion=\(assertion)"
                let response = try await harness.transport.send(
                    HTTPRequest(
                        method: "POST", url: endpoint, headers: ["content-type": "application/x-www-form-urlencoded"],
                        body: Array(form.utf8)))
                return (response.status, try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
            }
            let (status, body) = try await token(try Self.assertion(app, audience: endpoint, clientID: clientID))
            #expect(status == 200)
            let accessToken = try #require(body?["access_token"]?.stringValue)
            #expect(
                try await harness.send("GET", "/groups", headers: ["Authorization": "Bearer \(accessToken)"]).status
                    == 200)
            #expect(
                try await token(try Self.assertion(app, alg: "RS256", audience: endpoint, clientID: clientID)).0 == 200)

            let stranger = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let refusals: [(String, String)] = [
                (
                    try Self.assertion(app, signer: stranger, audience: endpoint, clientID: clientID),
                    "invalid signature"
                ),
                (
                    try Self.assertion(
                        app, audience: "https://login.microsoftonline.com/x/oauth2/v2.0/token", clientID: clientID),
                    "audience claim"
                ),
                (
                    try Self.assertion(app, audience: endpoint, clientID: "99999999-2222-4333-8444-555555555555"),
                    "iss and sub"
                ),
                (try Self.assertion(app, audience: endpoint, clientID: clientID, expires: -600), "expired"),
                (
                    try Self.assertion(app, audience: endpoint, clientID: clientID, thumbprint: "bm90LXRoaXMtY2VydA"),
                    "not registered"
                ),
                (
                    String(try Self.assertion(app, audience: endpoint, clientID: clientID).dropLast(4)) + "AAAA",
                    "invalid signature"
                ),
                ("not.a.jwt", "not a JWT"),
            ]
            for (assertion, reason) in refusals {
                let (refused, error) = try await token(assertion)
                #expect(refused == 401, "\(reason)")
                #expect(error?["error"]?.stringValue == "invalid_client", "\(reason)")
                #expect(
                    error?["error_description"]?.stringValue?.contains(reason) == true,
                    "\(reason): \(error?.serialized() ?? "")")
            }
        }
    }
}

/// Workload identity federation (GitHub Actions, Kubernetes): a token from another issuer, accepted through the
/// app's federated credential; and tokens that expire or are revoked.
@Suite struct FederatedAssertionTests {
    static let clientID = "11111111-2222-4333-8444-555555555555"
    static let issuer = "https://token.actions.githubusercontent.com"
    static let subject = "repo:northwind/intune:ref:refs/heads/main"

    /// A token as the external issuer makes it (RS256).
    static func externalToken(
        _ key: _RSA.Signing.PrivateKey, issuer: String = issuer, subject: String = subject,
        audience: String = "api://AzureADTokenExchange", expires: Int = 600
    ) throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        let header: JSONValue = ["alg": "RS256", "typ": "JWT", "kid": "issuer-key-1"]
        let payload: JSONValue = [
            "iss": .string(issuer), "sub": .string(subject), "aud": .string(audience),
            "nbf": .int(now - 5), "iat": .int(now - 5), "exp": .int(now + expires),
        ]
        let input =
            ClientAssertionTests.base64URL(Data(header.serialized().utf8)) + "."
            + ClientAssertionTests.base64URL(Data(payload.serialized().utf8))
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + ClientAssertionTests.base64URL(signature.rawRepresentation)
    }

    static func token(_ harness: Harness, form: String) async throws -> (Int, JSONValue?) {
        let endpoint = "\(harness.simulator.options.baseURL)/\(Fixture.tenantID)/oauth2/v2.0/token"
        let response = try await harness.transport.send(
            HTTPRequest(
                method: "POST", url: endpoint, headers: ["content-type": "application/x-www-form-urlencoded"],
                body: Array(form.utf8)))
        return (response.status, try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
    }

    static func assertionForm(_ assertion: String) -> String {
        "grant_type=client_credentials&client_id=\(clientID)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
            + "&client_assertion=\(assertion)"
    }

    @Test(arguments: Mode.allCases)
    func federatedTokensAreAcceptedThroughTheAppsCredential(_ mode: Mode) async throws {
        let issuerKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        var tenant = Fixture.tenant(kinds: [])
        tenant.application = .init(
            clientId: Self.clientID,
            federatedCredentials: [
                .init(issuer: Self.issuer, subject: Self.subject, publicKey: issuerKey.publicKey.pemRepresentation)
            ])
        try await Harness.with(mode, tenant, options: .init(requireToken: true)) { (harness: Harness) async throws in
            let (status, body) = try await Self.token(
                harness, form: Self.assertionForm(try Self.externalToken(issuerKey)))
            #expect(status == 200)
            let accessToken = try #require(body?["access_token"]?.stringValue)
            #expect(
                try await harness.send("GET", "/groups", headers: ["Authorization": "Bearer \(accessToken)"]).status
                    == 200)

            let stranger = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let refusals: [(String, String)] = [
                (
                    try Self.externalToken(issuerKey, subject: "repo:northwind/intune:pull_request"),
                    "No matching federated identity"
                ),
                (try Self.externalToken(issuerKey, issuer: "https://evil.example"), "No matching federated identity"),
                (try Self.externalToken(issuerKey, audience: "api://something-else"), "audience claim"),
                (try Self.externalToken(issuerKey, expires: -600), "expired"),
                (try Self.externalToken(stranger), "invalid signature"),
            ]
            for (assertion, reason) in refusals {
                let (refused, error) = try await Self.token(harness, form: Self.assertionForm(assertion))
                #expect(refused == 401, "\(reason)")
                #expect(
                    error?["error_description"]?.stringValue?.contains(reason) == true,
                    "\(reason): \(error?.serialized() ?? "")")
            }
        }
    }

    @Test(arguments: Mode.allCases)
    func tokensExpireAndCanBeRevoked(_ mode: Mode) async throws {
        let clock = ManualClock()
        try await Harness.with(
            mode, Fixture.tenant(kinds: []), options: .init(requireToken: true, tokenLifetime: 60),
            clock: clock
        ) { (harness: Harness) async throws in
            let form =
                "grant_type=client_credentials&client_id=\(Self.clientID)&client_secret=test-only"
                + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            func fresh() async throws -> String {
                let (status, body) = try await Self.token(harness, form: form)
                #expect(status == 200)
                #expect(body?["expires_in"] == .int(60))
                return try #require(body?["access_token"]?.stringValue)
            }
            let first = try await fresh()
            let bearer = { (token: String) in ["Authorization": "Bearer \(token)"] }
            #expect(try await harness.send("GET", "/groups", headers: bearer(first)).status == 200)
            clock.advance(61)
            let expired = try await harness.send("GET", "/groups", headers: bearer(first))
            #expect(expired.status == 401)
            #expect(expired.body?["error"]?["code"]?.stringValue == "InvalidAuthenticationToken")
            let second = try await fresh()
            #expect(second != first)
            #expect(try await harness.send("GET", "/groups", headers: bearer(second)).status == 200)
            harness.simulator.revokeTokens()
            #expect(try await harness.send("GET", "/groups", headers: bearer(second)).status == 401)
        }
    }
}
