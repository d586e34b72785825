// The simulator's sign-in: the Microsoft identity platform's token endpoint, device codes and managed identities,
// and the permission check of Graph requests. What each answer follows:
// - Client credentials (`/{tenant}/oauth2/v2.0/token`, the tenant by id, by one of its `domains`, or `organizations`
//   or `common`): secret, certificate assertion, federated assertion
//   (limits.md §6). Tokens carry the app's `roles` (its granted application permissions).
// - Device code (`/{tenant}/oauth2/v2.0/devicecode`, then the `urn:ietf:params:oauth:grant-type:device_code` grant):
//   the fields and polling errors of the Microsoft identity platform's page "OAuth 2.0 device authorization grant"
//   (entra-docs v2-oauth2-device-code.md): `authorization_pending` (AADSTS70016, also seen on tenants:
//   learn.microsoft.com Q&A 981553), `authorization_declined`, `bad_verification_code`, `expired_token`. RFC 8628
//   names the declined answer `access_denied` and adds `slow_down`; the page lists neither, so both are knobs
//   (`Options.deviceCodeDeclined`, `Options.deviceCodeSlowDown`). A token asks for scopes the tenant has not
//   consented to: `invalid_grant` with AADSTS65001 and `suberror: consent_required` (thin evidence: the AADSTS
//   number is the one non-interactive requests get; what a device-code poll gets is not documented). Delegated
//   tokens carry `scp`, `upn`, `name`, `oid`; with `offline_access` a refresh token comes too, renewed by the
//   `refresh_token` grant (single use here; Entra rotates them too).
// - Managed identity: the instance metadata service (`GET /metadata/identity/oauth2/token`, `Metadata: true`,
//   `api-version`, `resource`, optional `client_id`; `expires_in` as a string; 400 "Identity not found"), as MSAL's and
//   Azure Identity's IMDS sources call it; and the App Service endpoint (`GET /msi/token`, `api-version=2019-08-01`,
//   header `X-IDENTITY-HEADER`; `expires_on` as a string of Unix seconds).
// - Graph requests with a token the simulator issued are checked against the token's permissions: a kind's read or
//   write permission (a ReadWrite grant reads), `Directory.Read.All` (or Group/GroupMember.Read.All) for groups.
//   A refusal is 403 `Forbidden` in Intune's words, "Application is not authorized to perform this operation.
//   Application must have one of the following scopes: …" (srozemuller/IntuneAssistant#6, a delegated tool, and
//   maester365/maester#1395, app-only: the same words for both), or Entra's `Authorization_RequestDenied` for groups.
import Foundation
import GraphClient
import IntuneAssignCore

/// The simulated Microsoft identity platform, for one request: the token endpoint, device codes and managed
/// identities. The simulator hands it the ledger of what was issued (and takes it back after), the tenant as it
/// stands, its clock and its request ids; it answers in Entra's words.
struct IdentityPlatform {
    /// The simulator's knobs (token lifetime, device-code behaviour, the managed identity header).
    let options: GraphSimulator.Options
    /// The tenant: its id, applications, public clients, person and managed identities.
    let tenant: SimulatedTenant
    /// The simulator's clock.
    let now: Double
    /// What was issued: tokens, refresh tokens, device codes.
    var ledger: SignInLedger
    /// The next request id (answers carry one, as Graph's and Entra's do).
    let nextRequestID: () -> String

    /// A JSON answer.
    func json(_ status: Int, _ body: JSONValue?) -> HTTPResponse {
        GraphSimulator.json(status, body, requestID: nextRequestID())
    }

