public import IntuneAssignCore

/// One request inside a `$batch`.
public struct BatchRequest: Hashable, Sendable {
    public var id: String
    public var method: String
    /// Relative to the version root, starting with `/` (e.g. `/deviceManagement/intents/{id}/assignments`).
    public var url: String
    public var body: JSONValue?

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
    public var id: String
    public var status: Int
    public var headers: [String: String]
    public var body: JSONValue?
}
