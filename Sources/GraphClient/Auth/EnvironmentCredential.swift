import Foundation
import IntuneAssignCore

/// The first two steps of the credential chain, from environment variables the way Azure Identity's
/// EnvironmentCredential reads them, and GitHub Actions OIDC. Pure over the context it is given.
public enum EnvironmentCredential {
    /// The audience Entra expects of federated tokens.
    public static let federatedAudience = "api://AzureADTokenExchange"

    /// `AZURE_TENANT_ID`, checked: a GUID or a domain; `nil` when unset.
    static func tenant(_ context: SignInContext) throws(GraphError) -> String? {
        guard let tenant = context.value("AZURE_TENANT_ID") else { return nil }
        guard GUID(tenant) != nil || tenant.contains(".") else {
            throw GraphError.configuration("AZURE_TENANT_ID '\(tenant)' is neither a tenant id (GUID) nor a domain")
        }
        return tenant
    }

    /// The tenant and client id an app sign-in needs, or the error naming what is missing (never a fallback: a
    /// half-set sign-in must not turn into another).
    static func app(_ context: SignInContext, for proof: String) throws(GraphError) -> (tenant: String, client: String)
    {
        let tenant = try tenant(context)
        let client = context.value("AZURE_CLIENT_ID")
        guard let tenant, let client else {
            let missing = [tenant == nil ? "AZURE_TENANT_ID" : nil, client == nil ? "AZURE_CLIENT_ID" : nil]
                .compactMap { $0 }
            throw GraphError.configuration(
                "the Azure sign-in is half set: \(proof) is set but " + missing.joined(separator: " and ")
                    + (missing.count > 1 ? " are not" : " is not"))
        }
        return (tenant, client)
    }

    /// Azure Identity's EnvironmentCredential: a client secret, else a certificate, else a federated token file.
    static func fromEnvironment(_ context: SignInContext) throws(GraphError) -> CredentialChain.Step {
        let secret = context.value("AZURE_CLIENT_SECRET")
        let certificatePath = context.value("AZURE_CLIENT_CERTIFICATE_PATH")
        let tokenFile = context.value("AZURE_FEDERATED_TOKEN_FILE")
        let proof =
            secret.map { _ in "AZURE_CLIENT_SECRET" }
            ?? certificatePath.map { _ in "AZURE_CLIENT_CERTIFICATE_PATH" }
            ?? tokenFile.map { _ in "AZURE_FEDERATED_TOKEN_FILE" }
        guard let proof else {
            return .skipped(
                "none of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE is set")
        }
        let (tenant, client) = try app(context, for: proof)
        let cloud = context.cloud
        let readFile = context.readFile
        /// A client credential with the environment's tenant and client id and this proof.
        func credential(_ proof: ClientCredential.Proof) -> ClientCredential {
            ClientCredential(
                transport: context.transport, cloud: cloud, tenantID: tenant, clientID: client, proof: proof,
                sleeper: context.sleeper)
        }
        if let secret {
            return .chosen(credential(.secret(secret)), "client secret of app \(client)")
        }
        if let certificatePath {
            let pem: String
            do {
                pem = try readFile(certificatePath)
            } catch {
                throw GraphError.configuration("cannot read AZURE_CLIENT_CERTIFICATE_PATH \(certificatePath)")
            }
            let signer = try CertificateAssertion(
                pem: pem, password: context.value("AZURE_CLIENT_CERTIFICATE_PASSWORD"))
            let audience = "\(cloud.authorityHost)/\(tenant)/oauth2/v2.0/token"
            return .chosen(
                credential(
                    .assertion { () throws(GraphError) in try signer.assertion(clientID: client, audience: audience) }),
                "certificate \(signer.thumbprint) of app \(client)")
        }
        let file = tokenFile!
        // Read each time a token is fetched: the platform rotates the file.
        let read: @Sendable () async throws(GraphError) -> String = { () throws(GraphError) in
            do {
                let token = try readFile(file).trimmingCharacters(in: .whitespacesAndNewlines)
                Redaction.shared.register(token, as: "federated token")
                return token
            } catch {
                throw GraphError.configuration("cannot read AZURE_FEDERATED_TOKEN_FILE \(file)")
            }
        }
        return .chosen(credential(.assertion(read)), "workload identity token file for app \(client)")
    }

    /// GitHub Actions OIDC: the runtime's token, exchanged as a federated credential of the app.
    static func fromGitHub(_ context: SignInContext) throws(GraphError) -> CredentialChain.Step {
        let url = context.value("ACTIONS_ID_TOKEN_REQUEST_URL")
        let bearer = context.value("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
        guard url != nil || bearer != nil else {
            return .skipped("not in a GitHub Actions job with `permissions: id-token: write`")
        }
        guard let url, let bearer else {
            throw GraphError.configuration(
                "the Azure sign-in is half set: missing "
                    + (url == nil ? "ACTIONS_ID_TOKEN_REQUEST_URL" : "ACTIONS_ID_TOKEN_REQUEST_TOKEN")
                    + " (GitHub Actions sets both in a job with `permissions: id-token: write`)")
        }
        guard context.value("AZURE_TENANT_ID") != nil || context.value("AZURE_CLIENT_ID") != nil else {
            return .skipped("GitHub Actions offers an OIDC token, but AZURE_TENANT_ID and AZURE_CLIENT_ID are not set")
        }
        // The request token goes where the URL says: https anywhere (the runtime's own host), plain http only on
        // loopback, no user info, like every other request that carries a credential.
        if case .failure(let refusal) = URLPolicy.origin(of: url) {
            throw GraphError.configuration("ACTIONS_ID_TOKEN_REQUEST_URL cannot be used: \(refusal)")
        }
        let (tenant, client) = try app(context, for: "ACTIONS_ID_TOKEN_REQUEST_URL")
        let transport = context.transport
        let fetch: @Sendable () async throws(GraphError) -> String = { () throws(GraphError) in
            try await EnvironmentCredential.githubOIDCToken(url: url, bearer: bearer, transport: transport)
        }
        return .chosen(
            ClientCredential(
                transport: transport, cloud: context.cloud, tenantID: tenant, clientID: client,
                proof: .assertion(fetch), sleeper: context.sleeper), "GitHub Actions OIDC for app \(client)")
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
        Redaction.shared.register(token, as: "GitHub OIDC token")
        return token
    }
}
