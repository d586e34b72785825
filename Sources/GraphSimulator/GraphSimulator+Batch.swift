import Foundation
import GraphClient
import IntuneAssignCore

extension GraphSimulator {
    /// The most requests one `$batch` may hold (limits.md §2).
    public static let batchLimit = 20

    /// `POST /$batch`: at most 20 requests with relative URLs, each answered by id with its own status, headers
    /// and body; each inner request is faulted, throttled and logged on its own.
    func batch(_ request: HTTPRequest) -> HTTPResponse {
        guard case .array(let requests)? = parse(request.body)?["requests"] else {
            return badRequest("A $batch body must hold `requests`, a list.")
        }
        guard requests.count <= Self.batchLimit else {
            return badRequest(
                "A $batch may hold at most \(Self.batchLimit) requests; this one holds \(requests.count).")
        }
        let ids = requests.compactMap { $0["id"]?.stringValue }
        guard ids.count == requests.count, Set(ids).count == ids.count else {
            return badRequest("Every request in a $batch needs an `id`, and the ids must differ.")
        }
        let batchID = request.headers["client-request-id"] ?? "batch"
        var responses: [JSONValue] = []
        for inner in requests {
            let id = inner["id"]!.stringValue!
            guard let method = inner["method"]?.stringValue, let url = inner["url"]?.stringValue else {
                return badRequest("Request '\(id)' in the $batch needs `method` and `url`.")
            }
            guard !url.contains("://") else {
                return badRequest("Request '\(id)' in the $batch has an absolute URL; batch URLs are relative.")
            }
            var headers: [String: String] = [:]
            if case .object(let pairs)? = inner["headers"] {
                for pair in pairs { headers[pair.key] = pair.value.stringValue ?? pair.value.serialized() }
            }
            if let authorization = request.headers["authorization"] { headers["authorization"] = authorization }
            let body = inner["body"].map { Array($0.serialized().utf8) } ?? []
            let relative = url.hasPrefix("/") ? url : "/" + url
            let innerRequest = HTTPRequest(
                method: method, url: "\(options.baseURL)/beta\(relative)", headers: headers, body: body)
            let started = now()
            let outcome = dispatch(innerRequest, parts: URLParts(innerRequest.url), batch: id)
            guard case .response(let response) = outcome else { continue }
            record(
                LogEntry(
                    method: method, path: URLParts(innerRequest.url).path, status: response.status,
                    durationMs: (now() - started) * 1000, batch: batchID))
            var item: [(key: String, value: JSONValue)] = [("id", .string(id)), ("status", .int(response.status))]
            item.append(
                ("headers", .object(response.headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
            if let body = parse(response.body) { item.append(("body", body)) }
            responses.append(.object(item))
        }
        return ok(["responses": .array(responses)])
    }

    // MARK: - Sign-in

    /// `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant with the app's id and its secret or a
    /// client assertion signed with its certificate's key (workload-identity assertions from other issuers are
    /// not simulated).
    func token(_ request: HTTPRequest, tenant: String) -> HTTPResponse {
        let form = Query(String(decoding: request.body, as: UTF8.self))
        /// An OAuth error answer (`error`, `error_codes`, `error_description`), as Entra sends it.
        func refuse(_ status: Int, _ code: String, _ number: Int, _ text: String) -> HTTPResponse {
            let body: JSONValue = [
                "error": .string(code), "error_description": .string("AADSTS\(number): \(text)"),
                "error_codes": [.int(number)],
            ]
            return HTTPResponse(
                status: status, headers: ["content-type": "application/json"], body: Array(body.serialized().utf8))
        }
        guard tenant.lowercased() == tenantState.tenantId.lowercased() else {
            return refuse(400, "invalid_request", 90002, "Tenant '\(tenant)' not found.")
        }
        guard form["grant_type"] == "client_credentials" else {
            return refuse(
                400, "unsupported_grant_type", 70003, "The simulator supports the client_credentials grant only.")
        }
        guard let scope = form["scope"], scope.hasSuffix("/.default") else {
            return refuse(400, "invalid_scope", 1_002_012, "The scope must be the resource's .default scope.")
        }
        // The app the client id names: the tenant's application, or its read-only one.
        let named = [(tenantState.application, false), (tenantState.readOnlyApplication, true)].first {
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
                        assertion, credentials: application.federatedCredentials ?? [],
                        now: Date())
                }
            } catch {
                return refuse(401, "invalid_client", 700027, error.message)
            }
        } else {
            guard let secret = form["client_secret"], let expected = application.clientSecret, secret == expected else {
                return refuse(401, "invalid_client", 7_000_215, "Invalid client secret provided.")
            }
        }
        let token = issueToken(audience: String(scope.dropLast("/.default".count)), appID: application.clientId)
        if named.1 { readOnlyTokens.insert(token) }
        let lifetime = JSONValue.int(Int(options.tokenLifetime))
        let body: JSONValue = [
            "token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": .string(token),
        ]
        return HTTPResponse(
            status: 200, headers: ["content-type": "application/json"], body: Array(body.serialized().utf8))
    }

    /// A JWT-shaped token carrying `tid`, `appid` and `aud`, remembered so that Graph requests can present it.
    private func issueToken(audience: String, appID: String) -> String {
        /// A JWT part: JSON, base64url-encoded.
        func base64URL(_ value: JSONValue) -> String { Base64URL.encode(Data(value.serialized().utf8)) }
        issuedTokens += 1
        let expiry = Int(Date().timeIntervalSince1970) + Int(options.tokenLifetime)
        let header = base64URL(["alg": "none", "typ": "JWT"])
        let payload = base64URL([
            "aud": .string(audience), "tid": .string(tenantState.tenantId),
            "appid": .string(appID), "exp": .int(expiry),
            "jti": .string(GUID(high: 0x7070_0000_0000_4000, low: 0x8000_0000_0000_0000 | issuedTokens).description),
        ])
        let token = "\(header).\(payload).simulator"
        tokens[token] = now() + options.tokenLifetime
        return token
    }
}
