import Foundation
import GraphClient
import GraphTestSupport
import IntuneAssignCore
import Testing

/// One redaction for every credential the process holds: each credential, echoed in each server-provided field,
/// in each encoding a server could use, never reaches an error; and the credentials are registered where they enter
/// the process (the sign-in variables, token answers), so that `GraphError` cuts them without being told.
@Suite struct RedactionTests {
    /// The credentials a process can hold, with the label each is shown as. Each has letters of both cases and
    /// characters that percent-encoding and base64 change.
    static let credentials: [(secret: String, label: String)] = [
        ("not-a-secret~client/Secret+Value==", "client secret"),
        (
            "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9BenVyZUFEVG9rZW5FeGNoYW5nZSJ9.QXNzZXJ0aW9uU2lnbmF0dXJlX3BhcnQ",
            "client assertion"
        ),
        ("not-a-token_OIDCRequestBearer0123456789", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
        (
            "eyJ0eXAiOiJKV1QifQ.eyJ0aWQiOiJmZWRlcmF0ZWQtdG9rZW4tY2xhaW1zIn0.RmVkZXJhdGVkU2lnbmF0dXJlUGFydA",
            "federated token"
        ),
        ("0.AXoAaccess-token-Body_With/Slash", "access token"),
        ("1.AXoArefresh-token+Body=", "refresh token"),
        ("DAQABAAEAAADeviceCode-Xyz", "device code"),
        ("identity-Header-PLUGH+/=", "IDENTITY_HEADER"),
    ]

    /// The forms a server could give a secret in: as it is, upper and lower case, percent-encoded (upper- and
    /// lower-case hex, as forms are), and base64 or base64url at each byte offset.
    static func encodings(_ secret: String) -> [(name: String, text: String)] {
        /// Every byte as %xx.
        func percent(_ upper: Bool) -> String {
            secret.utf8.map { String(format: upper ? "%%%02X" : "%%%02x", $0) }.joined()
        }
        var forms: [(String, String)] = [
            ("as sent", secret), ("upper case", secret.uppercased()), ("lower case", secret.lowercased()),
            ("percent, upper hex", percent(true)), ("percent, lower hex", percent(false)),
            ("form-encoded", secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret),
        ]
        for offset in 0..<3 {
            let data = Data(repeating: 0x41, count: offset) + Data(secret.utf8) + Data("!".utf8)
            let standard = data.base64EncodedString()
            forms.append(("base64 at offset \(offset)", standard))
            forms.append(
                (
                    "base64url at offset \(offset)",
                    standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                ))
        }
        return forms
    }

    /// Whether `text` still shows the secret in any form a reader could decode.
    static func leaks(_ text: String, _ secret: String) -> Bool {
        encodings(secret).contains { form in
            // The base64 forms leak only through the part the secret's own bytes decide.
            let probe = form.name.hasPrefix("base64") ? String(form.text.dropFirst(4).dropLast(4)) : form.text
            return text.contains(probe)
        } || text.lowercased().contains(secret.lowercased())
    }

    @Test(arguments: credentials.indices)
    func everyCredentialIsCutFromEveryServerFieldInEveryEncoding(_ index: Int) {
        let (secret, label) = Self.credentials[index]
        Redaction.shared.register(secret, as: label)
        for (name, encoded) in Self.encodings(secret) {
            let said = "AADSTS7000215: invalid value \(encoded) was sent"
            // The OAuth error and error_description, from a token endpoint.
            let oauth = GraphError.signIn(status: 401, error: "bad_\(encoded)", description: said)
            // Graph's error code, message and request id, and a header echoed into the message.
            let body: JSONValue = [
                "error": [
                    "code": .string("Echo\(encoded)"), "message": .string("Authorization: Bearer \(encoded); \(said)"),
                    "innerError": ["request-id": .string("id-\(encoded)")],
                ]
            ]
            let graph = GraphError.response(
                HTTPResponse(
                    status: 400, headers: ["request-id": "id-\(encoded)"], body: Array(body.serialized().utf8)),
                method: "GET", url: "https://graph.microsoft.com/beta/deviceManagement")
            for error in [oauth, graph] {
                let shown = [error.description, error.message, error.graphCode ?? "", error.requestID ?? ""]
                    .joined(separator: " | ")
                #expect(!Self.leaks(shown, secret), "\(label), \(name): \(shown)")
                #expect(shown.contains("(\(label) redacted)"), "\(label), \(name): \(shown)")
            }
        }
    }

    @Test func aRegistryCutsOnlyWhatItHoldsAndTellsItsObservers() {
        let registry = Redaction()
        let told = SignInFlowTests.Box<String>()
        registry.observe { told.add($0) }
        registry.register("short", as: "too short")
        registry.register("first-part-long-enough.header-part-long-enough.signature-part-long-enough", as: "token")
        #expect(registry.redact("a short word") == "a short word", "secrets under 8 bytes are not matched")
        #expect(told.all.count == 4, "the token and its three parts: \(told.all)")
        #expect(registry.redact("x signature-part-long-enough y") == "x (token redacted) y")
        #expect(registry.redact("nothing to see") == "nothing to see")
        #expect(registry.redact("%zz%4") == "%zz%4", "malformed percent-encoding is left alone")
    }

    /// The sign-in variables that hold credentials are registered as they are read, and a token answer's tokens as
    /// it is parsed: an error that echoes them, made afterwards anywhere, is cut.
    @Test func theSignInRegistersWhatItReadsAndReceives() async throws {
        let secret = "not-a-secret-REGISTERED-" + UUID().uuidString
        let issued = "issued-access-token-" + UUID().uuidString
        let transport = ClosureTransport { _ in
            HTTPResponse(
                status: 200,
                body: Array(#"{"access_token":"\#(issued)","expires_in":3600,"token_type":"Bearer"}"#.utf8))
        }
        let signedIn = try await CredentialChain.signIn(
            SignInContext(
                environment: [
                    "AZURE_TENANT_ID": "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11", "AZURE_CLIENT_ID": "c",
                    "AZURE_CLIENT_SECRET": secret,
                ], cloud: .global, transport: transport))
        #expect(try await signedIn.provider.token(forceRefresh: false) == issued)
        let echo = GraphError.signIn(status: 400, error: nil, description: "you sent \(secret) and got \(issued)")
        #expect(echo.description == "400 you sent (AZURE_CLIENT_SECRET redacted) and got (access token redacted)")
    }

    /// A request id is shown as it is only when it is a GUID; anything else is escaped onto one line.
    @Test func aRequestIDThatIsNoGUIDIsEscaped() {
        let body = #"{"error":{"code":"x","message":"m","innerError":{"request-id":"a\n::warning::forged\u001b[31m"}}}"#
        let error = GraphError.response(
            HTTPResponse(status: 400, body: Array(body.utf8)), method: "GET", url: "https://graph.microsoft.com/beta/x")
        #expect(error.description.hasSuffix(#"(request-id a\u{a}::warning::forged\u{1b}[31m)"#), "\(error)")
        let guid = "d3b07384-d9a0-4c1b-8f3e-6a1f0c2e5b7d"
        let good = GraphError.response(
            HTTPResponse(status: 400, headers: ["request-id": guid], body: []), method: "GET", url: "https://x/beta/y")
        #expect(good.description.hasSuffix("(request-id \(guid))"))
    }
}
