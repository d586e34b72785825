/// Where a rule's problem shows in an assignment entry: the decoder maps each place to the node it read, set
/// expansion to the marks the entry carries.
public enum RulePlace: Hashable, Sendable {
    /// The entry as a whole.
    case entry
    /// The target key (`group`, `exclude`, `allUsers`, …).
    case target
    /// The `filter` key.
    case filterKey
    /// The `intent` key.
    case intentKey
    /// The intent's value.
    case intentValue
    /// A kind-specific setting's key.
    case field(AssignmentField)
}

/// One thing a kind's rules refuse in an assignment, and where to show it.
public struct RuleProblem: Hashable, Sendable {
    /// What is wrong and what to do.
    public var message: String
    /// Where.
    public var place: RulePlace
}

extension Kind {
    /// What this kind's rules refuse in one assignment: a target type it does not take (with why, for Windows 365
    /// and includes-only kinds), an intent it has none of or no such value for, a missing required intent, a filter
    /// its targets cannot carry, a setting of another kind. The one statement of these rules: entries written in a
    /// configuration and entries that come from a set are checked here alike.
    public func problems(
        target type: TargetType, filter: Bool, intent: String?, fields: [AssignmentField]
    ) -> [RuleProblem] {
        var found: [RuleProblem] = []
        if !accepts(type) {
            var message =
                "\(name) does not take `\(type.manifestKey)` targets; it takes "
                + targets.types.map { "`\($0.manifestKey)`" }.joined(separator: ", ")
            if type == .exclusionGroup, targets.groupForm == .cloudPC {
                message +=
                    ". Windows 365 assigns to user groups only (Graph's cloudPcManagementGroupAssignmentTarget): "
                    + "remove this entry"
            } else if type == .exclusionGroup, targets.includesOnly {
                message +=
                    ". Intune offers no exclusions here, and what Graph does with one is unknown (one vendor says it "
                    + "is stored as an include, assigning the very group meant to be left out): remove this entry"
            }
            found.append(RuleProblem(message: message, place: .target))
        }
        if filter, !targets.filters {
            found.append(
                RuleProblem(
                    message: "\(name) assignments take no assignment filter (its targets have none); remove the filter",
                    place: .filterKey))
        }
        switch (self.intent, intent) {
        case (nil, _?):
            found.append(
                RuleProblem(message: "\(name) assignments have no intent; remove `intent`", place: .intentKey))
        case (let rule?, let value?) where !rule.values.contains(value):
            let shown = Printable.abbreviated(value)
            let message =
                Suggestions.best(for: value, among: rule.values).map {
                    "'\(shown)' is not an intent of \(name); did you mean '\($0)'?"
                } ?? "'\(shown)' is not an intent of \(name); use one of: " + rule.values.joined(separator: ", ")
            found.append(RuleProblem(message: message, place: .intentValue))
        case (let rule?, nil) where rule.required:
            found.append(
                RuleProblem(
                    message: "missing `intent`; every \(name) assignment needs one of: "
                        + rule.values.joined(separator: ", "),
                    place: .entry))
        default:
            break
        }
        for field in fields where !accepts(field) {
            let owners = Kinds.all.filter { $0.accepts(field) }.map(\.name)
            found.append(
                RuleProblem(
                    message: "`\(field.rawValue)` is for \(owners.joined(separator: " and ")) assignments; \(name) has "
                        + "no such setting",
                    place: .field(field)))
        }
        return found
    }
}

extension AssignmentSpec {
    /// The kind-specific settings this entry gives.
    public var givenFields: [AssignmentField] {
        // Most entries give none: no array is allocated for them.
        guard settings != nil || runRemediationScript != nil || runSchedule != nil else { return [] }
        var fields: [AssignmentField] = []
        if settings != nil { fields.append(.settings) }
        if runRemediationScript != nil { fields.append(.runRemediationScript) }
        if runSchedule != nil { fields.append(.runSchedule) }
        return fields
    }

    /// What `kind` refuses of this entry (`Kind.problems`), each at the entry's mark or its target's.
    public func problems(for kind: Kind) -> [(message: String, at: SourceMark)] {
        kind.problems(target: target.type, filter: filter != nil, intent: intent, fields: givenFields).map {
            ($0.message, $0.place == .target ? targetMark : mark)
        }
    }
}
