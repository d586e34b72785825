/// The tenant's own rules, as code (`rules.yaml`): each selects configurations and requires or forbids targets.
/// Declarative, with no scripting. Checked on every plan against what the tenant would hold after it, and by
/// `intune-assign rules` against what it holds now. Pure.
public struct RuleSet: Hashable, Sendable {
    /// The rules, in file order.
    public var rules: [Rule]

    /// A rule set.
    public init(rules: [Rule]) { self.rules = rules }

    /// The kinds the rules select; `nil` when a rule selects every kind (the run's kinds are then checked).
    public var kinds: [Kind]? {
        var kinds: [Kind] = []
        for rule in rules {
            if rule.kinds.isEmpty { return nil }
            for kind in rule.kinds where !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }
}

/// One rule: which configurations, and what their assignments must and must not hold.
public struct Rule: Hashable, Sendable {
    /// Its name, as violations quote it.
    public var name: String
    /// Kinds it selects (empty: every kind).
    public var kinds: [Kind] = []
    /// Display-name patterns it selects (`*` and `?`, without regard to case; empty: every name).
    public var names: [String] = []
    /// Assignment sets: it selects the configurations whose manifest entry uses one of them (empty: no condition).
    public var sets: [String] = []
    /// Targets every selected configuration must hold.
    public var require: [TargetMatch] = []
    /// Targets no selected configuration may hold.
    public var forbid: [TargetMatch] = []
    /// The rule in its file.
    public var mark: SourceMark

    /// A rule from its parts.
    public init(
        name: String, kinds: [Kind] = [], names: [String] = [], sets: [String] = [], require: [TargetMatch] = [],
        forbid: [TargetMatch] = [], at location: SourceLocation? = nil
    ) {
        self.name = name
        self.kinds = kinds
        self.names = names
        self.sets = sets
        self.require = require
        self.forbid = forbid
        self.mark = SourceMark(location)
    }

    /// Whether it selects a configuration of `kind` named `name`, which uses `sets`.
    public func selects(kind: Kind, name: String, sets used: [String]) -> Bool {
        (kinds.isEmpty || kinds.contains(kind)) && (names.isEmpty || names.contains { Self.glob($0, name) })
            && (sets.isEmpty || sets.contains(where: used.contains))
    }

    /// `*` (any run) and `?` (any one character), without regard to case.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let pattern = Array(pattern.lowercased())
        let text = Array(text.lowercased())
        var (p, t, star, mark) = (0, 0, -1, 0)
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

/// A target a rule requires or forbids: its type and group, and optionally its intent and whether it has a filter.
public struct TargetMatch: Hashable, Sendable {
    /// Whether a filter is asked for.
    public enum FilterCondition: String, Hashable, Sendable {
        /// No filter.
        case none
        /// Any filter.
        case any
    }

    /// The target as written (groups by alias or id).
    public var target: Target
    /// The intent it must have, if any.
    public var intent: String?
    /// Whether it must have a filter or none, if asked.
    public var filter: FilterCondition?
    /// Where it is written.
    public var mark: SourceMark

    /// A match from its parts.
    public init(
        target: Target, intent: String? = nil, filter: FilterCondition? = nil, at location: SourceLocation? = nil
    ) {
        self.target = target
        self.intent = intent
        self.filter = filter
        self.mark = SourceMark(location)
    }

    /// Whether an assignment matches, `group` resolving the rule's group references.
    func matches(_ assignment: PlannedAssignment, group: (ObjectReference) -> GUID?) -> Bool {
        let targetMatches: Bool
        switch (target, assignment.target) {
        case (.group(let reference), .group(let id)), (.exclusionGroup(let reference), .exclusionGroup(let id)):
            targetMatches = group(reference) == id
        case (.allUsers, .allUsers), (.allDevices, .allDevices): targetMatches = true
        case (.collection(let wanted), .collection(let id)): targetMatches = wanted.uppercased() == id.uppercased()
        default: targetMatches = false
        }
        guard targetMatches else { return false }
        if let intent, assignment.intent != intent { return false }
        switch filter {
        case .none?: return assignment.filter == nil
        case .any?: return assignment.filter != nil
        case nil: return true
        }
    }

    /// The target in a reviewer's words: `exclude group break-glass`, `All users with intent required`.
    public var words: String {
        var text: String
        switch target {
        case .group(let reference): text = "group " + Self.words(reference)
        case .exclusionGroup(let reference): text = "exclude group " + Self.words(reference)
        case .allUsers: text = "All users"
        case .allDevices: text = "All devices"
        case .collection(let id): text = "collection \(id)"
        }
        if let intent { text += " with intent \(intent)" }
        switch filter {
        case .none?: text += " without a filter"
        case .any?: text += " with a filter"
        case nil: break
        }
        return text
    }

