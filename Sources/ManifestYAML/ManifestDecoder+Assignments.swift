import IntuneAssignCore

/// One entry of a configuration's `assignments:`: target, filter, intent and the kind's own fields.
extension ManifestDecoder {
    /// One assignment entry, appended to `list` unless anything in it is wrong. The kind may be unknown (`nil`):
    /// the entry is still checked for what does not depend on the kind, so that one run reports everything.
    mutating func assignment(_ node: Node, kind: Kind?, into list: inout [AssignmentSpec]) {
        guard let entries = keyed(node, "an assignment", allowed: KeyTable.assignment) else { return }
        // The table lists the targets first, then the options (for All users / All devices, also those inside).
        let targetTypes = TargetType.allCases.count
        var first: (type: TargetType, entry: KeyedMapping.Entry)?
        for (index, type) in TargetType.allCases.enumerated() {
            if let entry = entries[index], entry.keyNode.index < first?.entry.keyNode.index ?? .max {
                first = (type, entry)
            }
        }
        guard let (type, targetEntry) = first else {
            error("this assignment names no target; give one of: \(ManifestKeys.targets.joined(separator: ", "))", node)
            return
        }
        let targetPair = (key: type.manifestKey, keyNode: targetEntry.keyNode, value: targetEntry.value)
        for (index, extra) in TargetType.allCases.enumerated() where extra != type {
            guard let entry = entries[index] else { continue }
            error(
                "an assignment has one target, but this one also has `\(extra.manifestKey)` (beside "
                    + "`\(targetPair.key)` at line \(document.location(targetPair.keyNode).line)); make it an entry "
                    + "of its own", entry.keyNode)
        }
        var options = KeyedMapping()
        for index in 0..<KeyTable.assignmentOptions.names.count { options[index] = entries[targetTypes + index] }
        var valid = true

        let target: Target?
        switch type {
        case .group:
            target = reference(targetPair.value, "`group`", aliasSection: "groups").map(Target.group)
        case .exclusionGroup:
            target = reference(targetPair.value, "`exclude`", aliasSection: "groups").map(Target.exclusionGroup)
        case .allUsers, .allDevices:
            // `allUsers: {}` or `allUsers: { filter: ... }`: options may sit inside as well as beside.
            target = type == .allUsers ? .allUsers : .allDevices
            valid = innerOptions(targetPair, into: &options) && valid
        case .configurationManagerCollection:
            if let id = string(targetPair.value, "`collection`") {
                if ManifestKeys.isValidCollectionID(id) {
                    target = .collection(id.uppercased())
                } else {
                    error(
                        "'\(Self.abbreviate(id))' is not a Configuration Manager collection id (three characters of "
                            + "site code and five hexadecimal digits, such as SMS00001)", targetPair.value)
                    target = nil
                }
            } else {
                target = nil
            }
        }

        // Built where it will stay, at the end of the list (moving an assignment about was a tenth of decoding),
        // with a placeholder target while the options are checked; `valid` and `target` decide at the end whether
        // it stays.
        list.append(
            AssignmentSpec(
                target: target ?? .allDevices, at: document.location(node),
                targetAt: document.location(targetPair.keyNode)))
        let slot = list.count - 1
        var places = OptionPlaces()
        for (index, key) in KeyTable.assignmentOptions.names.enumerated() {
            guard let entry = options[index] else { continue }
            valid = option(key, entry.keyNode, entry.value, type: type, into: &list[slot], places: &places) && valid
        }
        // The kind's rules (target types, filters, intents, settings) are the core's, one statement for direct
        // entries and set entries alike; the decoder only says where.
        if let kind {
            for problem in kind.problems(
                target: type, filter: list[slot].filter != nil, intent: list[slot].intent,
                fields: list[slot].givenFields)
            {
                error(problem.message, places.node(problem.place, entry: node, target: targetPair.keyNode))
                valid = false
            }
        }
        if !valid || target == nil { list.removeLast() }
    }

