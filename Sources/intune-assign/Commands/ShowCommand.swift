import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import ManifestYAML
import PlanRendering

/// `intune-assign show PLANFILE`: a saved plan, shown again; `show DIR…`: the plans of a fleet (the folders of
/// `plan --fleet --out`, one per shard), merged into one report.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a saved plan file, or merge the folders of a fleet's plans into one report.")

    @Argument(help: "A plan saved with `plan --out`, or the folders saved with `plan --fleet --out` (one per shard).")
    var paths: [String]

    @Option(help: "How to show the plan: text, markdown or json.")
    var format: PlanFormat = .text

    @OptionGroup var output: OutputOptions

    /// Reads the plan file and prints it in the format asked for.
    func run() throws {
        var isFolder: ObjCBool = false
        if paths.count > 1
            || (FileManager.default.fileExists(atPath: paths[0], isDirectory: &isFolder) && isFolder.boolValue)
        {
            return try showFleet()
        }
        let planFile = paths[0]
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

extension ShowCommand {
    /// The fleet report of every folder's plans, tenants in the order of the folders and their indexes.
    func showFleet() throws {
        let plans = try FleetPlans(folders: paths)
        let results = plans.order.map { tenant -> FleetTenantResult in
            let entry = plans.entries[tenant]!.entry
            var result = FleetTenantResult(
                tenant: tenant, identity: entry.identity,
                outcome: .recorded(
                    verdict: entry.verdict, status: entry.exitStatus, text: entry.error ?? entry.verdict),
                requests: entry.requests, throttles: entry.throttles, planFile: entry.planFile,
                planDigest: entry.planDigest)
            if entry.planFile != nil {
                switch plans.plan(for: tenant, digest: nil) {
                case .success(let plan): result.outcome = .planned(plan)
                case .failure(let why): result.outcome = .failed(why.description)
                }
            }
            return result
        }
        let color = Terminal.useColor(
            for: 1, disabled: output.noColor, environment: ProcessInfo.processInfo.environment)
        try FleetOutput.show(
            results, renderer: FleetReportRenderer(action: "plan", color: color), format: format,
            fleet: paths.joined(separator: " "), shard: nil, detailed: false)
    }
}
