public import IntuneAssignCore

extension BatchRequest {
    /// A planned call as one request inside a `$batch`: the one way writes are built, for `apply` and for tests.
    public init(id: String, call: PlannedCall, to configuration: ConfigurationKey) {
        let request = call.request(kind: configuration.kind, id: configuration.id)
        self.init(id: id, method: request.method, url: request.path, body: call.body(kind: configuration.kind))
    }
}

extension IntuneGraph {
    /// Makes one planned call on its own (outside a `$batch`). A create is not repeated after a dropped
    /// connection, as it could add the assignment twice.
    @discardableResult
    public func write(_ call: PlannedCall, to configuration: ConfigurationKey) async throws(GraphError) -> HTTPResponse
    {
        let request = BatchRequest(id: "", call: call, to: configuration)
        var repeatable = true
        if case .create = call { repeatable = false }
        return try await session.send(
            request.method, request.url, body: request.body, kind: configuration.kind,
            repeatable: repeatable)
    }
}
