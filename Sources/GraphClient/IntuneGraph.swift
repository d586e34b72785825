public import IntuneAssignCore

/// The Intune reads and writes that planning and applying need, for every kind, driven by the kinds registry:
/// paths, body keys and permissions all come from `Kind`.
public struct IntuneGraph: Sendable {
    public let session: GraphSession
    /// How many `$batch` requests may be in flight at once.
    public let concurrency: Int

    public init(session: GraphSession, concurrency: Int = 4) {
        self.session = session
        self.concurrency = max(1, concurrency)
    }

    /// A configuration of some kind, by id (the core's key, so that reads and plans share it).
    public typealias Item = ConfigurationKey

    /// One collection to read in full (every page).
    public struct CollectionRead: Sendable {
        public var path: String
        /// The kind it belongs to, for errors that name permissions.
        public var kind: Kind?

        public init(_ path: String, kind: Kind? = nil) {
            self.path = path
            self.kind = kind
        }
    }

    /// Many collections at once: the first page of each inside `$batch`es of 20, then every further page by its
    /// `@odata.nextLink`. Any answer but 200 is an error for the whole read — a partial read would plan deletions.
    public func collections(_ reads: [CollectionRead]) async throws(GraphError) -> [[JSONValue]] {
        let requests = reads.enumerated().map { BatchRequest(id: String($0.offset), url: $0.element.path) }
        let answers = try await session.batch(requests, concurrency: concurrency)
        var result: [[JSONValue]] = Array(repeating: [], count: reads.count)
        var next: [(index: Int, link: String)] = []
        for (index, read) in reads.enumerated() {
            let answer = answers[String(index)]!
            guard answer.status == 200, case let .array(values)? = answer.body?["value"] else {
                throw GraphError.response(answer.asResponse, method: "GET", url: await session.url(read.path), kind: read.kind)
            }
            result[index] = values
            if let link = answer.body?["@odata.nextLink"]?.stringValue { next.append((index, link)) }
        }
        // Further pages: the next page of every collection still open goes out in the same batches, round after
        // round; a link outside the beta root (which `$batch` cannot carry) is followed on its own.
        let root = await session.url("")
        while !next.isEmpty {
            var batched: [BatchRequest] = []
            var following: [(index: Int, link: String)] = []
            for item in next {
                if item.link.hasPrefix(root + "/") {
                    batched.append(BatchRequest(id: String(item.index), url: String(item.link.dropFirst(root.count))))
                } else {
                    result[item.index] += try await session.list(item.link, kind: reads[item.index].kind)
                }
            }
            let pages = try await session.batch(batched, concurrency: concurrency)
            for request in batched {
                let index = Int(request.id)!, answer = pages[request.id]!
                guard answer.status == 200, case let .array(values)? = answer.body?["value"] else {
                    throw GraphError.response(answer.asResponse, method: "GET", url: root + request.url, kind: reads[index].kind)
                }
                result[index] += values
                if let link = answer.body?["@odata.nextLink"]?.stringValue { following.append((index, link)) }
            }
            next = following
        }
        return result
    }

    /// The assignments of many configurations: `GET .../{id}/assignments`, batched (never `$expand=assignments`,
    /// which returns nothing for settings catalog policies).
    public func assignments(of items: [Item]) async throws(GraphError) -> [Item: [JSONValue]] {
        let lists = try await collections(items.map { CollectionRead($0.path + "/assignments", kind: $0.kind) })
        return Dictionary(uniqueKeysWithValues: zip(items, lists))
    }

    /// What planning and applying observe of configurations: each one's assignments and, where asked, the Autopilot
    /// devices that carry it, with the fingerprint of both — read in batches.
    public func observe(_ items: [(key: ConfigurationKey, devices: Bool)]) async throws(GraphError) -> [ObservedConfiguration] {
        var reads: [CollectionRead] = []
        for item in items {
            reads.append(CollectionRead(item.key.path + "/assignments", kind: item.key.kind))
            if item.devices { reads.append(CollectionRead(item.key.path + "/assignedDevices", kind: item.key.kind)) }
        }
        var lists = try await collections(reads)[...]
        return items.map { item in
            let assignments = lists.removeFirst()
            let devices = item.devices ? lists.removeFirst().compactMap { $0["id"]?.stringValue.flatMap(GUID.init) } : nil
            return ObservedConfiguration(assignments: assignments, devices: devices,
                                         fingerprint: PlanReader.fingerprint(assignments: assignments, devices: devices))
        }
    }

