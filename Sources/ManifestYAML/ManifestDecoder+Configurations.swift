import IntuneAssignCore

/// One entry of `configurations:`: its kind, id or name, mode, assignments and Autopilot devices.
extension ManifestDecoder {
    /// One configuration entry, or `nil` when it cannot be made sense of. Every key is read even after one is
    /// wrong, so that one run reports every problem of the entry, not only the first.
    mutating func configuration(_ node: Node) -> ConfigurationSpec? {
        guard let entries = keyed(node, "a configuration", allowed: KeyTable.configuration) else { return nil }
        let value = { (key: String) in
            entries[key, in: KeyTable.configuration].map { (key: key, keyNode: $0.keyNode, value: $0.value) }
        }

        let kind = configurationKind(value("kind"), in: node)

        let (reference, referenceNode) = configurationReference(
            id: value("id"), name: value("name"), kind: kind, in: node, "this configuration")

        var mode = ConfigurationMode.authoritative
        if let modePair = value("mode"), let text = string(modePair.value, "`mode`") {
            if let parsed = ConfigurationMode(rawValue: text) {
                mode = parsed
            } else {
                error(
                    "`mode` must be one of: \(ManifestKeys.modes.joined(separator: ", ")); not '\(text)'",
                    modePair.value)
            }
        }

        // A role assignment gives access (members, scope, scope tags) instead of having assignments.
        var roleAccess: RoleAccessSpec?
        if let kind, kind.isRoleAccess {
            roleAccess = self.roleAccess(value, in: node)
        } else if let pair = Self.roleKeys.lazy.compactMap(value).first {
            error(
                "`\(pair.key)` is only for roleAssignment\(kind.map { "; \($0.name) is assigned through `assignments:`" } ?? "")",
                pair.keyNode)
        }

        // Assignments are read even when the kind is unknown, so that their own errors show in the same run.
        var (assignments, uses): ([AssignmentSpec], [AssignmentSetUse]) = ([], [])
        if kind?.isRoleAccess == true {
            // Said above.
        } else if let kind, !kind.takesAssignments {
            // An Apple enrollment profile is assigned to serial numbers (`devices:`) only.
            if let pair = value("assignments") {
                error(
                    "an \(kind.name) has no `assignments`: list the serial numbers that must carry it in `devices:`, "
                        + "and write `default: true` to make it its Apple token's default", pair.keyNode)
            }
        } else if let assignmentsPair = value("assignments") {
            (assignments, uses) = assignmentList(assignmentsPair.value, kind: kind)
        } else {
            // Never read as "no assignments": a forgotten key must not wipe a configuration (DESIGN §2).
            error(
                "missing `assignments` in this configuration; list the wanted assignments, or write "
                    + "`assignments: []` to remove them all", node)
        }

        var devices: [DeviceID]?
        if let devicesPair = value("devices") {
            if let kind, !kind.takesDevices {
                error(
                    "`devices` is only for windowsAutopilotDeploymentProfile and appleEnrollmentProfile; "
                        + "\(kind.name) is assigned through targets only", devicesPair.keyNode)
            } else {
                devices = deviceList(devicesPair.value, serials: kind?.write.style == .serialNumbers)
            }
        }

        var (deviceGroup, deviceGroupNode): (DeviceGroupSpec?, Node?) = (nil, nil)
        if let groupPair = value("deviceGroup") {
            if let kind, !kind.takesDeviceGroup {
                error(
                    "`deviceGroup` is only for configurationPolicy (Autopilot device preparation and Apple automated "
                        + "enrollment policies); \(kind.name) has no enrollment-time device group", groupPair.keyNode)
            } else {
                deviceGroup = deviceGroupValue(groupPair.value)
                deviceGroupNode = groupPair.value
            }
        }

        var makeDefault = false
        if let pair = value("default") {
            if let kind, kind.write.style != .serialNumbers {
                error("`default` is only for appleEnrollmentProfile", pair.keyNode)
            } else if let flag = boolean(pair.value, "`default`") {
                if flag {
                    makeDefault = true
                } else {
                    error(
                        "`default: false` cannot be written: a profile stops being its token's default when another "
                            + "becomes it; leave `default` out, or write `default: true` on the other profile",
                        pair.value)
                }
            }
        }

        var overrides = false
        if let overridePair = value("override"), let flag = boolean(overridePair.value, "`override`") {
            overrides = flag
        }

        guard let kind, let reference, roleAccess != nil || !kind.isRoleAccess else { return nil }
        var spec = ConfigurationSpec(
            kind: kind, reference: reference, mode: mode, assignments: assignments, devices: devices,
            at: document.location(node), referenceAt: referenceNode.map(document.location))
        spec.uses = uses
        spec.overrides = overrides
        spec.deviceGroup = deviceGroup
        spec.roleAccess = roleAccess
        spec.makeDefault = makeDefault
        if let deviceGroupNode { spec.deviceGroupMark = SourceMark(document.location(deviceGroupNode)) }
        return spec
    }

    /// `deviceGroup:`: `none`, or a group as assignments name one (an alias, an id, `{ name: ... }`).
    mutating func deviceGroupValue(_ node: Node) -> DeviceGroupSpec? {
        if document.kind(node) == .scalar, [.none, .string, .nonSpecific].contains(document.tag(node)),
            document.string(node) == "none"
        {
            return DeviceGroupSpec.none
        }
        return reference(node, "`deviceGroup`", aliasSection: "groups").map(DeviceGroupSpec.group)
    }

