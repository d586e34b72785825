import Foundation
import GraphClient
import GraphHTTP
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// No secret — client secret, certificate key, password, federated token, GitHub request token, access token —
/// appears in any error intune-assign can show, whatever fails.
@Suite struct NoSecretsTests {
    static let secrets = [
        "not-a-secret-client-XYZZY", "certificate-password-PLUGH", "github-request-token-FROBOZZ",
        "federated-token-GRUE.payload.signature", "access-token-ZORK.payload.signature",
    ]

    func allText(_ error: any Error) -> String { "\(error) \(String(reflecting: error))" }

    @Test func failuresNeverCarrySecrets() async throws {
        var errors: [any Error] = []
        // The token endpoint refuses: its answer echoes nothing we sent, and we add nothing of ours.
        let refusing = ClosureTransport { _ in
            HTTPResponse(
                status: 401,
                body: Array(
                    #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}"#
                        .utf8))
        }
        let credential = ClientCredential(
            transport: refusing, cloud: .global, tenantID: SessionFixture.tenantID,
            clientID: SessionFixture.clientID, proof: .secret(Self.secrets[0]))
        do { _ = try await credential.token(forceRefresh: false) } catch { errors.append(error) }
        // The network fails under the sign-in and under Graph requests.
        let dropping = ClosureTransport { request in
            throw TransportError(.connectionDropped, "dropped \(URLParts(request.url).origin)")
        }
        let failing = ClientCredential(
            transport: dropping, cloud: .global, tenantID: SessionFixture.tenantID,
            clientID: SessionFixture.clientID, proof: .secret(Self.secrets[0]))
        do { _ = try await failing.token(forceRefresh: false) } catch { errors.append(error) }
        let session = GraphSession(
            transport: dropping, cloud: .global, tokens: StaticToken(Self.secrets[4]),
            policy: RetryPolicy(maxAttempts: 1), sleeper: SimulatedTime())
        do { _ = try await session.send("GET", "/groups?$filter=displayName%20eq%20'x'") } catch {
            errors.append(error)
        }
        // Graph answers 401 to the token (twice: once more after a refresh).
        let unauthorized = RecordingTransport(
            ClosureTransport { _ in
                HTTPResponse(
                    status: 401,
                    body: Array(
                        #"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}}"#.utf8))
            })
        let rejected = GraphSession(
            transport: unauthorized, cloud: .global, tokens: StaticToken(Self.secrets[4]), sleeper: SimulatedTime())
        do {
            _ = try await rejected.send(
                "GET", "/deviceManagement/deviceConfigurations", kind: Kinds.named("deviceConfiguration"))
        } catch { errors.append(error) }
        #expect(unauthorized.exchanges.count == 2, "one retry with a fresh token, then the error")
        #expect(
            unauthorized.exchanges.allSatisfy { $0.request.headers["authorization"] == "Bearer \(Self.secrets[4])" })
        // GitHub gives no OIDC token; the workload identity file cannot be read; a bad password.
        let environment = ["AZURE_TENANT_ID": SessionFixture.tenantID, "AZURE_CLIENT_ID": SessionFixture.clientID]
        for extra in [
            [
                "ACTIONS_ID_TOKEN_REQUEST_URL": "https://pipelines.invalid/x",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN": Self.secrets[2],
            ],
            ["AZURE_FEDERATED_TOKEN_FILE": "/nonexistent/token"],
            [
                "AZURE_CLIENT_CERTIFICATE_PATH": "/secrets/app.pem",
                "AZURE_CLIENT_CERTIFICATE_PASSWORD": Self.secrets[1],
            ],
        ] {
            do {
                let chosen = try await CredentialChain.signIn(
                    SignInContext(
                        environment: environment.merging(extra) { $1 },
                        readFile: { path in
                            guard path == "/secrets/app.pem" else { throw CocoaError(.fileNoSuchFile) }
                            return
                                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----"
                        },
                        cloud: .global, transport: ClosureTransport { _ in HTTPResponse(status: 403) },
                        instanceMetadata: nil))
                _ = try await chosen.provider.token(forceRefresh: false)
                Issue.record("no failure for \(extra.keys.sorted())")
            } catch {
                errors.append(error)
            }
        }
        // A half-set environment that holds a secret.
        do {
            _ = try await CredentialChain.signIn(
                SignInContext(
                    environment: ["AZURE_CLIENT_SECRET": Self.secrets[0]], readFile: { _ in "" },
                    cloud: .global, transport: refusing, instanceMetadata: nil))
        } catch { errors.append(error) }

        // Nor does printing the credentials themselves.
        let printed =
            "\(ClientCredential.Proof.secret(Self.secrets[0])) \(String(reflecting: ClientCredential.Proof.secret(Self.secrets[0])))"
            + " \(StaticToken(Self.secrets[4])) \(String(reflecting: StaticToken(Self.secrets[4])))"
        #expect(!printed.contains(Self.secrets[0]) && !printed.contains(Self.secrets[4]), "\(printed)")

        #expect(errors.count == 8)
        for error in errors {
            let text = allText(error)
            for secret in Self.secrets { #expect(!text.contains(secret), "\(secret) in: \(text)") }
            #expect(!text.contains("$filter"), "queries stay out of errors: \(text)")
        }
    }

    /// A device code proves a sign-in like a password, and so do a refresh token and App Service's identity header:
    /// an endpoint that echoes them back is cut off, and printing a source shows none.
    @Test func deviceCodesRefreshTokensAndIdentityHeadersNeverShow() async throws {
        let deviceCode = "device-code-XYZZY-secret"
        let header = "identity-header-PLUGH-secret"
        let echoing = ClosureTransport { request in
            if request.url.hasSuffix("/devicecode") {
                let body: JSONValue = [
                    "device_code": .string(deviceCode), "user_code": "ABCD",
                    "verification_uri": "https://microsoft.com/devicelogin",
                ]
                return HTTPResponse(status: 200, body: Array(body.serialized().utf8))
            }
            let echoed = request.url.contains("/msi") ? header : deviceCode
            let body: JSONValue = [
                "error": "invalid_grant", "error_description": .string("AADSTS9999: you sent \(echoed)"),
            ]
            return HTTPResponse(status: 400, body: Array(body.serialized().utf8))
        }
        var errors: [any Error] = []
        let person = DeviceCodeCredential(
            transport: echoing, cloud: .global, tenant: "organizations", clientID: "c", scopes: [], show: { _ in },
            sleeper: SimulatedTime())
        do { _ = try await person.token(forceRefresh: false) } catch { errors.append(error) }
        let source = ManagedIdentityCredential.Source.appService(endpoint: "http://127.0.0.1:1/msi", header: header)
        let machine = ManagedIdentityCredential(
            transport: echoing, cloud: .global, source: source, clientID: nil, sleeper: SimulatedTime())
        do { _ = try await machine.token(forceRefresh: false) } catch { errors.append(error) }
        #expect(errors.count == 2)
        let printed = "\(source) \(String(reflecting: source))"
        for text in errors.map(allText) + [printed] {
            #expect(!text.contains(deviceCode) && !text.contains(header), "\(text)")
        }
        #expect(allText(errors[0]).contains("(device code redacted)"))
        #expect(allText(errors[1]).contains("(IDENTITY_HEADER redacted)"))
    }
}
