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

    /// A request; a GET unless `method` says otherwise.
    public init(id: String, method: String = "GET", url: String, body: JSONValue? = nil) {
        self.id = id
        self.method = method
        self.url = url
        self.body = body
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
}
