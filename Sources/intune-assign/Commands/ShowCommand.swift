import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import ManifestYAML
import PlanRendering

/// `intune-assign show PLANFILE`: a saved plan, shown again.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a saved plan file.")

    @Argument(help: "A plan saved with `plan --out`.")
    var planFile: String

    @Option(help: "How to show the plan: text, markdown or json.")
    var format: PlanFormat = .text

    @OptionGroup var output: OutputOptions

    /// Reads the plan file and prints it in the format asked for.
    func run() throws {
        guard let data = FileManager.default.contents(atPath: planFile) else {
            throw CommandFailure("cannot read \(planFile)")
        }
        let plan: Plan
        do { plan = try PlanFile.decode([UInt8](data)) } catch { throw CommandFailure("\(planFile): \(error)") }
        let color = Terminal.useColor(
            for: 1, disabled: output.noColor, environment: ProcessInfo.processInfo.environment)
        format.view(.terminal(errorColor: false, manifests: nil), color: color).planned(plan)
    }
}
