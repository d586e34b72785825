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

    /// One collection to read in full (every page): a collection's `value`, or a list property of one object
    /// (`assignments` of `GET {id}?$expand=assignments`), which pages by `{field}@odata.nextLink`.
    public struct CollectionRead: Sendable {
        /// The path under the beta root, with its query (or an absolute link Graph handed back).
        public var path: String
        /// The kind it belongs to, for errors that name permissions.
        public var kind: Kind?
        /// The property that holds the items: `value` for a collection.
        public var field: String
        /// The most pages read; `nil`: every page. A read that stops there is not complete.
        public var pageLimit: Int?

        /// A read of `path`, on behalf of `kind` when it belongs to one; the items are in `field`.
        public init(_ path: String, kind: Kind? = nil, field: String = "value") {
            self.path = path
            self.kind = kind
            self.field = field
        }
    }

    /// One collection, every page of it.
    public func collection(_ path: String, kind: Kind? = nil) async throws(GraphError) -> [JSONValue] {
        try await collections([CollectionRead(path, kind: kind)])[0]
    }

    /// Many collections at once; any answer but 200 is an error for the whole read — a partial read would plan
    /// deletions.
    public func collections(_ reads: [CollectionRead]) async throws(GraphError) -> [[JSONValue]] {
        var lists: [[JSONValue]] = []
        for result in try await collectionResults(reads) { lists.append(try result.get()) }
        return lists
    }

    /// Many collections at once, each with its own outcome: the first page of each inside `$batch`es of 20, then
    /// every further page by its `@odata.nextLink`. A read whose page is not a 200 (after the session's retries)
    /// fails alone; a link that must not be followed, or a transport failure, throws for all.
    /// This is the one place that follows `@odata.nextLink`.
    func collectionResults(_ reads: [CollectionRead]) async throws(GraphError) -> [Result<
        [JSONValue], GraphError
    >] {
        try await pagedResults(reads).results
    }

    /// `collectionResults`, the reads that stopped at their `pageLimit` with more pages left, and the pages each
    /// read.
    func pagedResults(_ reads: [CollectionRead]) async throws(GraphError) -> (
        results: [Result<[JSONValue], GraphError>], truncated: Set<Int>, pages: [Int]
    ) {
        var truncated = Set<Int>()
        var pagesRead = Array(repeating: 0, count: reads.count)
        var lists: [[JSONValue]] = Array(repeating: [], count: reads.count)
        var failures: [Int: GraphError] = [:]
        var trails = Array(repeating: PageTrail(), count: reads.count)
        var pending = reads.indices.map { (index: $0, path: reads[$0].path, field: reads[$0].field) }
        let root = await session.url("")
        // Round after round: the next page of every collection still open goes out in the same batches. A link
        // outside the beta root (which `$batch` cannot carry) goes on its own, one page a round like the others.
        while !pending.isEmpty {
            var batched: [(request: BatchRequest, field: String)] = []
            var following: [(index: Int, path: String, field: String)] = []
            var alone: [(answer: BatchResponse, url: String, field: String)] = []
            for item in pending {
                if item.path.hasPrefix("/") {
                    batched.append((BatchRequest(id: String(item.index), url: item.path), item.field))
                } else if item.path.hasPrefix(root + "/") {
                    let path = String(item.path.dropFirst(root.count))
                    batched.append((BatchRequest(id: String(item.index), url: path), item.field))
                } else {
                    let response = try await session.send("GET", item.path, kind: reads[item.index].kind)
                    let answer = BatchResponse(
                        id: String(item.index), status: response.status, headers: response.headers,
                        body: try? JSONValue.parse(response.body))
                    alone.append((answer, item.path, item.field))
                }
            }
            let answers = try await session.batch(batched.map(\.request), concurrency: concurrency)
            let pages =
                batched.map { (answers[$0.request.id]!, root + $0.request.url, $0.field) }
                + alone.map { ($0.answer, $0.url, $0.field) }
            for (answer, url, field) in pages {
                let index = Int(answer.id)!
                do throws(GraphError) {
                    let page = try CollectionPage(
                        answer, url: url, kind: reads[index].kind, field: field, grant: session.grant)
                    lists[index] += page.values
                    pagesRead[index] += 1
                    if page.nextLink != nil, let limit = reads[index].pageLimit, pagesRead[index] >= limit {
                        truncated.insert(index)
                    } else if let link = page.nextLink {
                        try trails[index].follow(link, of: reads[index].path, url: { root + $0 })
                        // Later pages of an object's list property are plain collections.
                        following.append((index, link, "value"))
                    }
                } catch {
                    failures[index] = error
                }
            }
            // A bounded read (one with a page limit, which may end short) that no one waits for any more (its task
            // was cancelled) sends no further pages and counts as cut short. A read of the tenant always reads on:
            // a partial read would plan deletions.
            if Task.isCancelled {
                for item in following where reads[item.index].pageLimit != nil { truncated.insert(item.index) }
                following.removeAll { reads[$0.index].pageLimit != nil }
            }
            pending = following
        }
        return (
            lists.indices.map { failures[$0].map { .failure($0) } ?? .success(lists[$0]) }, truncated, pagesRead
        )
    }

    /// The path that lists a kind's configurations as its read profile says: the properties planning needs
    /// (`$select`), the assignments where the list carries them (`$expand`), and the page size (`$top`).
    static func listPath(_ kind: Kind, expand: Bool, top: Int? = nil) -> String {
        var path = "\(kind.collectionPath)?$select=" + kind.listSelect.joined(separator: ",")
        if expand { path += "&$expand=assignments" }
        if let top = top ?? kind.read.pageSize { path += "&$top=\(top)" }
        return path
    }

    /// How one configuration's assignments are read on its own, by its kind's item path.
    public static func itemRead(_ key: ConfigurationKey) -> CollectionRead {
        // A role assignment has no assignments: the object itself is what is read of it (`check` probes that).
        if key.kind.isRoleAccess { return CollectionRead(key.path, kind: key.kind) }
        switch key.kind.read.item {
        case .itemExpand: return CollectionRead(key.path + "?$expand=assignments", kind: key.kind, field: "assignments")
        case .perItem, .listExpand: return CollectionRead(key.path + "/assignments", kind: key.kind)
        }
    }

    /// Percent-encodes a query value (spaces, quotes and all): only letters, digits and `-._~` stay.
    public static func queryEncoded(_ text: String) -> String { TokenEndpoint.formEncoded(text) }
}

