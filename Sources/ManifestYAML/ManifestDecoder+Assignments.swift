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
            if document.kind(targetPair.value) == .mapping {
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
            } else if !scalarIsNull(targetPair.value) {
                error(
                    "`\(targetPair.key)` takes {} or a mapping of options such as { filter: ... }, not "
                        + describe(targetPair.value), targetPair.value)
                valid = false
            }
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

        if let kind, !kind.accepts(type) {
            var message =
                "\(kind.name) does not take `\(type.manifestKey)` targets; it takes "
                + kind.targetTypes.map { "`\($0.manifestKey)`" }.joined(separator: ", ")
            if type == .exclusionGroup, kind.cloudPCTargets {
                message +=
                    ". Windows 365 assigns to user groups only (Graph's cloudPcManagementGroupAssignmentTarget): "
                    + "remove this entry"
            } else if type == .exclusionGroup, kind.includesOnly {
                message +=
                    ". Intune offers no exclusions here, and what Graph does with one is unknown (one vendor says it "
                    + "is stored as an include, assigning the very group meant to be left out): remove this entry"
            }
            error(message, targetPair.keyNode)
            valid = false
        }

        // A placeholder target while the options are checked; `valid` and `target` decide at the end whether the
        // entry is returned at all.
        var spec = AssignmentSpec(
            target: target ?? .allDevices, at: document.location(node),
            targetAt: document.location(targetPair.keyNode))
        var intentGiven = false
        for (key, keyNode, value) in options {
            switch key {
            case "filter":
                if let kind, !kind.takesFilters {
                    error(
                        "\(kind.name) assignments take no assignment filter (its targets have none); remove the "
                            + "filter", keyNode)
                    valid = false
                }
                // Intune applies filters to included targets only; refusing it here keeps a reviewer from
                // believing a filter narrows an exclusion.
                if type == .exclusionGroup {
                    error(
                        "an `exclude` target cannot carry a filter (Intune applies filters to included targets "
                            + "only); remove the filter", keyNode)
                    valid = false
                }
                spec.filter = filter(value)
                if spec.filter == nil { valid = false }
            case "intent":
                intentGiven = true
                spec.intent = intent(value, keyNode: keyNode, kind: kind)
                if spec.intent == nil { valid = false }
            case "settings":
                if checkField(.settings, keyNode, kind) { spec.settings = settings(value) }
                if spec.settings == nil { valid = false }
            case "runRemediationScript":
                if checkField(.runRemediationScript, keyNode, kind) {
                    spec.runRemediationScript = boolean(value, "`runRemediationScript`")
                }
                if spec.runRemediationScript == nil { valid = false }
            case "runSchedule":
                if checkField(.runSchedule, keyNode, kind) { spec.runSchedule = runSchedule(value) }
                if spec.runSchedule == nil { valid = false }
            default:
                break
            }
        }
        if let kind, let rule = kind.intent, rule.required, !intentGiven {
            error(
                "missing `intent`; every \(kind.name) assignment needs one of: \(rule.values.joined(separator: ", "))",
                node)
            valid = false
        }
        guard valid, target != nil else { return nil }
        return spec
    }

    /// Whether `kind` takes the kind-specific `field`; reports it when not.
    mutating func checkField(_ field: AssignmentField, _ keyNode: Node, _ kind: Kind?) -> Bool {
        guard let kind else { return true }
        if kind.accepts(field) { return true }
        let owners = Kinds.all.filter { $0.accepts(field) }.map(\.name)
        error(
            "`\(field.rawValue)` is for \(owners.joined(separator: " and ")) assignments; \(kind.name) has no such "
                + "setting", keyNode)
        return false
    }

    /// The intent, checked against the kind's intents.
    mutating func intent(_ node: Node, keyNode: Node, kind: Kind?) -> String? {
        guard let text = string(node, "`intent`") else { return nil }
        guard let kind else { return text }
        guard let rule = kind.intent else {
            error("\(kind.name) assignments have no intent; remove `intent`", keyNode)
            return nil
        }
        guard rule.values.contains(text) else {
            var message =
                "'\(Self.abbreviate(text))' is not an intent of \(kind.name); use one of: "
                + rule.values.joined(separator: ", ")
            if let best = Suggestions.best(for: text, among: rule.values) {
                message = "'\(Self.abbreviate(text))' is not an intent of \(kind.name); did you mean '\(best)'?"
            }
            error(message, node)
            return nil
        }
        return text
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
