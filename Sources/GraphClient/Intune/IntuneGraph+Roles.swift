import IntuneAssignCore

extension IntuneGraph {
    /// The parents a listing of `kind` reads first (role definitions, Apple tokens): their ids and names.
    static func parentsRead(_ kind: Kind) -> CollectionRead {
        let parent = kind.graph.parent!
        return CollectionRead("\(parent.path)?$select=id,\(parent.nameProperty)", kind: kind)
    }

    /// The configurations listed under every parent (`GET {parent}/{id}/{child}`, the documented lists, all in one
    /// set of batches), each with its parent; a role assignment with the access it gives.
    func listedUnderParents(_ kinds: [Kind], _ parents: ArraySlice<Result<[JSONValue], GraphError>>)
        async throws(GraphError) -> (
            configurations: [Kind: [ListedConfiguration]], access: [ConfigurationKey: RoleAccess],
            defaults: [ConfigurationKey: Bool]
        )
    {
        var configurations: [Kind: [ListedConfiguration]] = [:]
        var access: [ConfigurationKey: RoleAccess] = [:]
        var defaults: [ConfigurationKey: Bool] = [:]
        // Every kind's parents, then every parent's configurations in one set of batches.
        var owners: [[DirectoryObject]] = []
        for (kind, result) in zip(kinds, parents) {
            let parent = kind.graph.parent!
            owners.append(
                try result.get().compactMap { value -> DirectoryObject? in
                    guard let id = value["id"]?.stringValue.flatMap(GUID.init) else { return nil }
                    return DirectoryObject(id: id, displayName: value[parent.nameProperty]?.stringValue ?? "")
                })
        }
        var all = try await collections(
            zip(kinds, owners).flatMap { kind, owners in
                owners.map {
                    CollectionRead("\(kind.graph.parent!.path)/\($0.id)/\(kind.graph.parent!.child)", kind: kind)
                }
            })[...]
        for (kind, owners) in zip(kinds, owners) {
            let parent = kind.graph.parent!
            let lists = Array(all.prefix(owners.count))
            all.removeFirst(owners.count)
            var items: [ListedConfiguration] = []
            for (owner, values) in zip(owners, lists) {
                for var value in values {
                    // A configuration that lives under its parent is named by both ids.
                    if parent.nestedItems, case .object(var pairs) = value,
                        let index = pairs.firstIndex(where: { $0.key == "id" }),
                        let own = pairs[index].value.stringValue
                    {
                        pairs[index].value = .string("\(owner.id)/\(own)")
                        value = .object(pairs)
                    }
                    guard var item = ListedConfiguration(graph: value, kind: kind) else { continue }
                    item.parent = owner
                    items.append(item)
                    let key = ConfigurationKey(kind: kind, id: item.id)
                    if kind.isRoleAccess {
                        access[key] = try Self.roleAccess(value, key, url: await session.url(key.path))
                    }
                    // An Apple enrollment profile's listing says whether it is its token's default.
                    if kind.write.style == .serialNumbers { defaults[key] = value["isDefault"] == .bool(true) }
                }
            }
            configurations[kind] = items
        }
        return (configurations, access, defaults)
    }

    /// Each configuration itself (`GET {item path}`), batched: role assignments and Apple enrollment profiles carry
    /// what is read of them on the object. Any answer but a 200 with a body is an error for the whole read.
    func objects(_ keys: [ConfigurationKey]) async throws(GraphError) -> [(key: ConfigurationKey, object: JSONValue)] {
        let requests = keys.enumerated().map { BatchRequest(id: String($0.offset), url: $0.element.path) }
        let answers = try await session.batch(requests, concurrency: concurrency)
        var objects: [(key: ConfigurationKey, object: JSONValue)] = []
        for (request, key) in zip(requests, keys) {
            let answer = answers[request.id]!
            guard answer.status == 200, let body = answer.body else {
                throw GraphError.response(
                    answer.asResponse, method: "GET", url: await session.url(request.url), kind: key.kind,
                    grant: session.grant)
            }
            objects.append((key, body))
        }
        return objects
    }

    /// The access of each role assignment, read again (`GET /deviceManagement/roleAssignments/{id}`).
    func roleAccess(_ keys: [ConfigurationKey]) async throws(GraphError) -> [ConfigurationKey: RoleAccess] {
        var access: [ConfigurationKey: RoleAccess] = [:]
        for (key, object) in try await objects(keys) {
            access[key] = try Self.roleAccess(object, key, url: await session.url(key.path))
        }
        return access
    }

    /// The access a role assignment's object gives; an object intune-assign cannot read is an error, never an empty
    /// access (which a plan would then fill in, dropping what the tenant gives).
    static func roleAccess(_ object: JSONValue, _ key: ConfigurationKey, url: String) throws(GraphError) -> RoleAccess {
        guard let access = RoleAccess(graph: object) else {
            throw GraphError.malformed(
                "role assignment \(key.id) holds members, scope groups or a scope type intune-assign does not "
                    + "understand (scopeType \(Printable.line(object["scopeType"]?.stringValue ?? "?", limit: 40)))",
                method: "GET", url: url)
        }
        return access
    }
}