    /// The path that lists a kind's configurations with the fields planning needs.
    static func listPath(_ kind: Kind) -> String {
        "\(kind.collectionPath)?$select=" + (kind.defaultConfigurationsUnassignable ? "id,displayName,priority" : "id,displayName")
    }

    /// The tenant the session is signed in to: the `tid` claim of the access token, or, when the token is not a
    /// JWT (or there is none), `GET /organization`.
    public func signedInTenant() async throws(GraphError) -> GUID {
        if let tenant = await session.tokenTenant() { return tenant }
        let organizations = try await session.list("/organization?$select=id")
        guard organizations.count == 1, let id = organizations[0]["id"]?.stringValue.flatMap(GUID.init) else {
            throw GraphError.malformed("/organization did not name exactly one tenant", method: "GET",
                                       url: await session.url("/organization"))
        }
        return id
    }

    /// Every configuration of these kinds (id, display name, and priority for enrollment configurations), and
    /// further collections read in the same batches (their items as Graph answers them).
    public func configurations(
        of kinds: [Kind], alongside extra: [CollectionRead] = []
    ) async throws(GraphError) -> (listings: [Kind: [ListedConfiguration]], extra: [[JSONValue]]) {
        let answers = try await collections(kinds.map { CollectionRead(Self.listPath($0), kind: $0) } + extra)
        var listings: [Kind: [ListedConfiguration]] = [:]
        for (index, kind) in kinds.enumerated() {
            listings[kind] = answers[index].compactMap { value in
                guard let id = value["id"]?.stringValue else { return nil }
                var priority: Int?
                if case let .int(number)? = value["priority"] { priority = number }
                return ListedConfiguration(id: id, displayName: value["displayName"]?.stringValue ?? "", priority: priority)
            }
        }
        return (listings, Array(answers.dropFirst(kinds.count)))
    }

    /// The assignment filters, to read alongside other collections.
    public static let filtersRead = CollectionRead("/deviceManagement/assignmentFilters?$select=id,displayName")

    /// Groups by exact display name (Entra compares without regard to case): every match for each name, batched.
    public func groups(named names: [String]) async throws(GraphError) -> [String: [JSONValue]] {
        let unique = Array(Set(names)).sorted()
        let requests = unique.enumerated().map { BatchRequest(id: String($0.offset), url: Self.groupLookupPath($0.element)) }
        let answers = try await session.batch(requests, concurrency: concurrency)
        var result: [String: [JSONValue]] = [:]
        for (index, name) in unique.enumerated() {
            let answer = answers[String(index)]!
            guard answer.status == 200, case let .array(values)? = answer.body?["value"] else {
                throw GraphError.response(answer.asResponse, method: "GET", url: await session.url("/groups"))
            }
            var all = values
            if let next = answer.body?["@odata.nextLink"]?.stringValue { all += try await session.list(next) }
            result[name] = all
        }
        return result
    }

    /// `GET /groups` for an exact display name: quotes doubled, the whole filter percent-encoded.
    static func groupLookupPath(_ name: String) -> String {
        let literal = name.replacingOccurrences(of: "'", with: "''")
        return "/groups?$filter=" + queryEncoded("displayName eq '\(literal)'") + "&$select=id,displayName"
    }

