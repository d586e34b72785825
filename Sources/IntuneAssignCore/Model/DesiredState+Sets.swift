extension AssignmentSpec {
    /// What `kind` cannot take of this assignment, each with the place to show: the target type, an intent it has
    /// no such value for (or lacks), and kind-specific settings. The decoder checks entries written in a
    /// configuration; these checks serve entries that come from a set, written before any kind is known.
    public func problems(for kind: Kind) -> [(message: String, at: SourceMark)] {
        var found: [(message: String, at: SourceMark)] = []
        let type = target.type
        if !kind.accepts(type) {
            found.append(
                (
                    "\(kind.name) does not take `\(type.manifestKey)` targets; it takes "
                        + kind.targetTypes.map { "`\($0.manifestKey)`" }.joined(separator: ", "), targetMark
                ))
        }
        switch (kind.intent, intent) {
        case (nil, _?):
            found.append(("\(kind.name) assignments have no intent; remove `intent` from the set's entry", mark))
        case (let rule?, let value?) where !rule.values.contains(value):
            found.append(
                (
                    "'\(value)' is not an intent of \(kind.name); use one of: \(rule.values.joined(separator: ", "))",
                    mark
                ))
        case (let rule?, nil) where rule.required:
            found.append(
                (
                    "missing `intent`; every \(kind.name) assignment needs one of: \(rule.values.joined(separator: ", "))",
                    mark
                ))
        default:
            break
        }
        if filter != nil, !kind.takesFilters {
            found.append(("\(kind.name) assignments take no assignment filter (its targets have none)", mark))
        }
        let fields: [(AssignmentField, Bool)] = [
            (.settings, settings != nil), (.runRemediationScript, runRemediationScript != nil),
            (.runSchedule, runSchedule != nil),
        ]
        for (field, given) in fields where given && !kind.accepts(field) {
            found.append(("`\(field.rawValue)` is not a setting of \(kind.name) assignments", mark))
        }
        return found
    }
}

extension DesiredState {
    /// Sets across every manifest; a set defined twice is an error naming both places.
    static func collectSets(
        _ definitions: [AssignmentSetDefinition], into diagnostics: inout Diagnostics
    ) -> [String: AssignmentSetDefinition] {
        collectOnce(
            definitions, name: \.name, mark: \.mark, what: "assignment set", plural: "sets", into: &diagnostics)
    }

    /// The configuration with each `- use:` replaced by the set's assignments (carrying their origin), in place.
    /// An unknown set, and a set entry the configuration's kind cannot take, are errors at both places (once per
    /// entry and problem: the first use that meets it is named, not all 300).
    static func expand(
        _ configuration: ConfigurationSpec, sets: [String: AssignmentSetDefinition], used: inout Set<String>,
        reported: inout Set<String>, into diagnostics: inout Diagnostics
    ) -> ConfigurationSpec {
        guard !configuration.uses.isEmpty else { return configuration }
        var expanded = configuration
        expanded.uses = []
        var assignments: [AssignmentSpec] = []
        var direct = configuration.assignments[...]
        for use in configuration.uses {
            let before = max(0, use.position - (configuration.assignments.count - direct.count))
            assignments += direct.prefix(before)
            direct = direct.dropFirst(before)
            guard let set = sets[use.name] else {
                var message = "assignment set '\(use.name)' is not defined in any manifest's `assignmentSets:`"
                if let best = Suggestions.best(for: use.name, among: sets.keys.sorted()) {
                    message += "; did you mean '\(best)'?"
                }
                diagnostics.error(message, at: use.mark.location)
                continue
            }
            used.insert(use.name)
            for (index, entry) in set.assignments.enumerated() {
                for problem in entry.problems(for: configuration.kind)
                where reported.insert("\(set.name)\u{0}\(index)\u{0}\(problem.message)").inserted {
                    diagnostics.error(
                        problem.message + " (set '\(set.name)' is used by this \(configuration.kind.name) at "
                            + "\(use.mark.place))",
                        at: problem.at.location, notes: [.note("used here", at: use.mark.location)])
                }
                var copy = entry
                copy.origin = AssignmentOrigin(set: set.name, use: use.mark)
                assignments.append(copy)
            }
        }
        expanded.assignments = assignments + direct
        return expanded
    }

    /// Warns about each set no configuration uses.
    static func reportUnused(
        _ sets: [String: AssignmentSetDefinition], used: Set<String>, into diagnostics: inout Diagnostics
    ) {
        for set in sets.values.sorted(by: { $0.name < $1.name }) where !used.contains(set.name) {
            diagnostics.append(
                Diagnostic(
                    .warning,
                    "assignment set '\(set.name)' is never used; use it with `- use: \(set.name)` or remove it",
                    at: set.mark.location))
        }
    }
}