    static func words(_ reference: ObjectReference) -> String {
        switch reference.form {
        case .alias(let alias): alias
        case .id(let id): id.description
        case .name(let name): Printable.quoted(name)
        }
    }
}

/// A configuration as the tenant would hold it (after the plan) or holds it (now), for the rules.
public struct RuleSubject: Hashable, Sendable {
    /// The configuration.
    public var key: ConfigurationKey
    /// Its display name.
    public var displayName: String
    /// Its direct and inherited assignments.
    public var assignments: [PlannedAssignment]
    /// Its manifest entry, when the manifests manage it.
    public var managedAt: SourceLocation?
    /// The sets its manifest entry uses.
    public var sets: [String]
    /// Whether the plan changes it (a violation it holds then is the plan's).
    public var changed: Bool

    /// A subject from its parts.
    public init(
        key: ConfigurationKey, displayName: String, assignments: [PlannedAssignment], managedAt: SourceLocation? = nil,
        sets: [String] = [], changed: Bool = false
    ) {
        self.key = key
        self.displayName = displayName
        self.assignments = assignments
        self.managedAt = managedAt
        self.sets = sets
        self.changed = changed
    }
}

/// A rule a configuration breaks.
public struct RuleViolation: Hashable, Sendable {
    /// The rule's name.
    public var rule: String
    /// The rule in its file.
    public var ruleMark: SourceMark
    /// The configuration.
    public var subject: RuleSubject
    /// What is wrong: `lacks exclude group break-glass`, `holds All users with intent required`.
    public var problem: String

    /// Whether the manifests want it (the configuration is managed): the plan's to answer for, an error; one
    /// outside the manifests is already there, a warning unless `--strict-rules`.
    public var isManaged: Bool { subject.managedAt != nil }
}

extension RuleSet {
    /// Every violation of these rules by these configurations, `group` resolving the rules' group references (a
    /// reference it cannot resolve matches nothing; validation reports it).
    public func violations(_ subjects: [RuleSubject], group: (ObjectReference) -> GUID?) -> [RuleViolation] {
        var found: [RuleViolation] = []
        for rule in rules {
            for subject in subjects
            where rule.selects(kind: subject.key.kind, name: subject.displayName, sets: subject.sets) {
                for match in rule.require
                where !subject.assignments.contains(where: { match.matches($0, group: group) }) {
                    found.append(
                        RuleViolation(
                            rule: rule.name, ruleMark: rule.mark, subject: subject, problem: "lacks " + match.words))
                }
                for match in rule.forbid where subject.assignments.contains(where: { match.matches($0, group: group) })
                {
                    found.append(
                        RuleViolation(
                            rule: rule.name, ruleMark: rule.mark, subject: subject, problem: "holds " + match.words))
                }
            }
        }
        return found
    }
}

/// What the rules found on a plan: the violations, and what kept a rule from being checked.
public struct RuleReport: Hashable, Sendable {
    /// The violations, managed configurations first.
    public var violations: [RuleViolation]
    /// Whether violations outside the manifests count as errors too (`--strict-rules`).
    public var strict: Bool
    /// References that could not be resolved, kinds that could not be read.
    public var problems: [String]

    /// A report from its parts.
    public init(violations: [RuleViolation], strict: Bool = false, problems: [String] = []) {
        self.violations = violations.sorted { ($0.isManaged ? 0 : 1) < ($1.isManaged ? 0 : 1) }
        self.strict = strict
        self.problems = problems
    }

    /// Whether the plan fails: a managed configuration breaks a rule (the manifests want it), or, with
    /// `strict`, any configuration does.
    public var fails: Bool { violations.contains { $0.isManaged || strict } }
}

extension RuleSet {
    /// What the rules refer to that the manifests do not define: group aliases, sets; and names, which rules do not
    /// take (a rule must not depend on a directory lookup). Errors at their place.
    public func problems(against state: DesiredState) -> [Diagnostic] {
        var diagnostics = Diagnostics()
        for rule in rules {
            for match in rule.require + rule.forbid {
                guard let reference = match.target.namedGroup else { continue }
                switch reference.form {
                case .alias(let alias) where state.groupAliases[alias] == nil:
                    diagnostics.error(
                        "unknown group alias '\(alias)' in rule '\(rule.name)'; define it under `groups:` in the "
                            + "manifests", at: reference.mark.location ?? match.mark.location)
                case .name:
                    diagnostics.error(
                        "rules name groups by alias or id, not by display name; define an alias under `groups:`",
                        at: reference.mark.location ?? match.mark.location)
                default: break
                }
            }
            for set in rule.sets where state.assignmentSets[set] == nil {
                diagnostics.error(
                    "unknown assignment set '\(set)' in rule '\(rule.name)'; the sets are defined under "
                        + "`assignmentSets:`", at: rule.mark.location)
            }
        }
        return diagnostics.all
    }
}
