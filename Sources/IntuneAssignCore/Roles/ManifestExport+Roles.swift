extension ManifestExport {
    /// A role assignment's access as a manifest entry writes it: its role by name (by id when the listing gave no
    /// name), its groups through the aliases; a group that no longer exists is left out, with a line saying so (a
    /// plan of the export then takes it out of the assignment).
    static func roleAccessSpec(_ access: RoleAccess, role: DirectoryObject?, aliases: Aliases, lines: inout [String])
        -> RoleAccessSpec?
    {
        guard let role else { return nil }
        /// The groups as aliases, noting those that have none.
        func references(_ ids: [GUID], _ what: String) -> [ObjectReference] {
            ids.compactMap { id in
                guard let alias = aliases.groups[id] else {
                    lines.append("Not listed: \(what) group \(id), which no longer exists; plan will take it out.")
                    return nil
                }
                return ObjectReference(.alias(alias))
            }
        }
        let scope: RoleAccessSpec.Scope
        switch access.scope {
        case .groups(let ids): scope = .groups(references(ids, "scope"))
        case let all: scope = .all(all)
        }
        let definition: ConfigurationReference =
            role.displayName.isEmpty || !isShowable(role.displayName)
            ? .id(ConfigurationID(role.id)) : .name(role.displayName)
        return RoleAccessSpec(
            roleDefinition: definition, members: references(access.members, "member"), scope: scope,
            scopeTags: access.scopeTags)
    }
}
