import Foundation
import GraphClient
import IntuneAssignCore

// Device codes and managed identities; the evidence for each answer is listed at the top of IdentityPlatform.swift.
extension IdentityPlatform {
    /// What each decision on a device code makes of it.
    static let decisions = ["approve": "approved", "decline": "declined", "expire": "expired"]

    /// Public clients a person may sign in through.
    var publicClients: [String] {
        (tenant.publicClients ?? [DeviceCodeCredential.graphCommandLineTools]).map { $0.lowercased() }
    }

    /// `POST /{tenant}/oauth2/v2.0/devicecode`: a device code for a public client and Graph scopes.
    mutating func startDeviceCode(_ form: Query) -> HTTPResponse {
        guard let client = form["client_id"]?.lowercased(), publicClients.contains(client) else {
            if form["client_id"]?.lowercased() == tenant.application?.clientId.lowercased() {
                return refuse(
                    401, "invalid_client", 7_000_218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
            }
            return refuse(
                400, "unauthorized_client", 700016,
                "Application with identifier '\(form["client_id"] ?? "")' was not found in the directory.")
        }
        var scopes: [String] = []
        var offline = false
        for scope in (form["scope"] ?? "").split(separator: " ").map(String.init) {
            switch scope {
            case "offline_access": offline = true
            case "openid", "profile", "email": continue
            // A scope of this simulator's root, or of Microsoft Graph's own resource in a cloud (a client in front of a
            // proxy asks for the cloud's resource, as Entra expects).
            case _ where resource(of: scope) != nil:
                scopes.append(String(scope.dropFirst(resource(of: scope)!.count + 1)))
            default:
                return refuse(400, "invalid_scope", 70011, "The provided value for scope \(scope) is not valid.")
            }
        }
        // Both codes from the system's CSPRNG: a user code someone can guess is a sign-in someone else can approve,
        // and a device code someone can guess is a token someone else can collect.
        var random = SystemRandomNumberGenerator()
        let letters = Array("BCDFGHJKLMNPQRSTVWXZ")
        let userCode = String((0..<8).map { _ in letters[Int(random.next(upperBound: UInt64(letters.count)))] })
        let secret = (0..<4).map { _ in String(random.next(), radix: 16) }.joined()
        let code = GraphSimulator.DeviceCode(
            deviceCode: "simulated-device-code-\(secret)", userCode: userCode, clientID: client, scopes: scopes,
            offline: offline, expires: now + options.deviceCodeLifetime, lastPoll: nil, state: "pending")
        ledger.deviceCodes.append(code)
        let page = options.baseURL + "/simulator/devicelogin"
        return json(
            200,
            [
                "user_code": .string(userCode), "device_code": .string(code.deviceCode),
                "verification_uri": .string(page), "expires_in": .int(Int(options.deviceCodeLifetime)),
                "interval": .int(Int(options.deviceCodeInterval)),
                "message": .string(
                    "To sign in, use a web browser to open the page \(page) and enter the code \(userCode) to "
                        + "authenticate."),
            ])
    }

    /// The device-code grant: pending, declined, expired, or a delegated token for the simulated person. The
    /// ledger decides (`SignInLedger.redeem`); this says it as Entra does.
    mutating func redeemDeviceCode(_ form: Query) -> HTTPResponse {
        let rules = DeviceCodeRules(
            decision: options.deviceCodeDecision.flatMap { Self.decisions[$0] },
            slowDownBelow: options.deviceCodeSlowDown ? options.deviceCodeInterval : nil,
            consented: tenant.consentedScopes)
        switch ledger.redeem(form["device_code"], client: form["client_id"], at: now, rules: rules) {
        case .unknown:
            return refuse(400, "bad_verification_code", 70019, "The device code was not recognized.")
        case .slowDown:
            return refuse(400, "slow_down", 70016, "The client is polling too often; wait longer between polls.")
        case .pending:
            return refuse(
                400, "authorization_pending", 70016,
                "OAuth 2.0 device flow error. Authorization is pending. Continue polling.")
        case .declined:
            return refuse(400, options.deviceCodeDeclined, 70000, "The user denied the authorization request.")
        case .expired:
            return refuse(400, "expired_token", 70020, "The provided authorization code or refresh token has expired.")
        case .consentMissing(let client):
            return refuse(
                400, "invalid_grant", 65001,
                "The user or administrator has not consented to use the application with ID '\(client)' named "
                    + "'Microsoft Graph Command Line Tools'. Send an interactive authorization request for this user "
                    + "and resource.", extra: ["suberror": "consent_required"])
        case .granted(let client, let scopes, let offline):
            return delegatedToken(client: client, scopes: scopes, offline: offline)
        }
    }

    /// A delegated token for the simulated person, with `scp`, and a refresh token when `offline`.
    mutating func delegatedToken(client: String, scopes: [String], offline: Bool) -> HTTPResponse {
        let person = tenant.person
        var claims: [String: JSONValue] = [
            "appid": .string(client), "idtyp": "user", "scp": .string(scopes.joined(separator: " ")),
            "upn": .string(person.userPrincipalName), "oid": .string(person.id),
        ]
        if let name = person.displayName { claims["name"] = .string(name) }
        let token = issueToken(
            audience: options.baseURL, claims: claims,
            grant: GraphSimulator.Grant(expiry: 0, permissions: Set(scopes), delegated: true))
        var refresh: String?
        if offline {
            refresh = "simulated-refresh-\(ledger.issuedTokens)"
            ledger.refreshTokens[refresh!] = (client, scopes)
        }
        return tokenAnswer(
            token, refresh: refresh, scope: scopes.map { "\(options.baseURL)/\($0)" }.joined(separator: " "))
    }

    /// The resource a delegated scope names: this simulator's root or a cloud's Microsoft Graph root; `nil` for any
    /// other.
    func resource(of scope: String) -> String? {
        let graphs = [
            "https://graph.microsoft.com", "https://graph.microsoft.us", "https://dod-graph.microsoft.us",
            "https://microsoftgraph.chinacloudapi.cn",
        ]
        return ([options.baseURL] + graphs).first { scope.hasPrefix($0 + "/") }
    }

    /// `POST /simulator/deviceCodes/{userCode}/(approve|decline|expire)`: the person signs in, declines, or the code
    /// runs out (a test aid; Graph has no such endpoint).
    mutating func decideDeviceCode(_ method: String, userCode: String, decision: String) -> HTTPResponse {
        guard method == "POST", let state = Self.decisions[decision] else {
            return error(400, "BadRequest", "POST /simulator/deviceCodes/{userCode}/(approve|decline|expire)")
        }
        guard let index = ledger.deviceCodes.lastIndex(where: { $0.userCode == userCode && $0.state == "pending" })
        else {
            return error(
                404, "ResourceNotFound",
                "No device code waiting for sign-in with id '\(userCode)' exists in this tenant.")
        }
        ledger.deviceCodes[index].state = state
        return json(204, nil)
    }

    /// `GET /metadata/identity/oauth2/token` (instance metadata) or `GET /msi/token` (App Service): a token for the
    /// machine's system-assigned identity, or the user-assigned one `client_id` names.
    mutating func managedIdentityToken(_ request: HTTPRequest, appService: Bool) -> HTTPResponse {
        /// The metadata service's error shape (`error`, `error_description`).
        func fail(_ status: Int, _ code: String, _ text: String) -> HTTPResponse {
            json(status, ["error": .string(code), "error_description": .string(text)])
        }
        guard request.method.uppercased() == "GET" else { return fail(405, "invalid_request", "Use GET.") }
        let query = Query(request.query)
        if appService {
            guard request.headers["x-identity-header"] == options.identityHeader else {
                return fail(401, "invalid_request", "The X-IDENTITY-HEADER header is missing or wrong.")
            }
        } else if request.headers["metadata"] != "true" {
            return fail(400, "invalid_request", "Required metadata header not specified")
        }
        guard query["api-version"] == (appService ? "2019-08-01" : "2018-02-01") else {
            return fail(400, "invalid_request", "Missing or unsupported api-version.")
        }
        guard let resource = query["resource"], !resource.isEmpty else {
            return fail(400, "invalid_request", "Required query variable 'resource' is missing")
        }
        let identity = tenant.managedIdentities.first {
            if let client = query["client_id"] {
                return $0.userAssigned == true && $0.clientId.lowercased() == client.lowercased()
            }
            return $0.userAssigned != true
        }
        guard let identity else { return fail(400, "invalid_request", "Identity not found") }
        let roles = identity.roles ?? SimulatedTenant.everyPermission
        let token = issueToken(
            audience: resource,
            claims: ["appid": .string(identity.clientId), "idtyp": "app", "roles": .array(roles.map { .string($0) })],
            grant: GraphSimulator.Grant(expiry: 0, permissions: Set(roles), delegated: false))
        let lifetime = Int(options.tokenLifetime)
        var body: [(key: String, value: JSONValue)] = [
            ("access_token", .string(token)), ("resource", .string(resource)), ("token_type", "Bearer"),
            ("client_id", .string(identity.clientId)),
            ("expires_on", .string(String(Int(Date().timeIntervalSince1970) + lifetime))),
        ]
        if !appService { body.insert(("expires_in", .string(String(lifetime))), at: 1) }
        return json(200, .object(body))
    }
}
