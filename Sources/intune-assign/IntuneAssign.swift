import ArgumentParser

/// The `intune-assign` command: Intune assignments as code.
@main
struct IntuneAssign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intune-assign",
        abstract:
            "Keep Microsoft Intune assignments as code: YAML manifests in git, planned and applied through Graph.",
        version: Version.current,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, ExportCommand.self,
            UsageCommand.self, RulesCommand.self, CheckCommand.self, FleetCommand.self,
            SimulatorCommand.self, SchemaCommand.self,
        ]
    )
}
