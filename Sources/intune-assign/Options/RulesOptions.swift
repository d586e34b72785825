import ArgumentParser
import Foundation
import IntuneAssignCore
import ManifestYAML

/// `--rules FILE [--strict-rules]`: the tenant's rules (`rules.yaml`), checked against what the tenant would hold.
struct RulesOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp(
            "Check the tenant's rules (rules.yaml, schemas/rules.schema.json) against what it would hold: a rule the "
                + "manifests break fails the command.", valueName: "FILE"))
    var file: String?

    @Flag(
        name: .customLong("strict-rules"),
        help: "With --rules: rules broken by configurations outside the manifests fail too (else they are warnings).")
    var strict = false

    /// Refuses `--strict-rules` without rules.
    func validate() throws {
        if strict, file == nil { throw ValidationError("--strict-rules goes with --rules FILE") }
    }

    /// The rules, read and checked against the manifests' aliases and sets; every problem is printed at its place and
    /// the command exits 1 before anything is sent to Graph. `nil` without `--rules`.
    func loadOrExit(against manifests: LoadedManifests, color: Bool) throws -> RuleSet? {
        try loadOrExit(against: [manifests], color: color)
    }

    /// The rules, read once and checked against each tenant's manifests of a fleet (a problem several tenants
    /// share is said once).
    func loadOrExit(against manifests: [LoadedManifests], color: Bool) throws -> RuleSet? {
        guard let file else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            try ManifestFiles.reportOrExit([.error("cannot read the rules file \(file)", at: nil)], color: color)
            return nil
        }
        let (rules, diagnostics) = RulesDecoder.load(file: file, bytes: [UInt8](data))
        var problems = diagnostics
        for loaded in manifests {
            for problem in rules?.problems(against: loaded.state) ?? [] where !problems.contains(problem) {
                problems.append(problem)
            }
        }
        try ManifestFiles.reportOrExit(problems, color: color)
        return rules
    }
}
