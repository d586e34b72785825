import Foundation
import IntuneAssignCore

/// Picks the sign-in from environment variables the way Azure Identity's EnvironmentCredential does, plus GitHub
/// Actions OIDC and a pre-acquired token. Pure over what it is given: the executable passes the environment and a
/// file reader (only it touches files).
public enum EnvironmentCredential {
    /// The audience Entra expects of federated tokens.
    public static let federatedAudience = "api://AzureADTokenExchange"

    static let help = """
        set AZURE_TENANT_ID and AZURE_CLIENT_ID, and one of: AZURE_CLIENT_SECRET; AZURE_CLIENT_CERTIFICATE_PATH (a PEM \
        file with the certificate and its private key); AZURE_FEDERATED_TOKEN_FILE (workload identity); or, in GitHub \
        Actions with `permissions: id-token: write`, ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN. \
        Or pass a token obtained elsewhere in INTUNE_ASSIGN_ACCESS_TOKEN
        """

    /// The token provider, a one-line description of it (no secrets), and the cloud with `AZURE_AUTHORITY_HOST` applied.
    public static func make(
        environment: [String: String], readFile: @escaping @Sendable (String) throws -> String, cloud: Cloud,
        transport: any HTTPTransport, sleeper: any Sleeper = SystemSleeper()
    ) throws(GraphError) -> (provider: any TokenProvider, description: String, cloud: Cloud) {
        // An empty variable counts as unset: pipelines often export every variable, set or not.
        let value = { (name: String) -> String? in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var cloud = cloud
        if let host = value("AZURE_AUTHORITY_HOST") { cloud = try cloud.overriding(authorityHost: host) }
        if let token = value("INTUNE_ASSIGN_ACCESS_TOKEN") {
            return (StaticToken(token), "the token in INTUNE_ASSIGN_ACCESS_TOKEN", cloud)
        }
        let tenant = value("AZURE_TENANT_ID")
        let client = value("AZURE_CLIENT_ID")
        let secret = value("AZURE_CLIENT_SECRET")
        let certificatePath = value("AZURE_CLIENT_CERTIFICATE_PATH")
        let tokenFile = value("AZURE_FEDERATED_TOKEN_FILE")
        let githubURL = value("ACTIONS_ID_TOKEN_REQUEST_URL")
        let githubToken = value("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
        let anyProof =
            secret != nil || certificatePath != nil || tokenFile != nil || githubURL != nil || githubToken != nil
        guard tenant != nil || client != nil || anyProof else {
            throw GraphError.configuration("no Azure credentials in the environment: " + help)
        }
        // Half a sign-in is an error, never a reason to try another method: a typo must not sign in as someone else.
        var missing: [String] = []
        if tenant == nil { missing.append("AZURE_TENANT_ID") }
        if client == nil { missing.append("AZURE_CLIENT_ID") }
        if !anyProof {
            missing.append(
                "one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE or the GitHub Actions OIDC pair"
            )
        }
        if secret == nil, certificatePath == nil, tokenFile == nil, (githubURL == nil) != (githubToken == nil) {
            missing.append(githubURL == nil ? "ACTIONS_ID_TOKEN_REQUEST_URL" : "ACTIONS_ID_TOKEN_REQUEST_TOKEN")
        }
        guard missing.isEmpty, let tenant, let client else {
            throw GraphError.configuration(
                "the Azure sign-in is half set: missing " + missing.joined(separator: ", ")
                    + " (" + help + ")")
        }
        guard GUID(tenant) != nil || tenant.contains(".") else {
            throw GraphError.configuration("AZURE_TENANT_ID '\(tenant)' is neither a tenant id (GUID) nor a domain")
        }
        /// A client credential with the environment's tenant and client id and this proof.
        func credential(_ proof: ClientCredential.Proof) -> ClientCredential {
            ClientCredential(
                transport: transport, cloud: cloud, tenantID: tenant, clientID: client, proof: proof, sleeper: sleeper)
        }
        // Azure Identity's order: secret, then certificate, then a federated token (file, then GitHub Actions).
        if let secret {
            return (credential(.secret(secret)), "client secret of app \(client)", cloud)
        }
        if let certificatePath {
            let pem: String
            do {
                pem = try readFile(certificatePath)
            } catch {
                throw GraphError.configuration("cannot read AZURE_CLIENT_CERTIFICATE_PATH \(certificatePath)")
            }
            let signer = try CertificateAssertion(pem: pem, password: value("AZURE_CLIENT_CERTIFICATE_PASSWORD"))
            let audience = "\(cloud.authorityHost)/\(tenant)/oauth2/v2.0/token"
            return (
                credential(
                    .assertion { () throws(GraphError) in try signer.assertion(clientID: client, audience: audience) }),
                "certificate \(signer.thumbprint) of app \(client)", cloud
            )
        }
        if let tokenFile {
            // Read each time a token is fetched: the platform rotates the file.
            let read: @Sendable () async throws(GraphError) -> String = { () throws(GraphError) in
                do {
                    return try readFile(tokenFile).trimmingCharacters(in: .whitespacesAndNewlines)
                } catch {
                    throw GraphError.configuration("cannot read AZURE_FEDERATED_TOKEN_FILE \(tokenFile)")
                }
            }
            return (credential(.assertion(read)), "workload identity token file for app \(client)", cloud)
        }
        let requestURL = githubURL!
        let requestToken = githubToken!
        let fetch: @Sendable () async throws(GraphError) -> String = { () throws(GraphError) in
            try await EnvironmentCredential.githubOIDCToken(url: requestURL, bearer: requestToken, transport: transport)
        }
        return (credential(.assertion(fetch)), "GitHub Actions OIDC for app \(client)", cloud)
    }

    /// Asks the GitHub Actions runtime for an OIDC token for Entra's federated audience.
    static func githubOIDCToken(url: String, bearer: String, transport: any HTTPTransport) async throws(GraphError)
        -> String
    {
        let audience =
            federatedAudience.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? federatedAudience
        let full = url + (url.contains("?") ? "&" : "?") + "audience=" + audience
        let response: HTTPResponse
        do {
            response = try await transport.send(
                HTTPRequest(
                    method: "GET", url: full,
                    headers: ["authorization": "bearer \(bearer)", "accept": "application/json"]))
        } catch let error as TransportError {
            throw GraphError.transport(error, method: "GET", url: url)
        } catch {
            throw GraphError.configuration("the GitHub OIDC request failed")
        }
        guard response.status == 200, let token = (try? JSONValue.parse(response.body))?["value"]?.stringValue else {
            throw GraphError.signIn(
                status: response.status, error: "github_oidc",
                description: "GitHub Actions gave no OIDC token (does the job have `permissions: id-token: write`?)")
        }
        return token
    }
}
