import IntuneAssignCore

/// A `roleAssignment` entry's own keys: `roleDefinition`, `members`, `scope` and `scopeTags` (in place of
/// `assignments:`).
extension ManifestDecoder {
    /// The keys only a role assignment takes.
    static let roleKeys = ["roleDefinition", "members", "scope", "scopeTags"]

    /// A role assignment's access as written; `nil` (reported) when a required key is missing or wrong.
    mutating func roleAccess(_ value: (String) -> (key: String, keyNode: Node, value: Node)?, in node: Node)
        -> RoleAccessSpec?
    {
        if let pair = value("assignments") {
            error(
                "a roleAssignment has no `assignments`: write who holds the role in `members:`, whom they manage in "
                    + "`scope:`, and, if you manage them, its `scopeTags:`", pair.keyNode)
        }
        var definition: (ConfigurationReference, Node)?
        if let pair = value("roleDefinition") {
            if let id = document.withBytes(pair.value, { GUID(utf8: $0) }) {
                definition = (.id(ConfigurationID(id)), pair.value)
            } else if let name = string(pair.value, "`roleDefinition`") {
                definition = (.name(name), pair.value)
            }
        } else {
            error(
                "missing `roleDefinition` in this roleAssignment; name the role it is under, by id or display name "
                    + "(e.g. `roleDefinition: Help Desk Operator`)", node)
        }
        var members: [ObjectReference]?
        if let pair = value("members") {
            members = groupList(pair.value, "`members`")
        } else {
            error("missing `members` in this roleAssignment; list the groups whose members hold the role", node)
        }
        var scope: RoleAccessSpec.Scope?
        if let pair = value("scope") {
            scope = roleScope(pair.value)
        } else {
            error(
                "missing `scope` in this roleAssignment; list the groups whose users and devices the role may "
                    + "manage, or write allUsers, allDevices or allUsersAndDevices", node)
        }
        var tags: [String]?
        if let pair = value("scopeTags") { tags = scopeTags(pair.value) }
        guard let (reference, at) = definition, let members, let scope else { return nil }
        return RoleAccessSpec(
            roleDefinition: reference, at: document.location(at), members: members, scope: scope, scopeTags: tags)
    }

    /// A list of groups, each an alias, an object id or `{ name: ... }`.
    mutating func groupList(_ node: Node, _ what: String) -> [ObjectReference]? {
        guard let items = sequence(node, what) else { return nil }
        let references = items.compactMap { reference($0, "a group in \(what)", aliasSection: "groups") }
        return references.count == items.count ? references : nil
    }

    /// `scope:`: `allUsers`, `allDevices`, `allUsersAndDevices`, or a list of groups.
    mutating func roleScope(_ node: Node) -> RoleAccessSpec.Scope? {
        if document.kind(node) == .scalar {
            switch document.string(node) {
            case "allUsers": return .all(.allUsers)
            case "allDevices": return .all(.allDevices)
            case "allUsersAndDevices": return .all(.allUsersAndDevices)
            default:
                error(
                    "`scope` is a list of groups, or one of allUsers, allDevices, allUsersAndDevices; not "
                        + "'\(Self.abbreviate(document.string(node)))'", node)
                return nil
            }
        }
        return groupList(node, "`scope`").map(RoleAccessSpec.Scope.groups)
    }

    /// `scopeTags:`: role scope tag ids (`0` is Default), as numbers or text.
    mutating func scopeTags(_ node: Node) -> [String]? {
        guard let items = sequence(node, "`scopeTags`") else { return nil }
        var tags: [String] = []
        for item in items {
            switch scalar(item) {
            case .int(let number)? where number >= 0: tags.append(String(number))
            case .string(let text)? where !text.isEmpty && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber):
                tags.append(text)
            default:
                error("a scope tag is its id, a number such as 0 (Default) or 3", item)
                return nil
            }
        }
        return tags
    }
}
