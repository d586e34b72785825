public import IntuneAssignCore

extension BatchRequest {
    /// A planned call as one request inside a `$batch`: the one way writes are built, for `apply` and for tests.
    public init(id: String, call: PlannedCall, to configuration: ConfigurationKey) {
        let request = call.request(kind: configuration.kind, id: configuration.id)
        var repeatable = true
        if case .create = call { repeatable = false }
        self.init(
            id: id, method: request.method, url: request.path, body: call.body(kind: configuration.kind),
            repeatable: repeatable)
    }
}
