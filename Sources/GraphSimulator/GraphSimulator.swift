// The Graph simulator: an in-memory Intune tenant that answers the Graph beta subset intune-assign uses.
//
// Built from shared/graph/ (kinds.md, targets.md, limits.md and the CSV tables), not from what our client sends.
// Where it knowingly differs from Microsoft Graph:
// - Only the paths intune-assign uses exist; anything else is 404 `ResourceNotFound` (Graph would often say 400).
// - Group ids in assignment targets are not checked against the directory (Graph keeps assignments to deleted
//   groups too); filter ids are checked, and an unknown one is 400.
// - Throttling is two sliding windows per simulator (all requests, and writes: every POST, PATCH and DELETE but the
//   directory's `getByIds`, a POST that reads), as limits.md gives them for device configuration, applied to every
//   Intune kind alike (Graph has a budget per Intune service). The directory's requests (`/groups`, `/users`,
//   `/directoryObjects`) count against a window of their own, Entra ID's: 3,500 per 10 s for an app in a small tenant
//   (Graph's throttling-limits page, "Identity and access service limits"; a request it does not price costs one).
//   Throttled requests do not use up the budget, and
//   `Retry-After` is sent unless `Options.throttleWithoutRetryAfter` (some Intune 429s carry none: Microsoft Q&A,
//   2026-02, field-notes §8). Inside `$batch` each inner request is counted and
//   throttled on its own; the envelope is not counted. With `Options.appLimit`, the simulators of a fleet share
//   Graph's cap on one app across all tenants (limits.md: 130,000 requests per 10 s), counted before the tenant's
//   own windows, as Graph's gateway comes before the services (where Graph counts it is not documented).
// - Sign-in (IdentityPlatform.swift): client credentials, device codes, refresh tokens and managed identities,
//   all on the same host as Graph; tokens are accepted only by this simulator and only until `tokenLifetime` on the
//   simulator's clock. Delegated scopes may name the simulator's root or a cloud's Microsoft Graph resource (what a
//   client behind a proxy asks Entra for). The device code page is `/simulator/devicelogin`, and codes are approved, declined or expired
//   with `POST /simulator/deviceCodes/{userCode}/(approve|decline|expire)`. User codes and device codes are drawn
//   from the system's CSPRNG (Entra's are unpredictable too). With `requireToken`, these test aids, like Graph,
//   need a token the simulator issued (to any identity: approving stands for a person on another device).
// - On loopback (GraphSimulatorServer), a request whose `Host` is not the server's own address (127.0.0.1:PORT or
//   localhost:PORT) is answered 421 and not handled: a web page cannot reach the simulator through DNS rebinding.
// - `$batch` ignores `dependsOn` and runs the requests in order.
// - Paging uses `$skiptoken` holding an offset. `$select` keeps `id`, `@odata.type` and expanded properties.
// - Reads and writes of each kind as real tenants answer them: see FieldBehaviours.swift.
// - Assignment ids are `{configurationId}_{target}` (and `_{intent}` where the intent is part of the identity).
//   Every written assignment carries `source: direct` and `sourceId: null`, also for the kinds whose Graph type has
//   no such properties (targets.md §3), and an optional intent left out is stored as its default (`apply`).
// - Autopilot `deviceIds` that name no device identity are 404.
// - Terms and conditions have no `assign` action: `POST .../assign` there is 400 "Resource not found for the segment
//   'assign'" (Graph's exact answer to an unbound action is not recorded). Windows 365 assignments: see
//   GraphSimulator+CloudPC.swift.
// - Error bodies carry `code`, `message` and `innerError.request-id` (no `date`).
// - Tokens are JWT-shaped (claims `tid`, `appid`, `aud`, `exp`, and `roles` or `scp`) but unsigned (`alg: none`).
public import Foundation
public import GraphClient
import IntuneAssignCore

