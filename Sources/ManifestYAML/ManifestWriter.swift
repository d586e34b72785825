public import IntuneAssignCore

/// Writes a `Manifest` back as YAML that decodes to the same manifest (through libyaml's emitter).
public enum ManifestWriter {
    /// The manifest as YAML, optionally preceded by the yaml-language-server schema comment.
    public static func yaml(_ manifest: Manifest, schemaPath: String? = nil) -> String {
        let header = schemaPath.map { "# yaml-language-server: $schema=\($0)\n" } ?? ""
        return header + YAMLWriter.text(document(manifest))
    }

    /// The manifest as a value to write: its top-level mapping, in the order people read it.
    public static func document(_ manifest: Manifest) -> YAMLValue {
        var top: [(key: String, value: YAMLValue)] = [("version", .literal(String(manifest.version)))]
        if let tenant = manifest.tenant { top.append(("tenant", .string(tenant.description))) }
        if !manifest.groups.isEmpty { top.append(("groups", aliases(manifest.groups))) }
        if !manifest.filters.isEmpty { top.append(("filters", aliases(manifest.filters))) }
        if !manifest.assignmentSets.isEmpty {
            let sets = manifest.assignmentSets.map {
                (key: $0.name, value: YAMLValue.sequence($0.assignments.map(assignment), flow: false))
            }
            top.append(("assignmentSets", .mapping(sets, flow: false)))
        }
        if !manifest.configurations.isEmpty {
            top.append(("configurations", .sequence(manifest.configurations.map(configuration), flow: false)))
        }
        return .mapping(top, flow: false)
    }

    /// An aliases section.
    static func aliases(_ definitions: [AliasDefinition]) -> YAMLValue {
        .mapping(definitions.map { ($0.name, form($0.meaning)) }, flow: false)
    }

    /// An alias's meaning: an id, or `{ name: ... }`.
    static func form(_ form: ObjectReference.Form) -> YAMLValue {
        switch form {
        case .id(let id): .string(id.description)
        case .name(let name): .mapping([("name", .string(name))], flow: true)
        case .alias(let alias): .string(alias)
        }
    }

    /// A configuration entry.
    static func configuration(_ configuration: ConfigurationSpec) -> YAMLValue {
        var pairs: [(key: String, value: YAMLValue)] = [("kind", .string(configuration.kind.name))]
        switch configuration.reference {
        case .id(let id): pairs.append(("id", .string(id.description)))
        case .name(let name): pairs.append(("name", .string(name)))
        }
        if configuration.mode != .authoritative { pairs.append(("mode", .string(configuration.mode.rawValue))) }
        if let access = configuration.roleAccess { return .mapping(pairs + roleAccess(access), flow: false) }
        // Each `- use:` at its place among the assignments written directly.
        var entries: [YAMLValue] = []
        var uses = configuration.uses[...]
        for (index, written) in configuration.assignments.enumerated() {
            while let use = uses.first, use.position <= index {
                entries.append(.mapping([("use", .string(use.name))], flow: false))
                uses = uses.dropFirst()
            }
            entries.append(assignment(written))
        }
        entries += uses.map { .mapping([("use", .string($0.name))], flow: false) }
        if configuration.kind.takesAssignments { pairs.append(("assignments", .sequence(entries, flow: false))) }
        if let devices = configuration.devices {
            pairs.append(("devices", .sequence(devices.map { .string($0.description) }, flow: false)))
        }
        if configuration.makeDefault { pairs.append(("default", .literal("true"))) }
        switch configuration.deviceGroup {
        case .group(let reference)?: pairs.append(("deviceGroup", form(reference.form)))
        case .none?: pairs.append(("deviceGroup", .string("none")))
        case nil: break
        }
        return .mapping(pairs, flow: false)
    }

    /// A role assignment's keys: its role, members, scope and scope tags.
    static func roleAccess(_ access: RoleAccessSpec) -> [(key: String, value: YAMLValue)] {
        var pairs: [(key: String, value: YAMLValue)] = []
        switch access.roleDefinition {
        case .id(let id): pairs.append(("roleDefinition", .string(id.description)))
        case .name(let name): pairs.append(("roleDefinition", .string(name)))
        }
        pairs.append(("members", .sequence(access.members.map { form($0.form) }, flow: false)))
        switch access.scope {
        case .groups(let references): pairs.append(("scope", .sequence(references.map { form($0.form) }, flow: false)))
        case .all(let scope): pairs.append(("scope", .string(scope.manifestWord ?? "allUsers")))
        }
        if let tags = access.scopeTags { pairs.append(("scopeTags", .sequence(tags.map { .literal($0) }, flow: true))) }
        return pairs
    }

    /// An assignment entry, with `{}` for All users / All devices without options.
    static func assignment(_ assignment: AssignmentSpec) -> YAMLValue {
        var pairs: [(key: String, value: YAMLValue)] = []
        switch assignment.target {
        case .group(let reference): pairs.append(("group", form(reference.form)))
        case .exclusionGroup(let reference): pairs.append(("exclude", form(reference.form)))
        case .allUsers: pairs.append(("allUsers", .mapping([], flow: true)))
        case .allDevices: pairs.append(("allDevices", .mapping([], flow: true)))
        case .collection(let id): pairs.append(("collection", .string(id)))
        }
        if let filter = assignment.filter {
            pairs.append(("filter", .mapping([(filter.mode.rawValue, form(filter.filter.form))], flow: true)))
        }
        if let intent = assignment.intent { pairs.append(("intent", .string(intent))) }
        if let settings = assignment.settings { pairs.append(("settings", json(settings))) }
        if let run = assignment.runRemediationScript { pairs.append(("runRemediationScript", .literal(String(run)))) }
        if let schedule = assignment.runSchedule {
            var fields: [(key: String, value: YAMLValue)] = [
                ("type", .string(schedule.frequency.rawValue)), ("interval", .literal(String(schedule.interval))),
            ]
            if let time = schedule.time { fields.append(("time", .string(time))) }
            if let date = schedule.date { fields.append(("date", .string(date))) }
            if let utc = schedule.useUTC { fields.append(("useUtc", .literal(String(utc)))) }
            pairs.append(("runSchedule", .mapping(fields, flow: true)))
        }
        return .mapping(pairs, flow: false)
    }

    /// A JSON value as YAML (app settings).
    static func json(_ value: JSONValue) -> YAMLValue {
        switch value {
        case .null: .literal("null")
        case .bool(let flag): .literal(String(flag))
        case .int(let number): .literal(String(number))
        case .double(let number):
            .literal(number.isFinite ? "\(number)" : (number.isNaN ? ".nan" : number > 0 ? ".inf" : "-.inf"))
        case .string(let text): .string(text)
        case .array(let items): .sequence(items.map(json), flow: false)
        case .object(let pairs): .mapping(pairs.map { ($0.key, json($0.value)) }, flow: false)
        }
    }
}
