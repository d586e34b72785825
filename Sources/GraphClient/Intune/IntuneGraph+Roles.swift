public import IntuneAssignCore

extension IntuneGraph {
    /// The role definitions, whose role assignments a listing of `kind` reads next.
    static func roleDefinitionsRead(_ kind: Kind) -> CollectionRead {
        CollectionRead("/deviceManagement/roleDefinitions?$select=id,displayName", kind: kind)
    }

    /// The role assignments under every role definition (`GET /deviceManagement/roleDefinitions/{id}/roleAssignments`,
    /// the documented list, all in one set of batches), each with its role definition and the access it gives.
    func listedRoleAssignments(_ kinds: [Kind], _ definitions: ArraySlice<Result<[JSONValue], GraphError>>)
        async throws(GraphError) -> (
            configurations: [Kind: [ListedConfiguration]], access: [ConfigurationKey: RoleAccess]
        )
    {
        var configurations: [Kind: [ListedConfiguration]] = [:]
        var access: [ConfigurationKey: RoleAccess] = [:]
        for (kind, result) in zip(kinds, definitions) {
            let roles = try result.get().compactMap(DirectoryObject.init(graph:))
            let lists = try await collections(
                roles.map { CollectionRead("/deviceManagement/roleDefinitions/\($0.id)/roleAssignments", kind: kind) })
            var items: [ListedConfiguration] = []
            for (role, values) in zip(roles, lists) {
                for value in values {
                    guard var item = ListedConfiguration(graph: value, kind: kind) else { continue }
                    item.parent = role
                    items.append(item)
                    let key = ConfigurationKey(kind: kind, id: item.id)
                    access[key] = try Self.roleAccess(value, key, url: await session.url(key.path))
                }
            }
            configurations[kind] = items
        }
        return (configurations, access)
    }

    /// The access of each role assignment, read again (`GET /deviceManagement/roleAssignments/{id}`), batched.
    func roleAccess(_ keys: [ConfigurationKey]) async throws(GraphError) -> [ConfigurationKey: RoleAccess] {
        let requests = keys.enumerated().map { BatchRequest(id: String($0.offset), url: $0.element.path) }
        let answers = try await session.batch(requests, concurrency: concurrency)
        var access: [ConfigurationKey: RoleAccess] = [:]
        for (request, key) in zip(requests, keys) {
            let answer = answers[request.id]!
            let url = await session.url(request.url)
            guard answer.status == 200, let body = answer.body else {
                throw GraphError.response(
                    answer.asResponse, method: "GET", url: url, kind: key.kind, grant: session.grant)
            }
            access[key] = try Self.roleAccess(body, key, url: url)
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
