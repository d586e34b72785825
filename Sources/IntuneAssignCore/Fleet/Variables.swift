/// `${name}` inside the names of a tenant's manifests (issue 28, item 2): display names of groups and filters (in
/// aliases and in targets) and configuration names (also where a `skip:` names one). Only names: ids, keys and structure never take a variable, so a
/// fleet cannot make one tenant's manifests differ in shape from another's.
public struct Variables: Sendable {
    /// The tenant whose values these are (for messages).
    public let tenant: String
    /// The values by name.
    public let values: [String: String]

    /// A tenant's variables.
    public init(tenant: String, values: [FleetTenant.Variable]) {
        self.tenant = tenant
        self.values = Dictionary(values.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The manifest with every variable in its names replaced by the tenant's value; a variable the tenant does not
    /// define is an error at the name that uses it, and the name is left as written.
    public func substitute(_ manifest: Manifest) -> (manifest: Manifest, diagnostics: [Diagnostic]) {
        var diagnostics = Diagnostics()
        var result = manifest
        for index in result.groups.indices {
            substitute(&result.groups[index].meaning, at: result.groups[index].mark, into: &diagnostics)
        }
        for index in result.filters.indices {
            substitute(&result.filters[index].meaning, at: result.filters[index].mark, into: &diagnostics)
        }
        for index in result.assignmentSets.indices {
            for entry in result.assignmentSets[index].assignments.indices {
                substitute(&result.assignmentSets[index].assignments[entry], into: &diagnostics)
            }
        }
        for index in result.configurations.indices {
            if case .name(let name) = result.configurations[index].reference {
                let mark = result.configurations[index].referenceMark
                result.configurations[index].reference = .name(replaced(name, at: mark, into: &diagnostics))
            }
            for entry in result.configurations[index].assignments.indices {
                substitute(&result.configurations[index].assignments[entry], into: &diagnostics)
            }
            if case .group(var reference)? = result.configurations[index].deviceGroup {
                substitute(&reference.form, at: reference.mark, into: &diagnostics)
                result.configurations[index].deviceGroup = .group(reference)
            }
            if var access = result.configurations[index].roleAccess {
                substitute(&access, into: &diagnostics)
                result.configurations[index].roleAccess = access
            }
        }
        for index in result.skips.indices {
            if case .name(let name) = result.skips[index].reference {
                result.skips[index].reference = .name(replaced(name, at: result.skips[index].mark, into: &diagnostics))
            }
        }
        return (result, diagnostics.all)
    }

    /// The names in a role assignment: its role's, its members' and its scope groups'.
    private func substitute(_ access: inout RoleAccessSpec, into diagnostics: inout Diagnostics) {
        if case .name(let name) = access.roleDefinition {
            access.roleDefinition = .name(replaced(name, at: access.roleDefinitionMark, into: &diagnostics))
        }
        for index in access.members.indices {
            substitute(&access.members[index].form, at: access.members[index].mark, into: &diagnostics)
        }
        if case .groups(var references) = access.scope {
            for index in references.indices {
                substitute(&references[index].form, at: references[index].mark, into: &diagnostics)
            }
            access.scope = .groups(references)
        }
    }

    /// The names in one assignment: its group's and its filter's.
    private func substitute(_ assignment: inout AssignmentSpec, into diagnostics: inout Diagnostics) {
        switch assignment.target {
        case .group(var reference):
            substitute(&reference.form, at: reference.mark, into: &diagnostics)
            assignment.target = .group(reference)
        case .exclusionGroup(var reference):
            substitute(&reference.form, at: reference.mark, into: &diagnostics)
            assignment.target = .exclusionGroup(reference)
        case .allUsers, .allDevices, .collection:
            break
        }
        if var filter = assignment.filter {
            substitute(&filter.filter.form, at: filter.filter.mark, into: &diagnostics)
            assignment.filter = filter
        }
    }

    /// A display name's variables; ids and aliases have none.
    private func substitute(
        _ form: inout ObjectReference.Form, at mark: SourceMark, into diagnostics: inout Diagnostics
    ) {
        if case .name(let name) = form { form = .name(replaced(name, at: mark, into: &diagnostics)) }
    }

    /// `text` with each `${name}` replaced; an undefined one is reported and kept as written.
    func replaced(_ text: String, at mark: SourceMark, into diagnostics: inout Diagnostics) -> String {
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            guard characters[index] == "$", index + 1 < characters.count, characters[index + 1] == "{" else {
                result.append(characters[index])
                index += 1
                continue
            }
            guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                diagnostics.error(
                    "'${' opens a variable that no '}' closes in '\(Printable.abbreviated(text))'; write ${name}",
                    at: mark.location)
                return text
            }
            let name = String(characters[(index + 2)..<close])
            if let value = values[name] {
                result += value
            } else {
                let defined = values.keys.sorted()
                diagnostics.error(
                    "tenant '\(tenant)' defines no variable '\(name)'; add it under the tenant's `variables:` in the "
                        + "fleet file" + (defined.isEmpty ? "" : " (it defines: \(defined.joined(separator: ", ")))"),
                    at: mark.location)
                result += String(characters[index...close])
            }
            index = close + 1
        }
        return result
    }
}
