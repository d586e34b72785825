public import IntuneAssignCore

/// What one listing round reads, by name: the configurations of some kinds, the tenant's assignment filters, and
/// the groups that carry each display name asked for.
struct TenantListing: Sendable {
    /// Every configuration of each kind listed (ids checked against the kind's id form).
    var configurations: [Kind: [ListedConfiguration]]
    /// The assignments the list pages carried whole (kinds read by list expand), every page of them followed.
    /// A configuration that is not here is read on its own.
    var assignments: [ConfigurationKey: [JSONValue]]
    /// Every assignment filter of the tenant.
    var filters: [DirectoryObject]
    /// The groups found for each display name asked for, keyed as asked.
    var groups: [String: [DirectoryObject]]
    /// The access each role assignment listed gives (role assignments carry it on the object).
    var roleAccess: [ConfigurationKey: RoleAccess] = [:]
    /// Whether each Apple enrollment profile listed is its token's default.
    var appleDefaults: [ConfigurationKey: Bool] = [:]
}

extension IntuneGraph {
    /// Every configuration of these kinds (id, name, and priority for enrollment configurations) with, for kinds
    /// read by list expand, their assignments; every assignment filter; and the groups with these display names:
    /// all first pages in one set of batches, later pages together.
    ///
    /// A kind whose expanded pages keep failing with 5xx (Graph's list-expand pages sometimes do, field-notes §2)
    /// is listed again without `$expand`, and its configurations are read on their own. Any other failure throws.
    func listing(of kinds: [Kind], groupsNamed names: [String] = []) async throws(GraphError) -> TenantListing {
        // Role assignments and Apple enrollment profiles are listed under their parents (role definitions, Apple
        // tokens): the parents first, with the other lists. Neither has assignments.
        let parented = kinds.filter { $0.graph.parent != nil }
        let flat = kinds.filter { $0.graph.parent == nil }
        let reads =
            flat.map(Self.listRead) + parented.map(Self.parentsRead) + [Self.filtersRead]
            + names.map { CollectionRead(Self.groupLookupPath($0)) }
        var results = try await collectionResults(reads)[...]
        var (configurations, assignments) = try await listed(flat, results.prefix(flat.count))
        results.removeFirst(flat.count)
        let children = try await listedUnderParents(parented, results.prefix(parented.count))
        results.removeFirst(parented.count)
        configurations.merge(children.configurations) { $1 }
        for (kind, items) in children.configurations where !kind.takesAssignments {
            for item in items { assignments[ConfigurationKey(kind: kind, id: item.id)] = [] }
        }
        var listing = TenantListing(configurations: configurations, assignments: assignments, filters: [], groups: [:])
        listing.roleAccess = children.access
        listing.appleDefaults = children.defaults
        listing.filters = try results.removeFirst().get().compactMap(DirectoryObject.init(graph:))
        for name in names {
            listing.groups[name] = try results.removeFirst().get().compactMap(DirectoryObject.init(graph:))
        }
        return listing
    }

    /// The assignments that the list pages of these kinds carry (kinds read by list expand): every page, and every
    /// page of each configuration's assignments. For `apply`, when a plan holds so many configurations of a kind that
    /// listing it costs fewer requests than reading them one by one (`listingPays`).
    func listedAssignments(of kinds: [Kind]) async throws(GraphError) -> [ConfigurationKey: [JSONValue]] {
        try await listed(kinds, collectionResults(kinds.map(Self.listRead))[...]).assignments
    }

    /// From how many configurations of one list-expand kind on, reading the kind's list pages (100 configurations
    /// with their assignments a request) costs fewer requests than reading each configuration on its own, unless the
    /// tenant holds more than 10,000 of the kind.
    public static let listingPays = 100

    /// A kind's listing, with `$expand=assignments` where its profile reads assignments that way.
    static func listRead(_ kind: Kind) -> CollectionRead {
        CollectionRead(listPath(kind, expand: kind.read.assignments == .listExpand), kind: kind)
    }

