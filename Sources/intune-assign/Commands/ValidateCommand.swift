import ArgumentParser
import Foundation
import IntuneAssignCore
import ManifestYAML
import PlanRendering

/// `intune-assign validate PATH...`: every offline check, without touching Graph.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check manifests offline: syntax, keys, types, ids, kinds, aliases and duplicates.",
        discussion: "Exits 0 with a one-line summary when every manifest is valid, 1 with every problem otherwise."
    )

    @Argument(help: "Manifest files, or folders holding *.yaml / *.yml manifests (none with --fleet).")
    var paths: [String] = []

    @Option(
        name: .customLong("fleet"),
        help: ArgumentHelp(
            "Check a fleet file and every tenant's manifests: the baseline with its overlays and variables.",
            valueName: "FILE"))
    var fleet: String?

    @OptionGroup var rules: RulesOptions
    @OptionGroup var output: OutputOptions

    /// Manifests or a fleet, not both and not neither.
    func validate() throws {
        if fleet != nil, !paths.isEmpty { throw ValidationError("give manifests or --fleet FILE, not both") }
        if fleet == nil, paths.isEmpty { throw ValidationError("give manifest files or folders, or --fleet FILE") }
    }

    /// Loads and checks the manifests, printing every problem or a summary.
    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let color = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        if let fleet {
            let loaded = try FleetFiles.loadOrExit(fleet, color: color)
            var lines = [
                "Valid fleet: \(count(loaded.tenants.count, "tenant")), \(count(loaded.fleet.waves.count, "wave")), "
                    + "a baseline of \(count(loaded.fleet.baseline.count, "path"))."
            ]
            for tenant in loaded.tenants {
                lines.append(
                    "  \(tenant.tenant.name): "
                        + summary(tenant.manifests.result, files: tenant.manifests.sources.count).dropFirst(
                            "Valid: ".count))
            }
            Terminal.out(lines.joined(separator: "\n") + "\n")
            return
        }
        let loaded = try ManifestFiles.loadOrExit(paths, color: color)
        var line = summary(loaded.result, files: loaded.sources.count)
        if let ruleSet = try rules.loadOrExit(against: loaded, color: color) {
            line += " Rules: \(count(ruleSet.rules.count, "rule")) in \(rules.file ?? "")."
        }
        Terminal.out(line + "\n")
    }

    /// `Valid: 6 files, 25 configurations, ...`.
    func summary(_ result: LoadResult, files: Int) -> String {
        let state = result.state
        var parts = [
            count(files, "file"), count(state.configurations.count, "configuration"),
            count(state.assignmentCount, "assignment"),
        ]
        let devices = { (style: WriteProfile.Style) in
            state.configurations.filter { $0.kind.write.style == style }.reduce(0) { $0 + ($1.devices?.count ?? 0) }
        }
        if devices(.deviceIds) > 0 { parts.append(count(devices(.deviceIds), "Autopilot device")) }
        if devices(.serialNumbers) > 0 { parts.append(count(devices(.serialNumbers), "Apple serial number")) }
        return "Valid: " + parts.joined(separator: ", ") + "."
    }

    /// `1 file`, `2 files`.
    func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