/// A simulated Microsoft Graph endpoint over one tenant. Thread-safe; every request is handled under one lock.
public final class GraphSimulator: @unchecked Sendable {
    /// How this simulator behaves.
    public let options: Options
    /// How real tenants answer where they differ from the reference pages (FieldBehaviours.swift).
    let field: FieldBehaviours
    let lock = NSLock()
    /// The tenant; touched only under `lock`.
    var tenantState: SimulatedTenant
    var faults: [Fault] = []
    /// Intune's limits, when the options set them.
    private var window: ThrottleWindow?
    /// Entra ID's window, for the directory's requests.
    private var directoryWindow: ThrottleWindow?
    var entries: [LogEntry] = []
    private var requestCounter: UInt64 = 0
    /// Tokens, device codes and refresh tokens handed out.
    var signIns = SignInLedger()
    /// What reads show while they lag behind writes (`Options.readLag`).
    var readLag = ReadLag()
    /// Who the request being handled is from, for the audit log.
    var auditActor: JSONValue = .null
    /// The time key of each audit event read so far (`TimeReader.key`), by index.
    var auditTimeKeys: [String?] = []
    /// The directory by lower-cased id: each object's type and, for groups, their members (made on first use; the
    /// routes never change users, devices or members).
    var directoryIndex: (types: [String: String], members: [String: [String]])?
    let now: @Sendable () -> Double
    /// Called with each log entry as it is made (the `simulator` command writes them to its JSONL file).
    let onRequest: (@Sendable (LogEntry) -> Void)?

