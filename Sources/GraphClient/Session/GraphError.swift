public import IntuneAssignCore

/// What went wrong talking to Graph: the HTTP status, Graph's error code and message, the request id to quote to
/// Microsoft, and which request it was (method and path only — never headers, bodies or tokens).
public struct GraphError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure; a struct over a private code so that new ones do not break callers.
    private enum Code: Hashable, Sendable {
        case http, transport, configuration, signIn, retriesExhausted, malformedResponse
    }

    private let code: Code
    /// The HTTP status, when there was a response.
    public let status: Int?
    /// Graph's `error.code`, e.g. `ResourceNotFound`.
    public let graphCode: String?
    /// Graph's `error.message`, or what went wrong in our words.
    public let message: String
    /// Graph's `innerError.request-id` (or the `request-id` header).
    public let requestID: String?
    /// The request's method.
    public let method: String?
    /// The path of the request, without the query (which could carry names) and without the host.
    public let path: String?
    /// Multi Admin Approval: the id of the approval request Graph filed instead of the write
    /// (`x-msft-approval-code` response header).
    public private(set) var approvalCode: String?

    /// An error from its parts.
    private init(
        _ code: Code, status: Int? = nil, graphCode: String? = nil, message: String, requestID: String? = nil,
        method: String? = nil, path: String? = nil
    ) {
        // What a server said is cut of every credential the process holds here, once, before anything prints or
        // stores it (`Redaction`); a request id is shown as it is only when it is the GUID Graph sends.
        let redaction = Redaction.shared
        self.code = code
        self.status = status
        self.graphCode = graphCode.map(redaction.redact)
        self.message = redaction.redact(message)
        self.requestID = requestID.map(redaction.redact).map { GUID($0) != nil ? $0 : Printable.line($0, limit: 100) }
        self.method = method
        self.path = path
    }

    /// Whether Graph answered that it does not route the request (field-notes §2, §8): a write is then sent another
    /// way, a read is never taken for "no assignments".
    public var isNotRouted: Bool { Self.isNotRouted(status: status, code: graphCode, message: message) }

    /// The one test for "not routed": 400 with the code "No method match route template" or the message "No OData
    /// route exists".
    static func isNotRouted(status: Int?, code: String?, message: String) -> Bool {
        status == 400 && (code == "No method match route template" || message.contains("No OData route exists"))
    }

    /// Whether Graph throttled the request.
    public var isThrottling: Bool { status == 429 }
    /// Whether the credentials lack a permission or were refused.
    public var isAuthorization: Bool { status == 401 || status == 403 }
    /// Whether the object does not exist.
    public var isNotFound: Bool { status == 404 }
    /// Whether retries ran out.
    public var isRetriesExhausted: Bool { code == .retriesExhausted }

    /// A Graph error response, read from its body (`error.code`, `error.message`, `innerError.request-id`). A 401 or
    /// 403 for a kind names the permissions it needs, as application permissions or delegated scopes after `grant`.
    public static func response(
        _ response: HTTPResponse, method: String, url: String, kind: Kind? = nil, grant: PermissionGrant = .application
    ) -> GraphError {
        let body = try? JSONValue.parse(response.body)
        let error = body?["error"]
        var message = error?["message"]?.stringValue ?? "HTTP \(response.status)"
        if let kind, response.status == 401 || response.status == 403 {
            message += " — " + needs(kind, grant: grant)
        }
        // A path the service does not serve for this kind: never to be read as "no assignments".
        if let kind, Self.isNotRouted(status: response.status, code: error?["code"]?.stringValue, message: message) {
            message +=
                method == "GET"
                ? " — Graph does not serve this read for \(kind.name); intune-assign's read profile for the kind "
                    + "(\(kind.read.assignments.rawValue)) needs changing: please report it"
                : " — Graph does not route this write for \(kind.name) here; intune-assign's write style for the kind "
                    + "(\(kind.write.style.rawValue)) needs changing: please report it with `check --field-report`"
        } else if let kind, response.status != 401, response.status != 403 {
            message += " (kind \(kind.name))"
        }
        var result = GraphError(
            .http, status: response.status, graphCode: error?["code"]?.stringValue, message: message,
            requestID: error?["innerError"]?["request-id"]?.stringValue ?? response.headers["request-id"],
            method: method, path: URLParts(url).path)
        result.approvalCode = response.headers["x-msft-approval-code"].flatMap { GUID($0)?.description }
        return result
    }

    /// What a kind needs, in the words of the grant: application permissions are granted to the app by an admin;
    /// delegated scopes are consented for the client, and the person also needs an Intune role that allows it.
    public static func needs(_ kind: Kind, grant: PermissionGrant) -> String {
        switch grant {
        case .application:
            "reading \(kind.name) needs the application permission \(kind.readPermission) and writing it "
                + "\(kind.writePermission) (admin-consented)"
        case .delegated:
            "reading \(kind.name) needs the delegated scope \(kind.readPermission) and writing it "
                + "\(kind.writePermission) (consented for the client), and an Intune role that allows it"
        }
    }

    /// A request that got no answer.
    public static func transport(_ error: TransportError, method: String, url: String) -> GraphError {
        GraphError(.transport, message: error.detail, method: method, path: URLParts(url).path)
    }

    /// A sign-in configuration that cannot work (missing or half-set variables, a bad URL, ...).
    public static func configuration(_ message: String) -> GraphError { GraphError(.configuration, message: message) }

    /// The token endpoint refused: its `error` and `error_description` (never the form that was posted).
    public static func signIn(status: Int, error: String?, description: String?) -> GraphError {
        GraphError(.signIn, status: status, graphCode: error, message: description ?? "sign-in failed (HTTP \(status))")
    }

    /// The last error of a request whose retries ran out.
    public static func retriesExhausted(after last: GraphError) -> GraphError {
        GraphError(
            .retriesExhausted, status: last.status, graphCode: last.graphCode,
            message: "gave up after retrying: \(last.message)", requestID: last.requestID, method: last.method,
            path: last.path)
    }

    /// Graph asked for a wait (`Retry-After`) longer than intune-assign waits: the request is not sent again.
    public static func waitTooLong(_ seconds: Double, after last: GraphError) -> GraphError {
        // Years of seconds do not fit an Int; anything past a day reads the same to a person.
        let asked = seconds < 86_400 ? "\(Int(seconds)) s" : "more than a day"
        return GraphError(
            .retriesExhausted, status: last.status, graphCode: last.graphCode,
            message: "Graph asked to wait \(asked) before trying again (Retry-After), more than the "
                + "\(Int(RetryMachine.longestRetryAfter)) s intune-assign waits; run it again later",
            requestID: last.requestID, method: last.method, path: last.path)
    }

    /// An answer that is not what Graph sends.
    public static func malformed(_ what: String, method: String, url: String) -> GraphError {
        GraphError(.malformedResponse, message: what, method: method, path: URLParts(url).path)
    }

    /// One line for people: the request, the status, Graph's code and message, the request id, and the permission to grant where one is missing.
    public var description: String {
        var text = ""
        if let method, let path { text += "\(method) \(path): " }
        if let status { text += "\(status) " }
        // Graph's code and message are a server's words: shown on one line, escape sequences made visible, cut.
        if let graphCode { text += "\(Printable.line(graphCode, limit: 100)): " }
        if code == .configuration {
            // Our own words, which may list one reason a line (the sign-in chain): each line shown as one line.
            text += message.split(separator: "\n", omittingEmptySubsequences: false)
                .map { Printable.line(String($0), limit: 1_000) }.joined(separator: "\n")
        } else {
            text += Printable.line(message, limit: 1_000)
        }
        if let requestID { text += " (request-id \(requestID))" }
        return text
    }
}