    /// The configurations of each kind and the assignments their list pages carried, from the kinds' listings.
    /// A kind whose expanded pages kept failing with 5xx (after the session's retries) is listed again without
    /// `$expand`, and its configurations are then read on their own; any other failure throws.
    private func listed(_ kinds: [Kind], _ results: ArraySlice<Result<[JSONValue], GraphError>>)
        async throws(GraphError) -> (
            configurations: [Kind: [ListedConfiguration]], assignments: [ConfigurationKey: [JSONValue]]
        )
    {
        let results = Array(results)
        let retried = kinds.indices.filter {
            kinds[$0].read.assignments == .listExpand && (results[$0].failure?.status ?? 0) >= 500
        }
        let plain = try await collections(
            retried.map { CollectionRead(Self.listPath(kinds[$0], expand: false), kind: kinds[$0]) })
        var configurations: [Kind: [ListedConfiguration]] = [:]
        var assignments: [ConfigurationKey: [JSONValue]] = [:]
        var links: [(key: ConfigurationKey, read: CollectionRead)] = []
        for (position, kind) in kinds.enumerated() {
            let expanded = !retried.contains(position) && kind.read.assignments == .listExpand
            let values =
                if let again = retried.firstIndex(of: position) { plain[again] } else { try results[position].get() }
            var items: [ListedConfiguration] = []
            for value in values {
                guard let item = ListedConfiguration(graph: value, kind: kind) else { continue }
                items.append(item)
                // An object without the property (not an empty list) is read on its own.
                guard expanded, let page = CollectionPage(body: value, field: "assignments") else { continue }
                let key = ConfigurationKey(kind: kind, id: item.id)
                assignments[key] = page.values
                if let link = page.nextLink { links.append((key, CollectionRead(link, kind: kind))) }
            }
            configurations[kind] = items
        }
        // Assignments longer than one expanded page: the rest by their links, all at once.
        for (link, rest) in zip(links, try await collections(links.map(\.read))) {
            assignments[link.key, default: []] += rest
        }
        return (configurations, assignments)
    }

    /// The assignment filters, to read alongside other collections.
    static let filtersRead = CollectionRead("/deviceManagement/assignmentFilters?$select=id,displayName")

    /// Groups by exact display name (Entra compares without regard to case): every match for each name, batched.
    func groups(named names: [String]) async throws(GraphError) -> [String: [DirectoryObject]] {
        let unique = Array(Set(names)).sorted()
        let found = try await collections(unique.map { CollectionRead(Self.groupLookupPath($0)) })
        return Dictionary(uniqueKeysWithValues: zip(unique, found.map { $0.compactMap(DirectoryObject.init(graph:)) }))
    }

    /// `GET /groups` for an exact display name: quotes doubled, the whole filter percent-encoded.
    static func groupLookupPath(_ name: String) -> String {
        let literal = name.replacingOccurrences(of: "'", with: "''")
        return "/groups?$filter=" + queryEncoded("displayName eq '\(literal)'") + "&$select=id,displayName"
    }

    /// The assignments of many configurations as Graph answers them, each read on its own by its kind's item path
    /// (`GET .../{id}/assignments`, or `GET .../{id}?$expand=assignments` where the first is not routed), batched.
    func assignments(of items: [ConfigurationKey]) async throws(GraphError) -> [ConfigurationKey: [JSONValue]] {
        let lists = try await collections(items.map(Self.itemRead))
        return Dictionary(uniqueKeysWithValues: zip(items, lists))
    }

    /// The tenant the session is signed in to: the `tid` claim of the access token, or, when the token is not a
    /// JWT (or there is none), `GET /organization`.
    public func signedInTenant() async throws(GraphError) -> GUID {
        if let tenant = await session.tokenTenant() { return tenant }
        let organizations = try await collection("/organization?$select=id")
        guard organizations.count == 1, let id = organizations[0]["id"]?.stringValue.flatMap(GUID.init) else {
            throw GraphError.malformed(
                "/organization did not name exactly one tenant", method: "GET",
                url: await session.url("/organization"))
        }
        return id
    }

