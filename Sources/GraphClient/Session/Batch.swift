public import IntuneAssignCore

/// One request inside a `$batch`.
public struct BatchRequest: Hashable, Sendable {
    /// Unique within one `$batch`; answers are matched by it.
    public var id: String
    /// The HTTP method.
    public var method: String
    /// Relative to the version root, starting with `/` (e.g. `/deviceManagement/intents/{id}/assignments`).
    public var url: String
    /// The JSON body, for writes.
    public var body: JSONValue?
    /// Whether sending it twice is harmless, so that it may be sent again when its answer says it may not have
    /// been carried out (504). Not so for a create: the first may have made the assignment already.
    public var repeatable: Bool
    /// Headers of its own (`ConsistencyLevel: eventual` for the directory's counts).
    public var headers: [String: String] = [:]

    /// A request; a GET unless `method` says otherwise.
    public init(
        id: String, method: String = "GET", url: String, body: JSONValue? = nil, repeatable: Bool = true,
        headers: [String: String] = [:]
    ) {
        self.id = id
        self.method = method
        self.url = url
        self.body = body
        self.repeatable = repeatable
        self.headers = headers
    }

    var isWrite: Bool { method.uppercased() != "GET" }
}

/// One answer inside a `$batch`.
public struct BatchResponse: Hashable, Sendable {
    /// The id of the request it answers.
    public var id: String
    /// The HTTP status.
    public var status: Int
    /// The headers, names in lower case.
    public var headers: [String: String]
    /// The JSON body, if any.
    public var body: JSONValue?

    /// An answer from its parts (also for a request sent on its own rather than in a `$batch`).
    public init(id: String, status: Int, headers: [String: String] = [:], body: JSONValue? = nil) {
        self.id = id
        self.status = status
        self.headers = headers
        self.body = body
    }
}
