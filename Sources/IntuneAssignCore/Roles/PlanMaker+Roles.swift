extension PlanMaker {
    /// The access a role assignment's entry wants, resolved, with its role's name; `nil` for other entries, and when
    /// its role definition is not the one the assignment is listed under or a group does not resolve or exist (each
    /// an error here, at its place).
    static func wantedRoleAccess(
        _ configuration: ResolvedConfiguration, _ state: DesiredState, _ resolution: Resolution,
        groupNames: [GUID: String], reported: inout Set<GUID>, into diagnostics: inout Diagnostics
    ) -> (role: String, access: RoleAccess)? {
        guard let spec = configuration.spec.roleAccess else { return nil }
        let role = configuration.parent
        let matches: Bool
        switch spec.roleDefinition {
        case .id(let id): matches = role.map { ConfigurationID($0.id) == id } ?? false
        case .name(let name): matches = role?.displayName == name
        }
        guard let role, matches else {
            let under = role.map { "role \(Printable.quoted($0.displayName)) (\($0.id))" } ?? "no role definition"
            diagnostics.error(
                "this role assignment is under \(under), not the `roleDefinition` written here; a role assignment "
                    + "cannot move to another role: fix `roleDefinition`, or create the assignment under that role",
                at: spec.roleDefinitionMark.location)
            return nil
        }
        var failed = false
        /// The id of one group reference, which must exist.
        func resolved(_ reference: ObjectReference) -> GUID? {
            guard let id = groupID(reference, state, resolution) else {
                failed = true
                return nil
            }
            guard groupNames[id] != nil else {
                if reported.insert(id).inserted {
                    diagnostics.error(
                        "no group has the id \(id) in the tenant; check the id",
                        at: nameLocation(reference, state: state, filter: false))
                }
                failed = true
                return nil
            }
            return id
        }
        let members = spec.members.compactMap(resolved)
        let scope: RoleAccess.Scope
        switch spec.scope {
        case .groups(let references): scope = .groups(references.compactMap(resolved))
        case .all(let all): scope = all
        }
        guard !failed else { return nil }
        return (role.displayName, RoleAccess(members: members, scope: scope, scopeTags: spec.scopeTags))
    }
}