    /// Display names of groups by id: `POST /directoryObjects/getByIds`, 1000 ids a call. Ids that name nothing
    /// are missing from the answer.
    func groupNames(_ ids: [GUID]) async throws(GraphError) -> [GUID: String] {
        var names: [GUID: String] = [:]
        let unique = Array(Set(ids)).sorted()
        for start in stride(from: 0, to: unique.count, by: 1000) {
            let chunk = unique[start..<min(start + 1000, unique.count)]
            let body: JSONValue = ["ids": .array(chunk.map { .string($0.description) }), "types": ["group"]]
            // A POST that reads: it takes no slot under the write limit.
            let response = try await session.send(
                "POST", "/directoryObjects/getByIds", body: body, weight: GraphSession.Weight(writes: 0))
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

    /// The enrollment-time device group of each policy: one batched
    /// `POST .../{id}/retrieveEnrollmentTimeDeviceMembershipTarget` each (an action that only reads, with
    /// `DeviceManagementConfiguration.Read.All`). Any answer but a 200 that holds at most one group is an error:
    /// a group misread would be cleared or replaced.
    func deviceGroups(_ keys: [ConfigurationKey]) async throws(GraphError) -> [ConfigurationKey: DeviceGroup] {
        let requests = keys.enumerated().map {
            BatchRequest(
                id: String($0.offset), method: "POST",
                url: $0.element.path + "/retrieveEnrollmentTimeDeviceMembershipTarget", body: nil, repeatable: true)
        }
        let answers = try await session.batch(requests, concurrency: concurrency)
        var groups: [ConfigurationKey: DeviceGroup] = [:]
        for (request, key) in zip(requests, keys) {
            let answer = answers[request.id]!
            let url = await session.url(request.url)
            guard answer.status == 200 else {
                throw GraphError.response(
                    answer.asResponse, method: "POST", url: url, kind: key.kind, grant: session.grant)
            }
            guard let group = DeviceGroupResult(graph: answer.body)?.deviceGroup else {
                throw GraphError.malformed(
                    "an enrollment-time device group intune-assign does not understand (more than one target, or not "
                        + "a group id): " + Printable.line(answer.body?.canonicalText ?? "", limit: 300),
                    method: "POST", url: url)
            }
            groups[key] = group
        }
        return groups
    }

    /// Which of these Autopilot device identities exist: one batched `GET` each (404: it does not).
    func existingAutopilotDevices(_ ids: [GUID]) async throws(GraphError) -> Set<GUID> {
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
                    kind: Kinds.named("windowsAutopilotDeploymentProfile"), grant: session.grant)
            }
        }
        return found
    }

    /// One probe of a kind's reads: the request that decided it and Graph's answer to it.
    public struct ReadProbe: Sendable {
        /// The kind probed.
        public var kind: Kind
        /// The path of the last request sent for it (the listing, or one configuration's assignments).
        public var path: String
        /// Graph's answer to that request.
        public var answer: BatchResponse
    }

    /// Whether each kind can be read the way plans read it: its listing (with `$expand=assignments` where its
    /// profile lists assignments), one item a kind, batched; then, for kinds whose assignments are read per item,
    /// the assignments of the first configuration listed. For `check`, which names the permission of every kind
    /// that cannot be read, and says which read the service refused.
    public func readProbe(_ kinds: [Kind]) async throws(GraphError) -> [ReadProbe] {
        var probes = kinds.map {
            ReadProbe(
                kind: $0,
                // A kind listed under parents that it lives under is probed by its parents' list.
                path: $0.graph.parent?.nestedItems == true
                    ? Self.parentsRead($0).path + "&$top=1"
                    : Self.listPath($0, expand: $0.read.assignments == .listExpand, top: 1),
                answer: BatchResponse(id: "", status: 0, headers: [:], body: nil))
        }
        let requests = probes.enumerated().map { BatchRequest(id: String($0.offset), url: $0.element.path) }
        let answers = try await session.batch(requests, concurrency: concurrency)
        var items: [(index: Int, read: CollectionRead)] = []
        for index in probes.indices {
            let answer = answers[String(index)]!
            probes[index].answer = answer
            let kind = probes[index].kind
            guard answer.status == 200, kind.read.assignments != .listExpand,
                let first = CollectionPage(body: answer.body)?.values.first,
                let id = ListedConfiguration(graph: first, kind: kind)?.id
            else { continue }
            items.append((index, Self.itemRead(ConfigurationKey(kind: kind, id: id))))
        }
        let itemAnswers = try await session.batch(
            items.map { BatchRequest(id: String($0.index), url: $0.read.path) }, concurrency: concurrency)
        for item in items {
            probes[item.index].path = item.read.path
            probes[item.index].answer = itemAnswers[String(item.index)]!
        }
        return probes
    }
}
