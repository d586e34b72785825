import IntuneAssignCore

/// One entry of a configuration's `assignments:`: target, filter, intent and the kind's own fields.
extension ManifestDecoder {
    /// One assignment entry, or `nil` when anything in it is wrong. The kind may be unknown (`nil`): the entry is
    /// still checked for what does not depend on the kind, so that one run reports everything.
    mutating func assignment(_ node: Node, kind: Kind?) -> AssignmentSpec? {
        guard let pairs = mapping(node, "an assignment", allowed: KeyTable.assignment) else { return nil }
        let isTarget = { (key: String) in TargetType(manifestKey: key) != nil }
        guard let targetPair = pairs.first(where: { isTarget($0.key) }) else {
            error("this assignment names no target; give one of: \(ManifestKeys.targets.joined(separator: ", "))", node)
            return nil
        }
        for extra in pairs where isTarget(extra.key) && extra.keyNode != targetPair.keyNode {
            error(
                "an assignment has one target, but this one also has `\(extra.key)` (beside `\(targetPair.key)` "
                    + "at line \(document.location(targetPair.keyNode).line)); make it an entry of its own",
                extra.keyNode)
        }
        let type = TargetType(manifestKey: targetPair.key)!
        // The options: the entry's other keys, and for All users / All devices those inside their mapping.
        var options = pairs
        options.removeAll { isTarget($0.key) }
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

        // A placeholder target while the options are checked; `valid` and `target` decide at the end whether the
        // entry is returned at all.
        var spec = AssignmentSpec(
            target: target ?? .allDevices, at: document.location(node),
            targetAt: document.location(targetPair.keyNode))
        var places: [RulePlace: Node] = [.entry: node, .target: targetPair.keyNode]
        for (key, keyNode, value) in options {
            valid = option(key, keyNode, value, type: type, into: &spec, places: &places) && valid
        }
        // The kind's rules (target types, filters, intents, settings) are the core's, one statement for direct
        // entries and set entries alike; the decoder only says where.
        for problem in kind.map({
            $0.problems(target: type, filter: spec.filter != nil, intent: spec.intent, fields: spec.givenFields)
        }) ?? [] {
            error(problem.message, places[problem.place] ?? node)
            valid = false
        }
        guard valid, target != nil else { return nil }
        return spec
    }

    /// The options inside `allUsers: { ... }` / `allDevices: { ... }`, added to those beside it; whether they were
    /// well formed (none given twice).
    mutating func innerOptions(
        _ targetPair: (key: String, keyNode: Node, value: Node),
        into options: inout [(key: String, keyNode: Node, value: Node)]
    ) -> Bool {
        if document.kind(targetPair.value) == .mapping {
            var valid = true
            let inner = mapping(targetPair.value, "`\(targetPair.key)`", allowed: KeyTable.assignmentOptions) ?? []
            for option in inner {
                if let outer = options.first(where: { $0.key == option.key }) {
                    error(
                        "`\(option.key)` is given twice for this assignment (also at line "
                            + "\(document.location(outer.keyNode).line)); keep one", option.keyNode)
                    valid = false
                } else {
                    options.append(option)
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
        places: inout [RulePlace: Node]
    ) -> Bool {
        switch key {
        case "filter":
            places[.filterKey] = keyNode
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
            places[.intentKey] = keyNode
            places[.intentValue] = value
            spec.intent = string(value, "`intent`")
            return spec.intent != nil
        case "settings":
            places[.field(.settings)] = keyNode
            spec.settings = settings(value)
            return spec.settings != nil
        case "runRemediationScript":
            places[.field(.runRemediationScript)] = keyNode
            spec.runRemediationScript = boolean(value, "`runRemediationScript`")
            return spec.runRemediationScript != nil
        case "runSchedule":
            places[.field(.runSchedule)] = keyNode
            spec.runSchedule = runSchedule(value)
            return spec.runSchedule != nil
        default:
            return true
        }
    }

    /// `{ include: ... }` or `{ exclude: ... }`, exactly one.
    mutating func filter(_ node: Node) -> FilterReference? {
        guard let pairs = mapping(node, "`filter`", allowed: KeyTable.filter) else { return nil }
        guard let first = pairs.first else {
            error("`filter` needs `include:` or `exclude:` with the filter, e.g. { include: corporate }", node)
            return nil
        }
        if pairs.count > 1 {
            error("a filter either includes or excludes; give `include` or `exclude`, not both", pairs[1].keyNode)
            return nil
        }
        guard let reference = reference(first.value, "the filter", aliasSection: "filters") else { return nil }
        return FilterReference(mode: FilterMode(rawValue: first.key)!, filter: reference)
    }
}
