public import IntuneAssignCore

/// A connection to Graph beta: signs requests, retries and paces them through one shared `RetryMachine`, follows
/// `@odata.nextLink`, and packs requests into `$batch`es of 20.
public actor GraphSession {
    /// Requests in one `$batch`: Graph's limit.
    public static let batchSize = 20

    /// The seam every request goes through.
    nonisolated public let transport: any HTTPTransport
    /// The cloud: Graph root, sign-in host and scope.
    nonisolated public let cloud: Cloud
    let tokens: (any TokenProvider)?
    /// Whose permissions the session's tokens carry (app-only without a token provider).
    nonisolated public let grant: PermissionGrant
    let sleeper: any Sleeper
    var machine: RetryMachine
    /// The budget this session shares with the other sessions of a fleet run (Graph's cap per app), if any.
    let budget: RequestBudget?
    /// HTTP requests sent, retries and `$batch` envelopes included (inner requests are not HTTP requests).
    public private(set) var requestCount = 0
    /// Until when a request of this session waits for a slot under its limits (pacing, a throttling pause, or the
    /// shared budget); for a progress line.
    private var waitingUntil: Double = 0
    /// Told of every HTTP request once it is answered (or failed), for `--verbose`.
    var observer: (@Sendable (RequestRecord) -> Void)?

    /// What `--verbose` may show of a request: never headers, bodies, queries or tokens.
    public struct RequestRecord: Sendable {
        /// The HTTP method.
        public var method: String
        /// The URL path without scheme, host or query (`/beta/$batch`).
        public var path: String
        /// `nil` when no answer came (connection failed or dropped).
        public var status: Int?
        /// How long the request took, retries not included.
        public var seconds: Double
    }

    /// The `tid` claim of the current access token, if there is a token and it is a JWT.
    func tokenTenant() async -> GUID? {
        guard let tokens, let token = try? await tokens.token(forceRefresh: false) else { return nil }
        return TokenClaims.tenant(of: token).flatMap(GUID.init)
    }

    /// Sets the function told of every request (replacing any before it).
    public func observe(_ observer: @escaping @Sendable (RequestRecord) -> Void) { self.observer = observer }

    /// A session over `transport` in `cloud`, signing with `tokens` (none: unsigned, for the simulator) and
    /// pacing by `policy`, each request also taking a slot of a shared `budget` when given.
    public init(
        transport: any HTTPTransport, cloud: Cloud, tokens: (any TokenProvider)? = nil,
        policy: RetryPolicy = RetryPolicy(), budget: RequestBudget? = nil,
        sleeper: any Sleeper = SystemSleeper()
    ) {
        self.budget = budget
        self.transport = transport
        self.cloud = cloud
        self.tokens = tokens
        self.grant = tokens?.grant ?? .application
        self.sleeper = sleeper
        self.machine = RetryMachine(policy: policy)
    }

    /// A session on the same wire, cloud, tokens and fleet budget, paced by `policy` on its own: for requests that
    /// another service counts (the directory's, under Entra's limits rather than Intune's).
    nonisolated public func sibling(policy: RetryPolicy) -> GraphSession {
        GraphSession(
            transport: transport, cloud: cloud, tokens: tokens, policy: policy, budget: budget, sleeper: sleeper)
    }

    /// Retries used so far, and throttling answers seen (for reports).
    public var retriesUsed: Int { machine.retriesUsed }
    /// Throttling answers seen so far (429 and 503).
    public var throttles: Int { machine.throttles }
    /// Whether a request is waiting now for room under the limits (its own, or the fleet's budget).
    public var isWaiting: Bool { waitingUntil > sleeper.now() }

    /// The absolute URL of a path under the beta root (`/groups` → `https://graph.microsoft.com/beta/groups`).
    public func url(_ path: String) -> String {
        path.hasPrefix("https://") || path.hasPrefix("http://") ? path : "\(cloud.graphRoot)/beta\(path)"
    }

    /// How a request counts against the limits, and whether it may be sent twice.
    public struct Weight: Hashable, Sendable {
        /// Write slots it takes under the write limit (`nil`: one for anything but GET; a `$batch` takes one per
        /// inner write).
        public var writes: Int?
        /// Requests it counts under the request limit (a `$batch`: one per inner request).
        public var requests: Int
        /// Whether it may be repeated when no answer came (a create may have been made already).
        public var repeatable: Bool

        /// A weight; the default is one request, a write unless it is a GET, repeatable.
        public init(writes: Int? = nil, requests: Int = 1, repeatable: Bool = true) {
            self.writes = writes
            self.requests = requests
            self.repeatable = repeatable
        }
    }

    /// Sends one request (a path under the beta root, or an absolute URL such as a nextLink) and returns a 2xx
    /// response; anything else becomes a `GraphError`. Throttling and transient failures are retried.
    /// - Parameter weight: how it counts against the limits, and whether it may be sent twice.
    /// - Parameter headers: extra request headers (Multi Admin Approval's justification or approval code).
    public func send(
        _ method: String, _ path: String, body: JSONValue? = nil, kind: Kind? = nil, weight: Weight = Weight(),
        headers extra: [String: String] = [:]
    ) async throws(GraphError) -> HTTPResponse {
        let url = url(path)
        // An absolute URL here is a link Graph handed back; the token goes only to Graph's own origin.
        if path.hasPrefix("https://") || path.hasPrefix("http://") { try checkFollowable(path) }
        let slots = (writes: weight.writes ?? (method.uppercased() != "GET" ? 1 : 0), requests: weight.requests)
        var attempt = 0
        var refreshed = false
        while true {
            attempt += 1
            let start = try await waitForSlot(slots)
            var headers = extra.merging(["accept": "application/json"]) { $1 }
            if body != nil { headers["content-type"] = "application/json" }
            if let tokens {
                headers["authorization"] = "Bearer " + (try await tokens.token(forceRefresh: refreshed && attempt == 1))
            }
            let request = HTTPRequest(
                method: method, url: url, headers: headers, body: body.map { Array($0.serialized().utf8) } ?? [])
            let response: HTTPResponse
            switch await exchange(request, slots, startedAt: start) {
            case .answered(let answer): response = answer
            case .noAnswer(let error):
                try await afterNoAnswer(error, request, attempt: attempt, repeatable: weight.repeatable)
                continue
            case .failed(let error): throw error
            }
            // A 401 may only mean the token went stale: refresh it once and try again.
            if response.status == 401, tokens != nil, !refreshed {
                refreshed = true
                attempt = 0
                continue
            }
            let retryAfter = response.headers["retry-after"].flatMap(Double.init)
            let failure = { GraphError.response(response, method: method, url: url, kind: kind, grant: self.grant) }
            switch machine.decide(
                .status(response.status, retryAfter: retryAfter), attempt: attempt, now: sleeper.now(),
                random: .random(in: 0..<1), repeatable: weight.repeatable)
            {
            case .accept:
                guard (200..<300).contains(response.status) else { throw failure() }
                return response
            case .retry(let at): try await sleep(until: at)
            case .giveUp(.waitTooLong(let seconds)): throw GraphError.waitTooLong(seconds, after: failure())
            case .giveUp: throw GraphError.retriesExhausted(after: failure())
            }
        }
    }

    /// Waits for a slot: the pace and any throttling pause are shared by all tasks. Requests answered while it
    /// waited may have moved their slots on: it then waits again. Then the shared budget's slot, if any, is taken
    /// and waited for. Returns when the slot was taken.
    private func waitForSlot(_ slots: (writes: Int, requests: Int)) async throws(GraphError) -> Double {
        var start = machine.startTime(writes: slots.writes, requests: slots.requests, now: sleeper.now())
        while true {
            waitingUntil = max(waitingUntil, start)
            try await sleep(until: start)
            let now = sleeper.now()
            start = machine.confirm(writes: slots.writes, requests: slots.requests, reservedAt: start, now: now)
            if start <= now { break }
        }
        if let wait = budget?.reserve(slots.requests), wait > 0 {
            waitingUntil = max(waitingUntil, sleeper.now() + wait)
            try await sleep(until: sleeper.now() + wait)
        }
        return start
    }

    /// What one exchange came to.
    private enum Exchange {
        /// An answer, whatever its status.
        case answered(HTTPResponse)
        /// No answer, as the transport says why.
        case noAnswer(TransportError)
        /// A failure that is no transport's: not retried.
        case failed(GraphError)
    }

    /// Sends the request once, counts it, frees its slot and tells the observer; the answer, or why none came.
    private func exchange(
        _ request: HTTPRequest, _ slots: (writes: Int, requests: Int), startedAt start: Double
    ) async -> Exchange {
        requestCount += 1
        let sent = sleeper.now()
        let result: Result<HTTPResponse, any Error>
        do { result = .success(try await transport.send(request)) } catch { result = .failure(error) }
        machine.answered(writes: slots.writes, requests: slots.requests, startedAt: start, now: sleeper.now())
        if let observer {
            observer(
                RequestRecord(
                    method: request.method, path: Self.pathOnly(request.url), status: try? result.get().status,
                    seconds: sleeper.now() - sent))
        }
        switch result {
        case .success(let response): return .answered(response)
        case .failure(let error as TransportError): return .noAnswer(error)
        case .failure(let error):
            return .failed(
                GraphError.transport(
                    TransportError(.connectionFailed, "\(error)"), method: request.method, url: request.url))
        }
    }

    /// No answer came: the machine repeats only what may run twice (a create may have been made already), after its
    /// wait; otherwise the error is thrown. A certificate that is not trusted stays untrusted: that is said at once
    /// instead of retrying for minutes.
    private func afterNoAnswer(
        _ error: TransportError, _ request: HTTPRequest, attempt: Int, repeatable: Bool
    ) async throws(GraphError) {
        let failure = GraphError.transport(error, method: request.method, url: request.url)
        if error.code == .untrusted { throw failure }
        switch machine.decide(
            .noResponse, attempt: attempt, now: sleeper.now(), random: .random(in: 0..<1), repeatable: repeatable)
        {
        case .accept: throw failure
        case .giveUp: throw GraphError.retriesExhausted(after: failure)
        case .retry(let at): try await sleep(until: at)
        }
    }

    /// Refuses an absolute URL whose origin is not the Graph root's: an `@odata.nextLink` to another host (or to
    /// the same host over plain http) would take the access token with it.
    func checkFollowable(_ url: String) throws(GraphError) {
        let root = URLPolicy.origin(of: cloud.graphRoot)
        switch URLPolicy.origin(of: url) {
        case .success(let origin):
            guard case .success(let own) = root, origin == own else {
                throw GraphError.configuration(
                    "Graph answered with a link to \(origin), not to the Graph root \(cloud.graphRoot); it is not "
                        + "followed, as the access token would go with it")
            }
        case .failure(let refusal):
            throw GraphError.configuration("Graph answered with a link that is not followed: \(refusal)")
        }
    }

    /// `https://host/beta/groups?$filter=…` → `/beta/groups`.
    public static func pathOnly(_ url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[slash...] } else { rest = "/" }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        return String(rest)
    }

    /// Waits `seconds` on the session's clock (simulated time in tests); cancellation is a GraphError.
    public func pause(_ seconds: Double) async throws(GraphError) {
        try await sleep(until: sleeper.now() + seconds)
    }

    /// Waits until `deadline`; cancellation is a GraphError.
    private func sleep(until deadline: Double) async throws(GraphError) {
        do {
            try await sleeper.sleep(until: deadline)
        } catch {
            throw GraphError.configuration("cancelled")
        }
    }

    /// A response's JSON body, or an error naming the request.
    func parse(_ response: HTTPResponse, _ method: String, _ path: String) throws(GraphError) -> JSONValue {
        do {
            return try JSONValue.parse(response.body)
        } catch {
            throw GraphError.malformed("a body that is not JSON", method: method, url: url(path))
        }
    }

    /// Runs any number of requests through `$batch`: 20 a batch (fewer when writes must fit a smaller write
    /// limit), at most `concurrency` batches at once, answers matched by id. Inner requests that were throttled or failed transiently are sent again (alone, in new
    /// batches) after the wait the machine decides; every other answer is returned as it came.
    public func batch(_ requests: [BatchRequest], concurrency: Int = 4) async throws(GraphError) -> [String:
        BatchResponse]
    {
        var results: [String: BatchResponse] = [:]
        var pending = requests.map { (request: $0, attempt: 1) }
        // Graph counts each inner write when the batch arrives: a batch never holds more writes than one window allows.
        var size = Self.batchSize
        if requests.contains(where: \.isWrite), let limit = machine.policy.writeLimit, limit.count > 0 {
            size = min(size, limit.count)
        }
        if let limit = machine.policy.requestLimit, limit.count > 0 { size = min(size, limit.count) }
        while !pending.isEmpty {
            let chunks = stride(from: 0, to: pending.count, by: size).map {
                Array(pending[$0..<min($0 + size, pending.count)])
            }
            var answered: [(request: BatchRequest, attempt: Int, response: BatchResponse)] = []
            do {
                let sent = try await boundedConcurrently(chunks, width: concurrency) { try await self.sendBatch($0) }
                answered = sent.flatMap { $0.map { (request: $0.0, attempt: $0.1, response: $0.2) } }
            } catch let error as GraphError {
                throw error
            } catch {
                throw GraphError.configuration("batch failed: \(error)")
            }
            pending = []
            var latest = sleeper.now()
            for item in answered {
                let retryAfter = item.response.headers["retry-after"].flatMap(Double.init)
                let decision = machine.decide(
                    .status(item.response.status, retryAfter: retryAfter), attempt: item.attempt,
                    now: sleeper.now(), random: .random(in: 0..<1), repeatable: item.request.repeatable)
                switch decision {
                case .accept, .giveUp:
                    results[item.request.id] = item.response
                case .retry(let at):
                    latest = max(latest, at)
                    pending.append((item.request, item.attempt + 1))
                }
            }
            if !pending.isEmpty { try await sleep(until: latest) }
        }
        return results
    }

    /// Sends one `$batch` envelope and matches every inner answer to its request.
    private func sendBatch(_ chunk: [(request: BatchRequest, attempt: Int)]) async throws(GraphError) -> [(
        BatchRequest, Int, BatchResponse
    )] {
        let body: JSONValue = [
            "requests": .array(
                chunk.map { item in
                    var pairs: [(key: String, value: JSONValue)] = [
                        ("id", .string(item.request.id)), ("method", .string(item.request.method)),
                        ("url", .string(item.request.url)),
                    ]
                    var headers = item.request.headers
                    if item.request.body != nil { headers["Content-Type"] = "application/json" }
                    if !headers.isEmpty {
                        pairs.append(
                            ("headers", .object(headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
                        )
                    }
                    if let body = item.request.body { pairs.append(("body", body)) }
                    return .object(pairs)
                })
        ]
        let writes = chunk.count { $0.request.isWrite }
        let response = try await send(
            "POST", "/$batch", body: body,
            weight: Weight(writes: writes, requests: chunk.count, repeatable: writes == 0))
        let parsed = try parse(response, "POST", "/$batch")
        guard case .array(let answers)? = parsed["responses"] else {
            throw GraphError.malformed("a $batch answer without `responses`", method: "POST", url: url("/$batch"))
        }
        var byID: [String: BatchResponse] = [:]
        for answer in answers {
            guard let id = answer["id"]?.stringValue, case .int(let status)? = answer["status"] else { continue }
            var headers: [String: String] = [:]
            if case .object(let pairs)? = answer["headers"] {
                for pair in pairs { headers[pair.key.lowercased()] = pair.value.stringValue ?? pair.value.serialized() }
            }
            byID[id] = BatchResponse(id: id, status: status, headers: headers, body: answer["body"])
        }
        return try chunk.map { item throws(GraphError) in
            guard let answer = byID[item.request.id] else {
                throw GraphError.malformed(
                    "no answer for request '\(item.request.id)' in the $batch", method: "POST",
                    url: url("/$batch"))
            }
            return (item.request, item.attempt, answer)
        }
    }
}