    /// An error answer in Graph's shape (the simulator's own routes: wrong method, unknown device code).
    func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        GraphSimulator.error(status, code, message, requestID: nextRequestID())
    }

    /// An OAuth error answer (`error`, `error_codes`, `error_description`), as Entra sends it.
    func refuse(_ status: Int, _ code: String, _ number: Int, _ text: String, extra: [String: String] = [:])
        -> HTTPResponse
    {
        var body: [(key: String, value: JSONValue)] = [
            ("error", .string(code)), ("error_description", .string("AADSTS\(number): \(text)")),
            ("error_codes", [.int(number)]),
        ]
        for (key, value) in extra.sorted(by: { $0.key < $1.key }) { body.append((key, .string(value))) }
        return json(status, .object(body))
    }

    /// The sign-in endpoints, or `nil` for any other path.
    mutating func signInEndpoint(_ request: HTTPRequest, method: String, segments: [String]) -> HTTPResponse? {
        if segments.count == 4, segments[1] == "oauth2", segments[2] == "v2.0",
            segments[3] == "token" || segments[3] == "devicecode"
        {
            guard method == "POST" else { return error(405, "MethodNotAllowed", "Use POST.") }
            let names =
                ["organizations", "common", tenant.tenantId.lowercased()] + tenant.domains.map { $0.lowercased() }
            guard names.contains(segments[0].lowercased())
            else {
                return refuse(400, "invalid_request", 90002, "Tenant '\(segments[0])' not found.")
            }
            let form = Query(String(decoding: request.body, as: UTF8.self))
            return segments[3] == "devicecode" ? startDeviceCode(form) : token(request, form: form)
        }
        if segments == ["metadata", "identity", "oauth2", "token"] || segments == ["msi", "token"] {
            return managedIdentityToken(request, appService: segments[0] == "msi")
        }
        if segments.count == 4, segments[0] == "simulator", segments[1] == "deviceCodes" {
            return decideDeviceCode(method, userCode: segments[2], decision: segments[3])
        }
        return nil
    }

    /// `POST /{tenant}/oauth2/v2.0/token`: client credentials, a device code, or a refresh token.
    mutating func token(_ request: HTTPRequest, form: Query) -> HTTPResponse {
        switch form["grant_type"] {
        case "client_credentials": return clientCredentials(request, form: form)
        case "urn:ietf:params:oauth:grant-type:device_code": return redeemDeviceCode(form)
        case "refresh_token":
            guard let refresh = form["refresh_token"], let held = ledger.refreshTokens.removeValue(forKey: refresh),
                held.client == form["client_id"]
            else {
                return refuse(400, "invalid_grant", 70008, "The refresh token has expired or is invalid.")
            }
            return delegatedToken(client: held.client, scopes: held.scopes, offline: true)
        default:
            return refuse(
                400, "unsupported_grant_type", 70003,
                "The simulator supports the client_credentials, device_code and refresh_token ledger.grants.")
        }
    }

    /// The client-credentials grant: the app's secret, certificate assertion or federated assertion.
    mutating func clientCredentials(_ request: HTTPRequest, form: Query) -> HTTPResponse {
        guard let scope = form["scope"], scope.hasSuffix("/.default") else {
            return refuse(400, "invalid_scope", 1_002_012, "The scope must be the resource's .default scope.")
        }
        // The app the client id names: the tenant's application, or its read-only one.
        let named = [(tenant.application, false), (tenant.readOnlyApplication, true)].first {
            $0.0 != nil && form["client_id"]?.lowercased() == $0.0!.clientId.lowercased()
        }
        guard let named, let application = named.0 else {
            return refuse(
                400, "unauthorized_client", 700016,
                "Application '\(form["client_id"] ?? "")' was not found in the tenant.")
        }
        if let assertion = form["client_assertion"] {
            guard form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" else {
                return refuse(400, "invalid_request", 90027, "client_assertion_type must be the jwt-bearer type.")
            }
            do {
                if try ClientAssertion.Token(assertion).namesCertificate {
                    guard let certificate = application.certificate else {
                        return refuse(401, "invalid_client", 700027, "No certificate is registered on the application.")
                    }
                    let parts = URLParts(request.url)
                    try ClientAssertion.verify(
                        assertion, certificatePEM: certificate, clientID: application.clientId,
                        audience: parts.origin + parts.path, now: Date())
                } else {
                    try ClientAssertion.verifyFederated(
                        assertion, credentials: application.federatedCredentials ?? [], now: Date())
                }
            } catch {
                return refuse(401, "invalid_client", 700027, error.message)
            }
        } else {
            guard let secret = form["client_secret"], let expected = application.clientSecret, secret == expected else {
                return refuse(401, "invalid_client", 7_000_215, "Invalid client secret provided.")
            }
        }
        let roles =
            application.roles
            ?? (named.1 ? SimulatedTenant.everyReadPermission : SimulatedTenant.everyPermission)
        let token = issueToken(
            audience: String(scope.dropLast("/.default".count)),
            claims: [
                "appid": .string(application.clientId), "idtyp": "app", "roles": .array(roles.map { .string($0) }),
            ],
            grant: GraphSimulator.Grant(expiry: 0, permissions: Set(roles), delegated: false))
        return tokenAnswer(token)
    }

    /// `{token_type, expires_in, ext_expires_in, access_token}` (and a refresh token), as the token endpoint answers.
    func tokenAnswer(_ token: String, refresh: String? = nil, scope: String? = nil) -> HTTPResponse {
        let lifetime = JSONValue.int(Int(options.tokenLifetime))
        var body: [(key: String, value: JSONValue)] = [
            ("token_type", "Bearer"), ("expires_in", lifetime), ("ext_expires_in", lifetime),
            ("access_token", .string(token)),
        ]
        if let scope { body.append(("scope", .string(scope))) }
        if let refresh { body.append(("refresh_token", .string(refresh))) }
        return json(200, .object(body))
    }

    /// A JWT-shaped token carrying `tid`, `aud`, `exp`, `jti` and `claims`, remembered with its grant.
    mutating func issueToken(audience: String, claims: [String: JSONValue], grant: GraphSimulator.Grant) -> String {
        /// A JWT part: JSON, base64url-encoded.
        func base64URL(_ value: JSONValue) -> String { Base64URL.encode(Data(value.serialized().utf8)) }
        ledger.issuedTokens += 1
        let expiry = Int(Date().timeIntervalSince1970) + Int(options.tokenLifetime)
        let header = base64URL(["alg": "none", "typ": "JWT"])
        var payload: [(key: String, value: JSONValue)] = [
            ("aud", .string(audience)), ("tid", .string(tenant.tenantId)), ("exp", .int(expiry)),
            (
                "jti",
                .string(
                    GUID(high: 0x7070_0000_0000_4000, low: 0x8000_0000_0000_0000 | ledger.issuedTokens).description)
            ),
        ]
        payload += claims.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let token = "\(header).\(base64URL(.object(payload))).simulator"
        var kept = grant
        kept.expiry = now + options.tokenLifetime
        ledger.grants[token] = kept
        return token
    }
}
