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

    @Argument(help: "Manifest files, or folders holding *.yaml / *.yml manifests.")
    var paths: [String]

    @OptionGroup var output: OutputOptions

    /// Loads and checks the manifests, printing every problem or a summary.
    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let color = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let loaded = try ManifestFiles.loadOrExit(paths, color: color)
        Terminal.out(summary(loaded.result, files: loaded.sources.count) + "\n")
    }

    /// `Valid: 6 files, 25 configurations, ...`.
    func summary(_ result: LoadResult, files: Int) -> String {
        let state = result.state
        var parts = [
            count(files, "file"), count(state.configurations.count, "configuration"),
            count(state.assignmentCount, "assignment"),
        ]
        let devices = state.configurations.reduce(0) { $0 + ($1.devices?.count ?? 0) }
        if devices > 0 { parts.append(count(devices, "Autopilot device")) }
        return "Valid: " + parts.joined(separator: ", ") + "."
    }

    /// `1 file`, `2 files`.
    func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