    /// How an entry names its configuration: `id` or `name`, exactly one of them, and the node of the one given.
    mutating func configurationReference(
        id: (key: String, keyNode: Node, value: Node)?, name: (key: String, keyNode: Node, value: Node)?, kind: Kind?,
        in node: Node, _ what: String
    ) -> (ConfigurationReference?, Node?) {
        switch (id, name) {
        case (let idPair?, let namePair?):
            error(
                "give `id` or `name`, not both (`id` is at line \(document.location(idPair.keyNode).line))",
                namePair.keyNode)
            return (nil, nil)
        case (let idPair?, nil):
            return (configurationID(idPair.value, kind: kind).map(ConfigurationReference.id), idPair.value)
        case (nil, let namePair?):
            return (string(namePair.value, "the configuration `name`").map(ConfigurationReference.name), namePair.value)
        case (nil, nil):
            error("missing `id` or `name` in \(what); name the object by its id or exact display name", node)
            return (nil, nil)
        }
    }

    /// One entry of a fleet overlay's `skip:`: a kind and an id or name.
    mutating func skip(_ node: Node) -> ConfigurationSkip? {
        guard let entries = keyed(node, "a `skip:` entry", allowed: KeyTable.skip) else { return nil }
        let value = { (key: String) in
            entries[key, in: KeyTable.skip].map { (key: key, keyNode: $0.keyNode, value: $0.value) }
        }
        let kind = configurationKind(value("kind"), in: node)
        let (reference, _) = configurationReference(
            id: value("id"), name: value("name"), kind: kind, in: node, "this `skip:` entry")
        guard let kind, let reference else { return nil }
        return ConfigurationSkip(kind: kind, reference: reference, at: document.location(node))
    }

    /// The kind a configuration names, or `nil` (reported) when it names none or an unknown one.
    mutating func configurationKind(_ pair: (key: String, keyNode: Node, value: Node)?, in node: Node) -> Kind? {
        guard let pair else {
            error(
                "missing `kind` in this configuration; say which kind of Intune object it is, e.g. "
                    + "`kind: deviceConfiguration`", node)
            return nil
        }
        guard let name = string(pair.value, "`kind`") else { return nil }
        if let kind = Kinds.named(name) { return kind }
        var message = "unknown kind '\(Self.abbreviate(name))'"
        let suggestions = Kinds.suggestions(for: name)
        if !suggestions.isEmpty {
            message += "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
        } else {
            message += "; the kinds are listed in docs/kinds.md"
        }
        error(message, pair.value)
        return nil
    }

    /// A configuration's `assignments:` list: its entries, and its `- use:` of assignment sets with their places.
    mutating func assignmentList(_ node: Node, kind: Kind?) -> ([AssignmentSpec], [AssignmentSetUse]) {
        var assignments: [AssignmentSpec] = []
        var uses: [AssignmentSetUse] = []
        let items = sequence(node, "`assignments`") ?? []
        assignments.reserveCapacity(items.count)
        for item in items {
            if let use = setUse(item) {
                if let name = use {
                    uses.append(AssignmentSetUse(name: name, position: assignments.count, at: document.location(item)))
                }
            } else {
                assignment(item, kind: kind, into: &assignments)
            }
        }
        return (assignments, uses)
    }

    /// A configuration id in the form the kind's ids take (any form while the kind is unknown).
    mutating func configurationID(_ node: Node, kind: Kind?) -> ConfigurationID? {
        let what = "the configuration `id`"
        guard let kind, kind.idForm != .guid else {
            if kind == nil, case .string(let text)? = scalar(node) {
                for form in [ConfigurationIDForm.guid, .guidWithSuffix, .integer] {
                    if let id = ConfigurationID(text, form: form) { return id }
                }
            }
            return guid(node, what).map(ConfigurationID.init)
        }
        let text: String
        switch scalar(node) {
        case .string(let value)?: text = value
        // `id: 3` needs no quotes.
        case .int(let value)? where kind.idForm == .integer && value >= 0: text = String(value)
        default:
            _ = string(node, what)
            return nil
        }
        if let id = ConfigurationID(text, form: kind.idForm) { return id }
        switch kind.idForm {
        case .guidWithSuffix:
            error(
                "\(what) '\(Self.abbreviate(text))' is not a \(kind.name) id; these are a GUID, optionally followed by "
                    + "_ and a type name (such as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx_DefaultLimit)", node)
        case .integer:
            error(
                "\(what) '\(Self.abbreviate(text))' is not a \(kind.name) id; these are whole numbers (0 is Default)",
                node)
        case .nested:
            error(
                "\(what) '\(Self.abbreviate(text))' is not a \(kind.name) id; these are the Apple token's GUID, /, and "
                    + "the profile's id (as export writes them), or write `name:`", node)
            return nil
        case .guid:
            break
        }
        return nil
    }

    /// The `devices:` list of an Autopilot profile (GUIDs) or an Apple enrollment profile (`serials`: serial
    /// numbers), none twice.
    mutating func deviceList(_ node: Node, serials: Bool) -> [DeviceID]? {
        guard let items = sequence(node, "`devices`") else { return nil }
        var devices: [DeviceID] = []
        var seen: [DeviceID: Node] = [:]
        for item in items {
            let found: DeviceID?
            if serials {
                found = string(item, "a serial number").flatMap { text in
                    let id = DeviceID(serial: text)
                    if id == nil {
                        error("'\(Self.abbreviate(text))' is not a serial number (8 to 20 letters and digits)", item)
                    }
                    return id
                }
            } else {
                found = guid(item, "an Autopilot device id").map(DeviceID.init)
            }
            guard let id = found else { continue }
            if let first = seen[id] {
                let firstLocation = document.location(first)
                error(
                    "device \(id) is listed twice (first at \(firstLocation))", item,
                    notes: [.note("first listed here", at: firstLocation)])
                continue
            }
            seen[id] = item
            devices.append(id)
        }
        return devices
    }
}