/// One page of a collection: its items and the link to the next page, if any.
struct CollectionPage {
    var values: [JSONValue]
    var nextLink: String?

    /// The page an answer carries in `field`; any status but 200 is an error naming `url`, and a body without the
    /// list (an object read with `$expand` that came back without it) is a malformed answer, never an empty list.
    init(
        _ answer: BatchResponse, url: String, kind: Kind?, field: String = "value",
        grant: PermissionGrant = .application
    ) throws(GraphError) {
        guard answer.status == 200 else {
            throw GraphError.response(answer.asResponse, method: "GET", url: url, kind: kind, grant: grant)
        }
        guard let page = CollectionPage(body: answer.body, field: field) else {
            throw GraphError.malformed("an answer without its `\(field)` list", method: "GET", url: url)
        }
        self = page
    }

    /// The page a body holds in `field` (`value` for a collection), with `@odata.nextLink` (or
    /// `{field}@odata.nextLink`); `nil` without that list.
    init?(body: JSONValue?, field: String = "value") {
        guard case .array(let values)? = body?[field] else { return nil }
        self.values = values
        self.nextLink = body?[field == "value" ? "@odata.nextLink" : "\(field)@odata.nextLink"]?.stringValue
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
    public var path: String { kind.itemPath(id) }
}

extension Result {
    /// The error, when this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
