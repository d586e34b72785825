import IntuneAssignCore

/// What a configuration's plan holds besides its assignments, in the plan file: its device group, its role
/// assignment's access, and whether an Apple enrollment profile becomes its token's default.
extension PlanFile {
    /// The pairs of a configuration's other parts.
    static func encodeParts(_ configuration: ConfigurationPlan, _ plan: Plan) -> [(key: String, value: JSONValue)] {
        var pairs: [(key: String, value: JSONValue)] = []
        if let group = configuration.deviceGroup {
            /// One side: the group's id and name, or null for none.
            func side(_ group: DeviceGroup) -> JSONValue {
                guard let id = group.id else { return .null }
                var fields: [(key: String, value: JSONValue)] = [("id", .string(id.description))]
                if let name = plan.groupNames[id] { fields.append(("name", .string(name))) }
                return .object(fields)
            }
            pairs.append(
                (
                    "device_group",
                    .object([
                        ("action", .string(group.action.rawValue)), ("before", side(group.before)),
                        ("after", side(group.after)),
                    ])
                ))
        }
        if configuration.defaultProfile {
            pairs.append(("default_profile", .object([("was_default", .bool(configuration.wasDefault))])))
        }
        if let access = configuration.roleAccess {
            /// One side: its groups by id, its scope type and its scope tags.
            func side(_ access: RoleAccess) -> JSONValue {
                var fields = access.graphBody
                if case .object(var pairs) = fields, access.scopeTags == nil {
                    pairs.append(("roleScopeTagIds", .null))
                    fields = .object(pairs)
                }
                return fields
            }
            pairs.append(
                (
                    "role_access",
                    .object([
                        ("role", .string(access.role)), ("before", side(access.before)), ("after", side(access.after)),
                        ("manages_scope_tags", .bool(access.managesScopeTags)),
                    ])
                ))
        }
        return pairs
    }

    /// A configuration's other parts, read back into `plan`.
    static func decodeParts(_ value: JSONValue, into plan: inout ConfigurationPlan, at place: String) throws(ReadError)
    {
        let kind = plan.kind
        var deviceGroup: DeviceGroupChange?
        if let group = value["device_group"] {
            /// One side: null, or an object with a GUID `id`.
            func side(_ key: String) throws(ReadError) -> DeviceGroup {
                guard let side = group[key], side != .null else { return .none }
                guard let id = side["id"]?.stringValue.flatMap(GUID.init) else {
                    throw ReadError("\(place).device_group.\(key) must be null or hold a group `id`")
                }
                return DeviceGroup(id)
            }
            deviceGroup = DeviceGroupChange(before: try side("before"), after: try side("after"))
        }
        var roleAccess: RoleAccessChange?
        if let access = value["role_access"] {
            guard let role = access["role"]?.stringValue,
                let before = access["before"].flatMap(RoleAccess.init(graph:)),
                let after = access["after"].flatMap(RoleAccess.init(graph:)),
                case .bool(let managesTags)? = access["manages_scope_tags"]
            else {
                throw ReadError("\(place).role_access must hold `role`, `before`, `after` and `manages_scope_tags`")
            }
            var wanted = after
            if !managesTags { wanted.scopeTags = nil }
            roleAccess = RoleAccessChange(role: role, before: before, wanted: wanted)
        }
        plan.deviceGroup = deviceGroup
        plan.roleAccess = roleAccess
        if let profile = value["default_profile"] {
            guard case .bool(let was)? = profile["was_default"], kind.write.style == .serialNumbers else {
                throw ReadError("\(place).default_profile must hold `was_default`, for an Apple enrollment profile")
            }
            plan.defaultProfile = true
            plan.wasDefault = was
        }
    }
}
