import Foundation
import IntuneAssignCore

/// How intune-assign signs in (`--sign-in`), in the order the chain tries them.
public enum SignInMethod: String, CaseIterable, Sendable, CustomStringConvertible {
    case environment
    case githubOIDC = "github-oidc"
    case accessToken = "access-token"
    case managedIdentity = "managed-identity"
    case deviceCode = "device-code"

    /// The `--sign-in` value.
    public var description: String { rawValue }
}

/// Everything a sign-in may look at. Pure over what it is given: the executable passes the environment, a file
/// reader and whether a person is at a terminal (only it touches files and the terminal).
public struct SignInContext: Sendable {
    /// The process environment.
    public var environment: [String: String]
    /// Reads a file (a certificate, a federated token).
    public var readFile: @Sendable (String) throws -> String
    /// The cloud (`AZURE_AUTHORITY_HOST` is applied on top).
    public var cloud: Cloud
    /// How sign-in requests are sent.
    public var transport: any HTTPTransport
    /// The clock that polls and renews.
    public var sleeper: any Sleeper
    /// `--sign-in`: the one method to use; `nil` tries the chain.
    public var method: SignInMethod?
    /// The permissions the run needs, asked for as delegated scopes when a person signs in.
    public var scopes: [String]
    /// The manifests' `tenant:`, for a person's sign-in when `AZURE_TENANT_ID` is not set.
    public var manifestTenant: String?
    /// Whether a person is at a terminal to enter a device code.
    public var interactive: Bool
    /// Shows the device code to the person.
    public var showCode: @Sendable (DeviceCodeCredential.Prompt) -> Void
    /// The instance metadata service's token URL; `nil` never tries it (tests whose transport answers any host).
    public var instanceMetadata: String?
    /// Seconds the instance metadata service has to answer before the chain moves on.
    public var probeTimeout: Double

    /// A context; by default the chain, no scopes, no terminal, the real metadata address and a one-second probe
    /// (Azure Identity's default credential also gives it about a second).
    public init(
        environment: [String: String], readFile: @escaping @Sendable (String) throws -> String = { _ in "" },
        cloud: Cloud, transport: any HTTPTransport, sleeper: any Sleeper = SystemSleeper(),
        method: SignInMethod? = nil, scopes: [String] = [], manifestTenant: String? = nil, interactive: Bool = false,
        showCode: @escaping @Sendable (DeviceCodeCredential.Prompt) -> Void = { _ in },
        instanceMetadata: String? = ManagedIdentityCredential.instanceMetadataEndpoint, probeTimeout: Double = 1
    ) {
        self.environment = environment
        self.readFile = readFile
        self.cloud = cloud
        self.transport = transport
        self.sleeper = sleeper
        self.method = method
        self.scopes = scopes
        self.manifestTenant = manifestTenant
        self.interactive = interactive
        self.showCode = showCode
        self.instanceMetadata = instanceMetadata
        self.probeTimeout = probeTimeout
    }

    /// A variable's value; an empty one counts as unset (pipelines often export every variable, set or not). A
    /// variable that holds a credential is registered for redaction as it is read.
    func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        if Self.secretVariables.contains(name) { Redaction.shared.register(value, as: name) }
        return value
    }

    /// The variables whose values are credentials: never shown, and cut from whatever a server says.
    static let secretVariables: Set<String> = [
        "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "INTUNE_ASSIGN_ACCESS_TOKEN", "IDENTITY_HEADER",
    ]
}

/// The outcome of a sign-in: the token provider, how it was chosen, and why the methods before it were skipped.
public struct SignedIn: Sendable {
    /// Gives the session its tokens.
    public let provider: any TokenProvider
    /// The method used.
    public let method: SignInMethod
    /// A one-line description of it (no secrets).
    public let description: String
    /// The cloud with `AZURE_AUTHORITY_HOST` applied.
    public let cloud: Cloud
    /// Each method tried before, with why it was not used (for `--verbose`).
    public let skipped: [(method: SignInMethod, reason: String)]
}

/// One credential chain, in the order Azure Identity's default credential uses: environment (secret, certificate,
/// federated token file) → GitHub Actions OIDC → `INTUNE_ASSIGN_ACCESS_TOKEN` → managed identity (only when its
/// endpoint answers) → device code (only for a person at a terminal). A method whose variables are half set is an
/// error, never a reason to try the next: a typo must not sign in as someone else.
public enum CredentialChain {
    /// The help for a run that found no way to sign in.
    public static let help = """
        on a laptop, run it in a terminal to sign in with a device code (or pass --sign-in device-code); in a \
        pipeline set AZURE_TENANT_ID and AZURE_CLIENT_ID, and one of: AZURE_CLIENT_SECRET; \
        AZURE_CLIENT_CERTIFICATE_PATH (a PEM file with the certificate and its private key); \
        AZURE_FEDERATED_TOKEN_FILE (workload identity); or, in GitHub Actions with `permissions: id-token: write`, \
        nothing more. On an Azure VM or App Service a managed identity needs nothing. Or pass a token obtained \
        elsewhere in INTUNE_ASSIGN_ACCESS_TOKEN
        """