    /// Display names of groups by id: `POST /directoryObjects/getByIds`, 1000 ids a call. Ids that name nothing
    /// are missing from the answer.
    public func groupNames(_ ids: [GUID]) async throws(GraphError) -> [GUID: String] {
        var names: [GUID: String] = [:]
        let unique = Array(Set(ids)).sorted()
        for start in stride(from: 0, to: unique.count, by: 1000) {
            let chunk = unique[start..<min(start + 1000, unique.count)]
            let body: JSONValue = ["ids": .array(chunk.map { .string($0.description) }), "types": ["group"]]
            let response = try await session.send("POST", "/directoryObjects/getByIds", body: body)
            guard case let .array(values)? = (try? JSONValue.parse(response.body))?["value"] else {
                throw GraphError.malformed("getByIds without `value`", method: "POST", url: await session.url("/directoryObjects/getByIds"))
            }
            for value in values {
                if let id = value["id"]?.stringValue.flatMap(GUID.init), let name = value["displayName"]?.stringValue {
                    names[id] = name
                }
            }
        }
        return names
    }

    /// Every assignment filter (one list call per run).
    public func filters() async throws(GraphError) -> [JSONValue] {
        try await session.list("/deviceManagement/assignmentFilters?$select=id,displayName,platform")
    }

    /// `POST .../{id}/assign` with the kind's own body key: replaces the configuration's direct assignments.
    public func assign(_ item: Item, _ assignments: [JSONValue]) async throws(GraphError) -> HTTPResponse {
        try await session.send("POST", item.path + "/assign", body: .object([(item.kind.assignBodyKey, .array(assignments))]),
                               kind: item.kind)
    }

    /// `POST .../{id}/assignments`: one assignment more. Not repeated after a dropped connection (it could add twice).
    public func create(_ item: Item, _ assignment: JSONValue) async throws(GraphError) -> JSONValue {
        let response = try await session.send("POST", item.path + "/assignments", body: assignment, kind: item.kind,
                                              repeatable: false)
        return (try? JSONValue.parse(response.body)) ?? .null
    }

    /// `DELETE .../{id}/assignments/{assignmentId}`.
    public func delete(_ item: Item, assignment: String) async throws(GraphError) {
        _ = try await session.send("DELETE", item.path + "/assignments/" + Self.queryEncoded(assignment), kind: item.kind)
    }

    /// The Autopilot device identities that carry a deployment profile.
    public func assignedDevices(_ profile: Item) async throws(GraphError) -> [JSONValue] {
        try await session.list(profile.path + "/assignedDevices", kind: profile.kind)
    }

    /// Which of these Autopilot device identities exist: one batched `GET` each (404: it does not).
    public func existingAutopilotDevices(_ ids: [GUID]) async throws(GraphError) -> Set<GUID> {
        let unique = Array(Set(ids)).sorted()
        let path = "/deviceManagement/windowsAutopilotDeviceIdentities/"
        let requests = unique.enumerated().map { BatchRequest(id: String($0.offset), url: path + $0.element.description + "?$select=id") }
        let answers = try await session.batch(requests, concurrency: concurrency)
        var found = Set<GUID>()
        for (index, id) in unique.enumerated() {
            let answer = answers[String(index)]!
            switch answer.status {
            case 200: found.insert(id)
            case 404: continue
            default:
                throw GraphError.response(answer.asResponse, method: "GET", url: await session.url(path + id.description),
                                          kind: Kinds.named("windowsAutopilotDeploymentProfile"))
            }
        }
        return found
    }

    /// Gives a deployment profile to devices: its `assign` action with `deviceIds` (only the missing ones).
    public func assignDevices(_ profile: Item, _ devices: [GUID]) async throws(GraphError) {
        let body: JSONValue = [profile.kind.assignBodyKey: .array(devices.map { .string($0.description) })]
        _ = try await session.send("POST", profile.path + "/assign", body: body, kind: profile.kind)
    }

    /// Percent-encodes a query value (spaces, quotes and all): only letters, digits and `-._~` stay.
    static func queryEncoded(_ text: String) -> String { ClientCredential.formEncoded(text) }
}

extension BatchResponse {
    /// The inner answer as an HTTP response, for `GraphError.response`.
    var asResponse: HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body.map { Array($0.serialized().utf8) } ?? [])
    }
}

extension ConfigurationKey {
    /// The configuration's path under the beta root.
    var path: String { "\(kind.collectionPath)/\(id)" }
}
