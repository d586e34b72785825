import Crypto
import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing
import X509
import _CryptoExtras

/// Every sign-in flow against the simulator's token endpoint, chosen from environment variables.
@Suite struct CredentialTests {
    static let tenantID = SessionFixture.tenantID
    static let clientID = SessionFixture.clientID
    static let root = SessionFixture.root

    /// A transport that answers GitHub's OIDC endpoint itself and sends everything else to the simulator.
    struct GitHubAndSimulator: HTTPTransport {
        let simulator: GraphSimulator
        let oidcToken: @Sendable () throws -> String
        let seen: Recorder

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            if request.url.hasPrefix("https://pipelines.actions.invalid/") {
                seen.record(request)
                guard request.headers["authorization"] == "bearer runtime-request-token" else {
                    return HTTPResponse(status: 401)
                }
                let body: JSONValue = ["value": .string(try oidcToken())]
                return HTTPResponse(status: 200, body: Array(body.serialized().utf8))
            }
            return try await InProcessTransport(simulator).send(request)
        }
    }

    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var requests: [HTTPRequest] = []
        func record(_ request: HTTPRequest) { lock.withLock { requests.append(request) } }
        var all: [HTTPRequest] { lock.withLock { requests } }
    }

    final class FileReads: @unchecked Sendable {
        private let lock = NSLock()
        private var contents: [String: String]
        private(set) var reads: [String] = []
        init(_ contents: [String: String]) { self.contents = contents }
        func set(_ path: String, _ text: String) { lock.withLock { contents[path] = text } }
        func read(_ path: String) throws -> String {
            try lock.withLock {
                reads.append(path)
                guard let text = contents[path] else { throw CocoaError(.fileNoSuchFile) }
                return text
            }
        }
        var count: Int { lock.withLock { reads.count } }
    }

    /// A fresh RSA key and a self-signed certificate (PEM) for it, as an app registration would hold.
    static func appCertificate() throws -> (_RSA.Signing.PrivateKey, String) {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName("intune-assign app") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: Date().addingTimeInterval(-60), notValidAfter: Date().addingTimeInterval(3600),
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {}, issuerPrivateKey: .init(key))
        return (key, try certificate.serializeAsPEM().pemString)
    }

    func simulator(_ application: SimulatedTenant.Application) -> GraphSimulator {
        GraphSimulator(
            tenant: SimulatedTenant(
                tenantId: Self.tenantID, application: application,
                groups: [.init(id: "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01", displayName: "IT Pilot")]),
            options: .init(baseURL: Self.root, requireToken: true))
    }

    /// Signs in with `environment`, then reads `/groups` with the token.
    func signInAndRead(
        _ environment: [String: String], simulator: GraphSimulator, files: FileReads = FileReads([:]),
        transport: (any HTTPTransport)? = nil
    ) async throws -> (String, any TokenProvider) {
        let transport = transport ?? InProcessTransport(simulator)
        let cloud = try Cloud.global.overriding(graphRoot: Self.root)
        let chosen = try await CredentialChain.signIn(
            SignInContext(
                environment: environment.merging(["AZURE_AUTHORITY_HOST": Self.root]) { $1 },
                readFile: { try files.read($0) }, cloud: cloud, transport: transport, instanceMetadata: nil))
        let session = GraphSession(transport: transport, cloud: chosen.cloud, tokens: chosen.provider)
        #expect(try await session.send("GET", "/groups").status == 200)
        return (chosen.description, chosen.provider)
    }

    @Test func clientSecret() async throws {
        let secret = "not-a-secret-env-credential-test"
        let sim = simulator(.init(clientId: Self.clientID, clientSecret: secret))
        let (description, _) = try await signInAndRead(
            ["AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.clientID, "AZURE_CLIENT_SECRET": secret],
            simulator: sim)
        #expect(description == "client secret of app \(Self.clientID)")
        #expect(!description.contains(secret))
    }

    @Test func clientCertificate() async throws {
        let (key, certificatePEM) = try Self.appCertificate()
        let sim = simulator(.init(clientId: Self.clientID, certificate: certificatePEM))
        let files = FileReads(["/secrets/app.pem": certificatePEM + "\n" + key.pemRepresentation])
        let (description, _) = try await signInAndRead(
            [
                "AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.clientID,
                "AZURE_CLIENT_CERTIFICATE_PATH": "/secrets/app.pem",
            ],
            simulator: sim, files: files)
        #expect(description.hasPrefix("certificate "))
        #expect(!description.contains("PRIVATE"))
    }

    static let openssl = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    /// `openssl pkcs8 -topk8` encrypts a key as Azure's exports do (PBES2, PBKDF2, AES-CBC).
    static func encrypt(_ keyPEM: String, password: String, cipher: String, prf: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("key.pem")
        let encrypted = folder.appendingPathComponent("key.enc.pem")
        try Data(keyPEM.utf8).write(to: plain)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "pkcs8", "-topk8", "-v2", cipher, "-v2prf", prf, "-in", plain.path, "-out", encrypted.path,
            "-passout", "pass:\(password)",
        ]
        try process.run()
        process.waitUntilExit()
        return try String(contentsOf: encrypted, encoding: .utf8)
    }

    @Test(.enabled(if: openssl, "needs openssl to make an encrypted key"))
    func clientCertificateWithAPasswordProtectedKey() async throws {
        let (key, certificatePEM) = try Self.appCertificate()
        let password = "correct horse battery staple"
        for (cipher, prf) in [("aes-256-cbc", "hmacWithSHA256"), ("aes-128-cbc", "hmacWithSHA1")] {
            let encrypted = try Self.encrypt(key.pemRepresentation, password: password, cipher: cipher, prf: prf)
            #expect(encrypted.contains("BEGIN ENCRYPTED PRIVATE KEY"))
            let sim = simulator(.init(clientId: Self.clientID, certificate: certificatePEM))
            let files = FileReads(["/secrets/app.pem": certificatePEM + "\n" + encrypted])
            let environment = [
                "AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.clientID,
                "AZURE_CLIENT_CERTIFICATE_PATH": "/secrets/app.pem",
            ]
            _ = try await signInAndRead(
                environment.merging(["AZURE_CLIENT_CERTIFICATE_PASSWORD": password]) { $1 },
                simulator: sim, files: files)
            for (extra, expected) in [
                ([String: String](), "set AZURE_CLIENT_CERTIFICATE_PASSWORD"),
                (["AZURE_CLIENT_CERTIFICATE_PASSWORD": "wrong"], "the password does not open the key"),
            ] {
                do {
                    _ = try await signInAndRead(environment.merging(extra) { $1 }, simulator: sim, files: files)
                    Issue.record("\(cipher): signed in without the right password")
                } catch let error as GraphError {
                    #expect(error.description.contains(expected), "\(error)")
                    #expect(!error.description.contains(password))
                }
            }
        }
    }

    static func federatedToken(_ key: _RSA.Signing.PrivateKey, subject: String) throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        let header: JSONValue = ["alg": "RS256", "typ": "JWT"]
        let payload: JSONValue = [
            "iss": "https://issuer.example", "sub": .string(subject), "aud": "api://AzureADTokenExchange",
            "nbf": .int(now), "exp": .int(now + 600),
        ]
        let input =
            CertificateAssertionTestSupport.base64URL(Data(header.serialized().utf8)) + "."
            + CertificateAssertionTestSupport.base64URL(Data(payload.serialized().utf8))
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + CertificateAssertionTestSupport.base64URL(signature.rawRepresentation)
    }

    @Test func workloadIdentityTokenFileIsReReadForEachToken() async throws {
        let issuerKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let sim = simulator(
            .init(
                clientId: Self.clientID,
                federatedCredentials: [
                    .init(
                        issuer: "https://issuer.example", subject: "system:serviceaccount:intune:planner",
                        publicKey: issuerKey.publicKey.pemRepresentation)
                ]))
        let files = FileReads([
            "/var/run/token": try Self.federatedToken(issuerKey, subject: "system:serviceaccount:intune:planner") + "\n"
        ])
        let (description, provider) = try await signInAndRead(
            [
                "AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.clientID,
                "AZURE_FEDERATED_TOKEN_FILE": "/var/run/token",
            ],
            simulator: sim, files: files)
        #expect(description == "workload identity token file for app \(Self.clientID)")
        #expect(files.count == 1)
        // The platform rotates the file; the next token is fetched with what it holds now.
        files.set("/var/run/token", try Self.federatedToken(issuerKey, subject: "system:serviceaccount:other:intruder"))
        do {
            _ = try await provider.token(forceRefresh: true)
            Issue.record("a token for another subject was accepted")
        } catch {
            #expect(error.description.contains("No matching federated identity"))
        }
        #expect(files.count == 2)
    }

    @Test func gitHubActionsOIDC() async throws {
        let issuerKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let subject = "repo:northwind/intune:ref:refs/heads/main"
        let sim = simulator(
            .init(
                clientId: Self.clientID,
                federatedCredentials: [
                    .init(
                        issuer: "https://issuer.example", subject: subject,
                        publicKey: issuerKey.publicKey.pemRepresentation)
                ]))
        let recorder = Recorder()
        let transport = GitHubAndSimulator(
            simulator: sim, oidcToken: { try Self.federatedToken(issuerKey, subject: subject) },
            seen: recorder)
        let (description, _) = try await signInAndRead(
            [
                "AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.clientID,
                "ACTIONS_ID_TOKEN_REQUEST_URL": "https://pipelines.actions.invalid/oidc?api-version=2.0",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "runtime-request-token",
            ],
            simulator: sim, transport: transport)
        #expect(description == "GitHub Actions OIDC for app \(Self.clientID)")
        #expect(
            recorder.all.map(\.url) == [
                "https://pipelines.actions.invalid/oidc?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange"
            ])
    }

    @Test func aPreAcquiredToken() async throws {
        let cloud = Cloud.global
        let chosen = try await CredentialChain.signIn(
            SignInContext(
                environment: ["INTUNE_ASSIGN_ACCESS_TOKEN": "eyJ.token.sig", "AZURE_CLIENT_ID": "ignored"],
                readFile: { _ in "" }, cloud: cloud,
                transport: InProcessTransport(simulator(.init(clientId: Self.clientID))), instanceMetadata: nil))
        #expect(chosen.description == "the token in INTUNE_ASSIGN_ACCESS_TOKEN")
    }

    @Test func missingAndHalfSetConfigurationsSayWhatIsNeeded() async throws {
        func error(_ environment: [String: String]) async -> String {
            do {
                _ = try await CredentialChain.signIn(
                    SignInContext(
                        environment: environment, readFile: { _ in "" }, cloud: .global,
                        transport: InProcessTransport(simulator(.init(clientId: Self.clientID))),
                        instanceMetadata: nil))
                return "no error"
            } catch {
                return error.description
            }
        }
        // Nothing at all, off a terminal: every method says why it was skipped, then how to sign in.
        #expect(
            await error([:]) == """
                no way to sign in was found:
                  environment: none of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE is set
                  github-oidc: not in a GitHub Actions job with `permissions: id-token: write`
                  access-token: INTUNE_ASSIGN_ACCESS_TOKEN is not set
                  managed-identity: IDENTITY_ENDPOINT is not set, and the instance metadata service is not tried
                  device-code: not on a terminal, where a person could enter a device code
                To sign in, \(CredentialChain.help)
                """)
        #expect(
            await error(["AZURE_CLIENT_SECRET": "not-a-secret-half-set"]).hasPrefix(
                "the Azure sign-in is half set: AZURE_CLIENT_SECRET is set but AZURE_TENANT_ID and AZURE_CLIENT_ID are not"
            ))
        #expect(await !error(["AZURE_CLIENT_SECRET": "not-a-secret-half-set"]).contains("not-a-secret-half-set"))
        // A tenant and client id alone are no longer half a sign-in: they name a public client or a user-assigned
        // identity. Off a terminal with no managed identity, nothing signs in.
        #expect(
            await error(["AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.clientID])
                .hasPrefix("no way to sign in was found:"))
        #expect(
            await error([
                "AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.clientID,
                "ACTIONS_ID_TOKEN_REQUEST_URL": "https://x",
            ]).hasPrefix("the Azure sign-in is half set: missing ACTIONS_ID_TOKEN_REQUEST_TOKEN"))
        #expect(
            await error(["IDENTITY_ENDPOINT": "http://127.0.0.1:1/msi/token"]).hasPrefix(
                "the managed identity is half set"))
        #expect(
            await error([
                "AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.clientID, "AZURE_CLIENT_SECRET": "x",
                "AZURE_AUTHORITY_HOST": "http://login.example.com",
            ]).contains("is not an https:// URL"))
        // The OIDC request token goes only where the URL policy allows: never plain http to another host, never
        // with user info in front of one.
        for url in ["http://pipelines.example/oidc", "https://127.0.0.1:1@pipelines.example/oidc"] {
            #expect(
                await error([
                    "AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.clientID,
                    "ACTIONS_ID_TOKEN_REQUEST_URL": url, "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-token-value",
                ]).hasPrefix("ACTIONS_ID_TOKEN_REQUEST_URL cannot be used: "), "\(url)")
        }
        #expect(
            await error(["AZURE_TENANT_ID": "my tenant", "AZURE_CLIENT_ID": Self.clientID, "AZURE_CLIENT_SECRET": "x"])
                .contains("neither a tenant id"))
    }
}

enum CertificateAssertionTestSupport {
    static func base64URL(_ data: Data) -> String { Base64URL.encode(data) }
}