    /// What one method made of the context.
    enum Step {
        case chosen(any TokenProvider, String)
        case skipped(String)
    }

    /// Signs in with `--sign-in`'s method, or with the first method of the chain that applies.
    public static func signIn(_ context: SignInContext) async throws(GraphError) -> SignedIn {
        var context = context
        if let host = context.value("AZURE_AUTHORITY_HOST") {
            context.cloud = try context.cloud.overriding(authorityHost: host)
        }
        var skipped: [(method: SignInMethod, reason: String)] = []
        for method in context.method.map({ [$0] }) ?? SignInMethod.allCases {
            switch try await step(method, context) {
            case .chosen(let provider, let description):
                return SignedIn(
                    provider: provider, method: method, description: description, cloud: context.cloud,
                    skipped: skipped)
            case .skipped(let reason):
                if context.method != nil {
                    throw GraphError.configuration("cannot sign in with --sign-in \(method): \(reason)")
                }
                skipped.append((method, reason))
            }
        }
        throw GraphError.configuration(
            "no way to sign in was found:\n"
                + skipped.map { "  \($0.method): \($0.reason)\n" }.joined() + "To sign in, " + help)
    }

    /// Tries one method.
    static func step(_ method: SignInMethod, _ context: SignInContext) async throws(GraphError) -> Step {
        switch method {
        case .environment: try EnvironmentCredential.fromEnvironment(context)
        case .githubOIDC: try EnvironmentCredential.fromGitHub(context)
        case .accessToken:
            context.value("INTUNE_ASSIGN_ACCESS_TOKEN").map {
                .chosen(StaticToken($0), "the token in INTUNE_ASSIGN_ACCESS_TOKEN")
            } ?? .skipped("INTUNE_ASSIGN_ACCESS_TOKEN is not set")
        case .managedIdentity: try await managedIdentity(context)
        case .deviceCode: try deviceCode(context)
        }
    }

    /// The App Service endpoint when `IDENTITY_ENDPOINT` is set; else the instance metadata service if it answers.
    static func managedIdentity(_ context: SignInContext) async throws(GraphError) -> Step {
        let clientID = context.value("AZURE_CLIENT_ID")
        let which = clientID.map { " (user-assigned identity \($0))" } ?? " (system-assigned identity)"
        let source: ManagedIdentityCredential.Source
        switch (context.value("IDENTITY_ENDPOINT"), context.value("IDENTITY_HEADER")) {
        case (let endpoint?, let header?):
            source = .appService(endpoint: try ManagedIdentityCredential.checked(endpoint), header: header)
        case (nil, nil):
            // Azure Identity's variable for another metadata address (pod identity); tests point it at loopback.
            let override = context.value("AZURE_POD_IDENTITY_AUTHORITY_HOST").map {
                ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "/metadata/identity/oauth2/token"
            }
            guard let url = override ?? context.instanceMetadata else {
                return .skipped("IDENTITY_ENDPOINT is not set, and the instance metadata service is not tried")
            }
            let endpoint = try ManagedIdentityCredential.checked(url)
            if let absent = await ManagedIdentityCredential.probe(
                endpoint, within: context.probeTimeout, transport: context.transport)
            {
                return .skipped(absent)
            }
            source = .instanceMetadata(endpoint)
        case (nil, _?), (_?, nil):
            throw GraphError.configuration(
                "the managed identity is half set: IDENTITY_ENDPOINT and IDENTITY_HEADER come together (App Service, "
                    + "Functions and Container Apps set both)")
        }
        let credential = ManagedIdentityCredential(
            transport: context.transport, cloud: context.cloud, source: source, clientID: clientID,
            sleeper: context.sleeper)
        // Azure hosts without an identity (GitHub's hosted runners among them) answer at the metadata address too:
        // in the chain, a service with no identity for this machine is a reason to move on, as in Azure Identity.
        if context.method == nil, case .instanceMetadata = source {
            do {
                _ = try await credential.token(forceRefresh: false)
            } catch  where error.status == 400 || error.status == 404 {
                return .skipped("the instance metadata service answered, but \(error.message)")
            }
        }
        return .chosen(credential, "managed identity from \(source)\(which)")
    }

    /// A person's sign-in with a device code, when a person is at a terminal (or `--sign-in device-code`).
    static func deviceCode(_ context: SignInContext) throws(GraphError) -> Step {
        guard context.interactive || context.method == .deviceCode else {
            return .skipped("not on a terminal, where a person could enter a device code")
        }
        let tenant = try EnvironmentCredential.tenant(context) ?? context.manifestTenant ?? "organizations"
        let clientID = context.value("AZURE_CLIENT_ID") ?? DeviceCodeCredential.graphCommandLineTools
        let client =
            clientID == DeviceCodeCredential.graphCommandLineTools
            ? "Microsoft Graph Command Line Tools" : "client \(clientID)"
        return .chosen(
            DeviceCodeCredential(
                transport: context.transport, cloud: context.cloud, tenant: tenant, clientID: clientID,
                scopes: context.scopes, show: context.showCode, sleeper: context.sleeper),
            "device code through \(client)")
    }
}