    /// The nodes of an entry's options, for the places its rule problems show at (a small struct, not a
    /// dictionary: this runs for every assignment of every manifest).
    struct OptionPlaces {
        var filterKey: Node?
        var intentKey: Node?
        var intentValue: Node?
        var fields: [(AssignmentField, Node)] = []

        /// The node of a place; the entry's for one not given.
        func node(_ place: RulePlace, entry: Node, target: Node) -> Node {
            switch place {
            case .entry: entry
            case .target: target
            case .filterKey: filterKey ?? entry
            case .intentKey: intentKey ?? entry
            case .intentValue: intentValue ?? entry
            case .field(let field): fields.first { $0.0 == field }?.1 ?? entry
            }
        }
    }

    /// The options inside `allUsers: { ... }` / `allDevices: { ... }`, added to those beside it; whether they were
    /// well formed (none given twice).
    mutating func innerOptions(
        _ targetPair: (key: String, keyNode: Node, value: Node), into options: inout KeyedMapping
    ) -> Bool {
        if document.kind(targetPair.value) == .mapping {
            var valid = true
            let table = KeyTable.assignmentOptions
            let inner = keyed(targetPair.value, "`\(targetPair.key)`", allowed: table) ?? KeyedMapping()
            for index in 0..<table.names.count {
                guard let option = inner[index] else { continue }
                if let outer = options[index] {
                    error(
                        "`\(table.names[index])` is given twice for this assignment (also at line "
                            + "\(document.location(outer.keyNode).line)); keep one", option.keyNode)
                    valid = false
                } else {
                    options[index] = option
                }
            }
            return valid
        }
        guard scalarIsNull(targetPair.value) else {
            error(
                "`\(targetPair.key)` takes {} or a mapping of options such as { filter: ... }, not "
                    + describe(targetPair.value), targetPair.value)
            return false
        }
        return true
    }

    /// One option of an assignment entry, read into `spec`, with the nodes its rule problems show at; whether it
    /// was well formed.
    mutating func option(
        _ key: String, _ keyNode: Node, _ value: Node, type: TargetType, into spec: inout AssignmentSpec,
        places: inout OptionPlaces
    ) -> Bool {
        switch key {
        case "filter":
            places.filterKey = keyNode
            // Intune applies filters to included targets only; refusing it here keeps a reviewer from believing a
            // filter narrows an exclusion.
            if type == .exclusionGroup {
                error(
                    "an `exclude` target cannot carry a filter (Intune applies filters to included targets only); "
                        + "remove the filter", keyNode)
                return false
            }
            spec.filter = filter(value)
            return spec.filter != nil
        case "intent":
            places.intentKey = keyNode
            places.intentValue = value
            spec.intent = string(value, "`intent`")
            return spec.intent != nil
        case "settings":
            places.fields.append((.settings, keyNode))
            spec.settings = settings(value)
            return spec.settings != nil
        case "runRemediationScript":
            places.fields.append((.runRemediationScript, keyNode))
            spec.runRemediationScript = boolean(value, "`runRemediationScript`")
            return spec.runRemediationScript != nil
        case "runSchedule":
            places.fields.append((.runSchedule, keyNode))
            spec.runSchedule = runSchedule(value)
            return spec.runSchedule != nil
        default:
            return true
        }
    }

    /// `{ include: ... }` or `{ exclude: ... }`, exactly one.
    mutating func filter(_ node: Node) -> FilterReference? {
        guard let entries = keyed(node, "`filter`", allowed: KeyTable.filter) else { return nil }
        let (include, exclude) = (entries[0], entries[1])
        guard let given = include ?? exclude else {
            error("`filter` needs `include:` or `exclude:` with the filter, e.g. { include: corporate }", node)
            return nil
        }
        if let include, let exclude {
            let second = include.keyNode.index < exclude.keyNode.index ? exclude : include
            error("a filter either includes or excludes; give `include` or `exclude`, not both", second.keyNode)
            return nil
        }
        guard let reference = reference(given.value, "the filter", aliasSection: "filters") else { return nil }
        return FilterReference(mode: include != nil ? .include : .exclude, filter: reference)
    }
}
