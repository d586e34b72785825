public import IntuneAssignCore

/// What one listing round reads, by name: the configurations of some kinds, the tenant's assignment filters, and
/// the groups that carry each display name asked for.
public struct TenantListing: Sendable {
    /// Every configuration of each kind listed (ids checked against the kind's id form).
    public var configurations: [Kind: [ListedConfiguration]]
    /// Every assignment filter of the tenant.
    public var filters: [DirectoryObject]
    /// The groups found for each display name asked for, keyed as asked.
    public var groups: [String: [DirectoryObject]]
}

extension IntuneGraph {
    /// Every configuration of these kinds (id, display name, and priority for enrollment configurations), every
    /// assignment filter, and the groups with these display names: all first pages in one set of batches.
    public func listing(of kinds: [Kind], groupsNamed names: [String] = []) async throws(GraphError) -> TenantListing {
        let reads =
            kinds.map { CollectionRead(Self.listPath($0), kind: $0) } + [Self.filtersRead]
            + names.map { CollectionRead(Self.groupLookupPath($0)) }
        var answers = try await collections(reads)[...]
        var listing = TenantListing(configurations: [:], filters: [], groups: [:])
        for kind in kinds {
            listing.configurations[kind] = answers.removeFirst().compactMap {
                ListedConfiguration(graph: $0, kind: kind)
            }
        }
        listing.filters = answers.removeFirst().compactMap(DirectoryObject.init(graph:))
        for name in names { listing.groups[name] = answers.removeFirst().compactMap(DirectoryObject.init(graph:)) }
        return listing
    }

    /// The assignment filters, to read alongside other collections.
    static let filtersRead = CollectionRead("/deviceManagement/assignmentFilters?$select=id,displayName")

    /// Groups by exact display name (Entra compares without regard to case): every match for each name, batched.
    public func groups(named names: [String]) async throws(GraphError) -> [String: [DirectoryObject]] {
        let unique = Array(Set(names)).sorted()
        let found = try await collections(unique.map { CollectionRead(Self.groupLookupPath($0)) })
        return Dictionary(uniqueKeysWithValues: zip(unique, found.map { $0.compactMap(DirectoryObject.init(graph:)) }))
    }

    /// `GET /groups` for an exact display name: quotes doubled, the whole filter percent-encoded.
    static func groupLookupPath(_ name: String) -> String {
        let literal = name.replacingOccurrences(of: "'", with: "''")
        return "/groups?$filter=" + queryEncoded("displayName eq '\(literal)'") + "&$select=id,displayName"
    }

    /// The assignments of many configurations as Graph answers them: `GET .../{id}/assignments`, batched (never
    /// `$expand=assignments`, which returns nothing for settings catalog policies).
    public func assignments(of items: [ConfigurationKey]) async throws(GraphError) -> [ConfigurationKey: [JSONValue]] {
        let lists = try await collections(items.map { CollectionRead($0.path + "/assignments", kind: $0.kind) })
        return Dictionary(uniqueKeysWithValues: zip(items, lists))
    }

    /// The tenant the session is signed in to: the `tid` claim of the access token, or, when the token is not a
    /// JWT (or there is none), `GET /organization`.
    public func signedInTenant() async throws(GraphError) -> GUID {
        if let tenant = await session.tokenTenant() { return tenant }
        let organizations = try await session.list("/organization?$select=id")
        guard organizations.count == 1, let id = organizations[0]["id"]?.stringValue.flatMap(GUID.init) else {
            throw GraphError.malformed(
                "/organization did not name exactly one tenant", method: "GET",
                url: await session.url("/organization"))
        }
        return id
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
            guard case .array(let values)? = (try? JSONValue.parse(response.body))?["value"] else {
                throw GraphError.malformed(
                    "getByIds without `value`", method: "POST", url: await session.url("/directoryObjects/getByIds"))
            }
            for value in values {
                if let id = value["id"]?.stringValue.flatMap(GUID.init), let name = value["displayName"]?.stringValue {
                    names[id] = name
                }
            }
        }
        return names
    }

    /// Which of these Autopilot device identities exist: one batched `GET` each (404: it does not).
    public func existingAutopilotDevices(_ ids: [GUID]) async throws(GraphError) -> Set<GUID> {
        let unique = Array(Set(ids)).sorted()
        let path = "/deviceManagement/windowsAutopilotDeviceIdentities/"
        let requests = unique.enumerated().map {
            BatchRequest(id: String($0.offset), url: path + $0.element.description + "?$select=id")
        }
        let answers = try await session.batch(requests, concurrency: concurrency)
        var found = Set<GUID>()
        for (index, id) in unique.enumerated() {
            let answer = answers[String(index)]!
            switch answer.status {
            case 200: found.insert(id)
            case 404: continue
            default:
                throw GraphError.response(
                    answer.asResponse, method: "GET", url: await session.url(path + id.description),
                    kind: Kinds.named("windowsAutopilotDeploymentProfile"))
            }
        }
        return found
    }

    /// Whether each kind's configurations can be read: one `GET` of one item per kind, batched. For `check`,
    /// which names the permission of every kind that cannot be read.
    public func readProbe(_ kinds: [Kind]) async throws(GraphError) -> [(kind: Kind, answer: BatchResponse)] {
        let requests = kinds.enumerated().map {
            BatchRequest(id: String($0.offset), url: "\($0.element.collectionPath)?$top=1&$select=id")
        }
        let answers = try await session.batch(requests, concurrency: concurrency)
        return kinds.enumerated().map { ($0.element, answers[String($0.offset)]!) }
    }
}
