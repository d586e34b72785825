import Crypto
import Foundation
import GraphClient
import GraphSimulator
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

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

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
        let payload: JSONValue = ["aud": .string(audience), "iss": .string(clientID), "sub": .string(clientID),
                                  "jti": .string(UUID().uuidString), "nbf": .int(now - 5), "exp": .int(now + expires)]
        let signingInput = base64URL(Data(JSONValue.object(header).serialized().utf8)) + "." + base64URL(Data(payload.serialized().utf8))
        let key = signer ?? app.key
        let signature = try key.signature(for: Data(signingInput.utf8), padding: alg == "PS256" ? .PSS : .insecurePKCS1v1_5)
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
                let form = "grant_type=client_credentials&client_id=\(clientID)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
                    + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                    + "&client_assertion=\(assertion)"
                let response = try await harness.transport.send(HTTPRequest(
                    method: "POST", url: endpoint, headers: ["content-type": "application/x-www-form-urlencoded"],
                    body: Array(form.utf8)))
                return (response.status, try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
            }
            let (status, body) = try await token(try Self.assertion(app, audience: endpoint, clientID: clientID))
            #expect(status == 200)
            let accessToken = try #require(body?["access_token"]?.stringValue)
            #expect(try await harness.send("GET", "/groups", headers: ["Authorization": "Bearer \(accessToken)"]).status == 200)
            #expect(try await token(try Self.assertion(app, alg: "RS256", audience: endpoint, clientID: clientID)).0 == 200)

            let stranger = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let refusals: [(String, String)] = [
                (try Self.assertion(app, signer: stranger, audience: endpoint, clientID: clientID), "invalid signature"),
                (try Self.assertion(app, audience: "https://login.microsoftonline.com/x/oauth2/v2.0/token", clientID: clientID),
                 "audience claim"),
                (try Self.assertion(app, audience: endpoint, clientID: "99999999-2222-4333-8444-555555555555"), "iss and sub"),
                (try Self.assertion(app, audience: endpoint, clientID: clientID, expires: -600), "expired"),
                (try Self.assertion(app, audience: endpoint, clientID: clientID, thumbprint: "bm90LXRoaXMtY2VydA"),
                 "not registered"),
                (String(try Self.assertion(app, audience: endpoint, clientID: clientID).dropLast(4)) + "AAAA", "invalid signature"),
                ("not.a.jwt", "not a JWT"),
            ]
            for (assertion, reason) in refusals {
                let (refused, error) = try await token(assertion)
                #expect(refused == 401, "\(reason)")
                #expect(error?["error"]?.stringValue == "invalid_client", "\(reason)")
                #expect(error?["error_description"]?.stringValue?.contains(reason) == true, "\(reason): \(error?.serialized() ?? "")")
            }
        }
    }
}
