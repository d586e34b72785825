public import IntuneAssignCore

/// The Intune reads and writes that planning and applying need, for every kind, driven by the kinds registry:
/// paths, body keys and permissions all come from `Kind`. It maps Graph's answers into the core's types and calls
/// nothing above it: the workflows that sequence these reads live in `IntuneAssignOperations`.
public struct IntuneGraph: Sendable {
    /// The session every request goes through (signing, retries, pacing).
    public let session: GraphSession
    /// How many `$batch` requests may be in flight at once.
    public let concurrency: Int

    /// Reads and writes through `session`, with at most `concurrency` batches in flight.
    public init(session: GraphSession, concurrency: Int = 4) {
        self.session = session
        self.concurrency = max(1, concurrency)
    }

    /// One collection to read in full (every page).
    public struct CollectionRead: Sendable {
        /// The path under the beta root, with its query.
        public var path: String
        /// The kind it belongs to, for errors that name permissions.
        public var kind: Kind?

        /// A read of `path`, on behalf of `kind` when it belongs to one.
        public init(_ path: String, kind: Kind? = nil) {
            self.path = path
            self.kind = kind
        }
    }

    /// Many collections at once: the first page of each inside `$batch`es of 20, then every further page by its
    /// `@odata.nextLink`. Any answer but 200 is an error for the whole read — a partial read would plan deletions.
    /// This is the one place that follows `@odata.nextLink` in batches; `GraphSession.list` follows a single one.
    public func collections(_ reads: [CollectionRead]) async throws(GraphError) -> [[JSONValue]] {
        var result: [[JSONValue]] = Array(repeating: [], count: reads.count)
        var trails = Array(repeating: PageTrail(), count: reads.count)
        var pending = reads.indices.map { (index: $0, path: reads[$0].path) }
        let root = await session.url("")
        // Round after round: the next page of every collection still open goes out in the same batches. A link
        // outside the beta root (which `$batch` cannot carry) is followed on its own.
        while !pending.isEmpty {
            var batched: [BatchRequest] = []
            var following: [(index: Int, path: String)] = []
            for item in pending {
                if item.path.hasPrefix("/") {
                    batched.append(BatchRequest(id: String(item.index), url: item.path))
                } else if item.path.hasPrefix(root + "/") {
                    batched.append(BatchRequest(id: String(item.index), url: String(item.path.dropFirst(root.count))))
                } else {
                    result[item.index] += try await session.list(item.path, kind: reads[item.index].kind)
                }
            }
            let answers = try await session.batch(batched, concurrency: concurrency)
            for request in batched {
                let index = Int(request.id)!
                let page = try CollectionPage(
                    answers[request.id]!, url: root + request.url, kind: reads[index].kind)
                result[index] += page.values
                if let link = page.nextLink {
                    try trails[index].follow(link, of: reads[index].path, url: { root + $0 })
                    following.append((index, link))
                }
            }
            pending = following
        }
        return result
    }

    /// The path that lists a kind's configurations with the fields planning needs.
    static func listPath(_ kind: Kind) -> String {
        "\(kind.collectionPath)?$select="
            + (kind.defaultConfigurationsUnassignable ? "id,displayName,priority" : "id,displayName")
    }

    /// Percent-encodes a query value (spaces, quotes and all): only letters, digits and `-._~` stay.
    static func queryEncoded(_ text: String) -> String { ClientCredential.formEncoded(text) }
}

/// One page of a collection: its items and the link to the next page, if any.
struct CollectionPage {
    var values: [JSONValue]
    var nextLink: String?

    /// The page an answer carries; any status but 200, or a body without `value`, is an error naming `url`.
    init(_ answer: BatchResponse, url: String, kind: Kind?) throws(GraphError) {
        guard answer.status == 200, let page = CollectionPage(body: answer.body) else {
            throw GraphError.response(answer.asResponse, method: "GET", url: url, kind: kind)
        }
        self = page
    }

    /// The page a collection body holds; `nil` without a `value` list.
    init?(body: JSONValue?) {
        guard case .array(let values)? = body?["value"] else { return nil }
        self.values = values
        self.nextLink = body?["@odata.nextLink"]?.stringValue
    }
}

extension BatchResponse {
    /// The inner answer as an HTTP response, for `GraphError.response`.
    public var asResponse: HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body.map { Array($0.serialized().utf8) } ?? [])
    }
}

extension ConfigurationKey {
    /// The configuration's path under the beta root.
    public var path: String { "\(kind.collectionPath)/\(id)" }
}
