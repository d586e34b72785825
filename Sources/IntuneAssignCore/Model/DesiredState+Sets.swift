extension DesiredState {
    /// Sets across every manifest; a set defined twice is an error naming both places.
    static func collectSets(
        _ definitions: [AssignmentSetDefinition], into diagnostics: inout Diagnostics
    ) -> [String: AssignmentSetDefinition] {
        collectOnce(
            definitions, name: \.name, mark: \.mark, what: "assignment set", plural: "sets", into: &diagnostics)
    }

    /// The most assignments `- use:` may expand one configuration to, and all configurations of a run together.
    ///
    /// Microsoft documents no number of assignments per Intune policy, so the caps come from the limits a plan
    /// meets when it uses them. One configuration: 1,000, the most group ids one `POST /directoryObjects/getByIds`
    /// resolves (DESIGN §4), and the most a person reviews as one configuration's change. A run: 250,000, twenty-five
    /// times the 10,000-configuration tenant the plan benchmark reads in about 4 s and 100 MiB, so that a manifest
    /// can never make `validate` allocate more than a large real tenant would (a 596 KB manifest of sets once
    /// expanded to 16,000,000 assignments, 22 s and 5 GB). Counted before anything is expanded.
    public static let expansionLimits = (perConfiguration: 1_000, total: 250_000)

    /// The configuration with each `- use:` replaced by the set's assignments (carrying their origin), in place.
    /// An unknown set, and a set entry the configuration's kind cannot take, are errors at both places (once per
    /// entry and problem: the first use that meets it is named, not all 300). A configuration that would expand past
    /// `expansionLimits` (or past what is left of the run's `budget`) is an error at the `use:` that goes over, and
    /// keeps only its direct assignments: nothing is allocated for it.
    static func expand(
        _ configuration: ConfigurationSpec, sets: [String: AssignmentSetDefinition], used: inout Set<String>,
        reported: inout Set<String>, budget: inout Int, into diagnostics: inout Diagnostics
    ) -> ConfigurationSpec {
        guard !configuration.uses.isEmpty else { return configuration }
        var expanded = configuration
        expanded.uses = []
        // Counted first, from the sets' sizes: the cap holds before a single entry is copied.
        var count = configuration.assignments.count
        for use in configuration.uses {
            count += sets[use.name]?.assignments.count ?? 0
            let limit = min(expansionLimits.perConfiguration, budget)
            guard count > limit else { continue }
            used.formUnion(configuration.uses.map(\.name))
            // The run's total is said once, at the first use past it; later configurations keep their direct ones.
            if limit < expansionLimits.perConfiguration, !reported.insert("\u{0}total").inserted { return expanded }
            let which =
                limit == expansionLimits.perConfiguration
                ? "more than the \(limit) one configuration may have"
                : "more than the \(expansionLimits.total) the manifests of one run may have in all"
            diagnostics.error(
                "with set '\(use.name)', this \(configuration.kind.name) would have \(count) or more assignments, "
                    + "\(which); split the set, or list fewer uses",
                at: use.mark.location)
            return expanded
        }
        budget -= count
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
