/// One HTTP request as the transport seam sees it: method, absolute URL, headers (names in lower case) and body.
public struct HTTPRequest: Hashable, Sendable {
    /// The HTTP method.
    public var method: String
    /// The whole URL.
    public var url: String
    /// The headers, names in lower case.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// A request.
    public init(method: String, url: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }

    /// The path of the URL (without scheme, host and query), percent-encoding kept.
    public var path: String { URLParts(url).path }
    /// The query of the URL without the `?`, or "".
    public var query: String { URLParts(url).query }
}

/// One HTTP response: status, headers (names in lower case) and body.
public struct HTTPResponse: Hashable, Sendable {
    /// The HTTP status.
    public var status: Int
    /// The headers, names in lower case.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }
}

/// The seam between intune-assign and Graph: one request in, one response out. The HTTPS client, the
/// in-process simulator and test doubles all sit behind it.
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns its response; throws `TransportError` when none came.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// Sends one request, giving up after `seconds` of real time with a `connectionFailed` error: for endpoints
    /// that may not exist at all (a managed identity's), where a silent network must not hang the run.
    public func send(_ request: HTTPRequest, within seconds: Double) async throws -> HTTPResponse {
        try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            group.addTask { try await self.send(request) }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw TransportError(
                    .connectionFailed,
                    "\(request.method) \(URLParts(request.url).origin): no answer within \(seconds) s")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