    /// - Parameter clock: seconds on a monotonic clock; tests pass their own to drive throttling windows.
    public init(
        tenant: SimulatedTenant, options: Options = Options(),
        clock: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime },
        onRequest: (@Sendable (LogEntry) -> Void)? = nil
    ) {
        self.tenantState = tenant
        self.options = options
        field = FieldBehaviours(options: options)
        self.now = clock
        self.onRequest = onRequest
        window = options.limits.map(ThrottleWindow.init)
        directoryWindow = options.limits.map { _ in ThrottleWindow(.entra) }
    }

    /// The tenant as it is now (to save it, or to look at it in a test).
    public var tenant: SimulatedTenant { lock.withLock { tenantState } }

    /// Every request handled so far, in order.
    public var requestLog: [LogEntry] { lock.withLock { entries } }

    /// Adds a fault for the next matching requests.
    public func inject(_ fault: Fault) { lock.withLock { faults.append(fault) } }

    /// Forgets every token issued so far: the next Graph request with one is a 401 (as after a key rollover).
    public func revokeTokens() {
        lock.withLock { signIns.revokeAll() }
    }

    /// Handles one request.
    public func handle(_ request: HTTPRequest) -> Outcome {
        lock.withLock {
            let started = now()
            let parts = URLParts(request.url)
            let outcome = dispatch(request, parts: parts, batch: nil)
            let status: Int
            switch outcome {
            case .response(let response): status = response.status
            case .dropConnection: status = 0
            }
            let latency =
                Double(options.latency.components.seconds) * 1000
                + Double(options.latency.components.attoseconds) / 1e15
            record(
                LogEntry(
                    method: request.method, path: parts.path, status: status,
                    durationMs: (now() - started) * 1000 + latency, batch: nil))
            return outcome
        }
    }

    /// Adds a line to the request log, under the lock.
    func record(_ entry: LogEntry) {
        entries.append(entry)
        onRequest?(entry)
    }

    // MARK: - Dispatch

    /// One request through faults, authorization and throttling to its route.
    func dispatch(_ request: HTTPRequest, parts: URLParts, batch: String?) -> Outcome {
        let method = request.method.uppercased()
        let segments = parts.path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        // The test aids under /simulator/ stand for what a person does elsewhere (approve a device code or an
        // approval request): with `requireToken` they too need a token this simulator issued, to any identity.
        if segments.first == "simulator", options.requireToken, !authorized(request) {
            return .response(
                error(401, "InvalidAuthenticationToken", "The simulator's test aids need a token it issued."))
        }
        // The token endpoint: POST /{tenant}/oauth2/v2.0/token (on the sign-in host).
        if let answer = signInEndpoint(request, method: method, segments: segments) { return .response(answer) }
        if let decided = decisionEndpoint(method, segments) { return .response(decided) }
        guard segments.first == "beta" else {
            return .response(
                error(404, "ResourceNotFound", "The simulator serves the Graph beta endpoint only (/beta/...)."))
        }
        let route = Array(segments.dropFirst())
        let routeText = "/" + route.joined(separator: "/")

        let query = parts.query.removingPercentEncoding ?? parts.query
        if let index = faults.firstIndex(where: { $0.matches("\(method) \(routeText)", query: query) }) {
            let fault = faults[index]
            faults[index].count -= 1
            if faults[index].count <= 0 { faults.remove(at: index) }
            switch fault.action {
            case .dropConnection:
                if batch == nil { return .dropConnection }
                return .response(error(504, "GatewayTimeout", "Injected fault: the request timed out."))
            case .status(let status):
                return .response(
                    error(
                        status, status == 429 ? "TooManyRequests" : "InjectedFault",
                        "Injected fault for '\(fault.pattern)'.",
                        headers: (status == 429 || status == 503) && !options.throttleWithoutRetryAfter
                            ? ["retry-after": "1"] : [:]))
            }
        }
        if options.requireToken, !authorized(request) {
            return .response(error(401, "InvalidAuthenticationToken", "Access token is empty or not valid."))
        }
        // `$batch`, `getByIds`, filter evaluation and a device group's retrieval are POSTs that read (the last
        // needs only `DeviceManagementConfiguration.Read.All`, per its reference page); everything else but GET
        // writes.
        let reads =
            method == "GET" || route == ["$batch"] || route == ["directoryObjects", "getByIds"]
            || route == ["deviceManagement", "evaluateAssignmentFilter"]
            || route.last == "retrieveEnrollmentTimeDeviceMembershipTarget"
        if let refused = permissionCheck(request, route: route, reads: reads) { return .response(refused) }
        if let prefix = options.forbidden.first(where: { routeText.hasPrefix($0) }) {
            return .response(
                error(403, "Forbidden", "Application is not authorized to perform this operation (\(prefix))."))
        }
        if route == ["$batch"] {
            guard method == "POST" else { return .response(error(405, "MethodNotAllowed", "Use POST for $batch.")) }
            guard batch == nil else { return .response(error(400, "BadRequest", "A $batch cannot contain a $batch.")) }
            return .response(self.batch(request))
        }
        let directory = ["groups", "users", "directoryObjects"].contains(route.first ?? "")
        if let throttled = throttle(write: !reads, directory: directory) { return .response(throttled) }
        if !reads, let held = approvalGate(request, method: method, route: routeText) { return .response(held) }
        auditActor = Self.actor(of: request)
        return .response(answer(method, route, query: parts.query, body: request.body, headers: request.headers))
    }

    /// Whether the request carries a token the simulator issued and that has not expired.
    private func authorized(_ request: HTTPRequest) -> Bool {
        guard let grant = grant(of: request) else { return false }
        return now() < grant.expiry
    }

    /// Counts the request against the budgets; a 429 if a budget is spent.
    private func throttle(write: Bool, directory: Bool) -> HTTPResponse? {
        let time = now()
        let wait =
            options.appLimit?.admit(at: time)
            ?? (directory
                ? directoryWindow?.admit(write: write, at: time) : window?.admit(write: write, at: time))
        guard let wait else { return nil }
        return error(
            429, "TooManyRequests", "Too many requests; retry after \(wait) seconds.",
            headers: options.throttleWithoutRetryAfter ? [:] : ["retry-after": String(wait)])
    }

    /// The route's answer for a request under `/beta`.
    private func answer(
        _ method: String, _ route: [String], query: String, body: [UInt8], headers: [String: String]
    ) -> HTTPResponse {
        let parameters = Query(query)
        switch (method, route.count, route.first) {
        case ("GET", 1, "groups"):
            return groups(parameters)
        case ("GET", 3, "groups") where route[2] == "transitiveMembers",
            ("GET", 4, "groups") where route[2] == "transitiveMembers":
            return transitiveMembers(route[1], cast: route.count == 4 ? route[3] : nil, parameters, headers: headers)
        case ("GET", 1, "users"):
            return users(parameters, headers: headers)
        case ("GET", 2, "groups"):
            guard let group = tenantState.groups.first(where: { $0.id.lowercased() == route[1].lowercased() }) else {
                return notFound("group", route[1])
            }
            return ok(withContext("groups/$entity", groupJSON(group)))
        case ("POST", 2, "directoryObjects") where route[1] == "getByIds":
            return getByIds(body)
        case ("GET", 1, "organization"):
            return ok([
                "@odata.context": .string(context("organization")),
                "value": [
                    [
                        "id": .string(tenantState.tenantId),
                        "displayName": .string(tenantState.displayName ?? "Simulated tenant"),
                    ]
                ],
            ])
        default:
            break
        }
        if route == ["deviceManagement", "managedDeviceOverview"], method == "GET" { return managedDeviceOverview() }
        if route == ["deviceManagement", "evaluateAssignmentFilter"], method == "POST" {
            return evaluateAssignmentFilter(body)
        }
        if route.count == 3, route[0] == "deviceManagement", route[1] == "assignmentFilters", method == "GET" {
            return assignmentFilter(route[2])
        }
        if route.count >= 2, route[0] == "deviceManagement", route[1] == "assignmentFilters" {
            guard method == "GET", route.count == 2 else {
                return error(405, "MethodNotAllowed", "Only GET is simulated here.")
            }
            let items = tenantState.assignmentFilters.map { filter -> JSONValue in
                [
                    "@odata.type": "#microsoft.graph.deviceAndAppManagementAssignmentFilter", "id": .string(filter.id),
                    "displayName": .string(filter.displayName), "platform": .string(filter.platform),
                ]
            }
            return page(
                items, parameters, path: "/deviceManagement/assignmentFilters",
                context: context("deviceManagement/assignmentFilters"))
        }
        if route == ["deviceManagement", "auditEvents"] { return auditEvents(method, parameters) }
        if route.count >= 2, route[0] == "deviceManagement", route[1] == "operationApprovalRequests" {
            return approvalRequests(method, Array(route.dropFirst(2)), parameters)
        }
        if route.count >= 2, route[0] == "deviceManagement", route[1] == "windowsAutopilotDeviceIdentities" {
            return autopilotIdentities(method, Array(route.dropFirst(2)), parameters, body: body)
        }
        if route.count >= 2, route[0] == "deviceManagement", route[1] == "depOnboardingSettings" {
            return appleTokens(method, Array(route.dropFirst(2)), parameters, body: body)
        }
        if route.count >= 2, route[0] == "deviceManagement", route[1] == "roleDefinitions" {
            return roleDefinitions(method, Array(route.dropFirst(2)), parameters)
        }
        for kind in Kinds.all {
            let collection = kind.collectionPath.split(separator: "/").map(String.init)
            guard route.count >= collection.count, Array(route.prefix(collection.count)) == collection else { continue }
            return configurations(kind, method, Array(route.dropFirst(collection.count)), parameters, body: body)
        }
        return error(404, "ResourceNotFound", "No simulated resource at /\(route.joined(separator: "/")).")
    }

    // MARK: - Responses

    var requestID: String {
        requestCounter += 1
        return GUID(high: 0x5157_0000_0000_4000, low: 0x8000_0000_0000_0000 | requestCounter).description
    }

    /// The `@odata.context` of a collection or entity.
    func context(_ path: String) -> String { "\(options.baseURL)/beta/$metadata#\(path)" }

    /// A JSON answer.
    func json(_ status: Int, _ body: JSONValue?, headers: [String: String] = [:]) -> HTTPResponse {
        Self.json(status, body, headers: headers, requestID: requestID)
    }

    /// 200 with a JSON body.
    func ok(_ body: JSONValue) -> HTTPResponse { json(200, body) }

    /// An error answer in Graph's shape, with a request id.
    func error(_ status: Int, _ code: String, _ message: String, headers: [String: String] = [:]) -> HTTPResponse {
        Self.error(status, code, message, headers: headers, requestID: requestID)
    }

    /// A JSON answer carrying `requestID` (the routes' and the identity platform's).
    static func json(
        _ status: Int, _ body: JSONValue?, headers: [String: String] = [:], requestID: String
    ) -> HTTPResponse {
        var all = headers
        all["request-id"] = requestID
        if body != nil { all["content-type"] = "application/json" }
        return HTTPResponse(status: status, headers: all, body: body.map { Array($0.serialized().utf8) } ?? [])
    }

    /// An error answer in Graph's shape (`code`, `message`, `innerError.request-id`), carrying `requestID`.
    static func error(
        _ status: Int, _ code: String, _ message: String, headers: [String: String] = [:], requestID: String
    ) -> HTTPResponse {
        let body: JSONValue = [
            "error": [
                "code": .string(code), "message": .string(message),
                "innerError": ["request-id": .string(requestID), "client-request-id": .string(requestID)],
            ]
        ]
        return json(status, body, headers: headers, requestID: requestID)
    }

    /// 404 for an object that does not exist.
    func notFound(_ what: String, _ id: String) -> HTTPResponse {
        error(404, "ResourceNotFound", "No \(what) with id '\(id)' exists in this tenant.")
    }

    /// 400 with Graph's `BadRequest` code.
    func badRequest(_ message: String) -> HTTPResponse { error(400, "BadRequest", message) }

    /// One page of a collection: `$top` (up to the collection's most, see `pageLimits`), `$skiptoken` (an offset),
    /// `$select`, and an absolute `@odata.nextLink` while more remain.
    /// Items may be lazy: only the page's own are made.
    func page<Items: Collection<JSONValue>>(_ items: Items, _ query: Query, path: String, context: String)
        -> HTTPResponse
    {
        let limits = field.pageLimits(path)
        let top = min(limits.most, max(1, query["$top"].flatMap { Int($0) } ?? limits.size))
        let offset = query["$skiptoken"].flatMap { Int($0) } ?? 0
        let selected = query["$select"].map {
            Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        let slice = items.dropFirst(offset).prefix(top).map { item -> JSONValue in
            guard let selected, case .object(let pairs) = item else { return item }
            return .object(
                pairs.filter {
                    selected.contains($0.key) || $0.key == "id" || $0.key == "@odata.type"
                        || $0.key.hasPrefix("assignments")
                })
        }
        var body: [(key: String, value: JSONValue)] = [("@odata.context", .string(context)), ("value", .array(slice))]
        if offset + top < items.count {
            var next = query
            next["$top"] = String(top)
            next["$skiptoken"] = String(offset + top)
            body.append(("@odata.nextLink", .string("\(options.baseURL)/beta\(path)?\(next.encoded)")))
        }
        return ok(.object(body))
    }
}

extension GraphSimulator {
    /// An entity as Graph answers it: `@odata.context` first, then the entity's own properties.
    func withContext(_ path: String, _ value: JSONValue) -> JSONValue {
        JSONValue.object([("@odata.context", .string(context(path)))]).merging(value)
    }
}

extension JSONValue {
    /// This object with the pairs of `other` appended (for objects only).
    func merging(_ other: JSONValue) -> JSONValue {
        guard case .object(let mine) = self, case .object(let theirs) = other else { return self }
        return .object(mine + theirs)
    }
}
