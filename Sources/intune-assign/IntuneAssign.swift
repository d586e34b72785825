import ArgumentParser

/// The `intune-assign` command: Intune assignments as code.
@main
struct IntuneAssign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intune-assign",
        abstract: "Keep Microsoft Intune assignments as code: YAML manifests in git, planned and applied through Graph.",
        version: "0.1.0",
        subcommands: [Validate.self, PlanCommand.self, ApplyCommand.self, Show.self, ExportCommand.self, Check.self, SimulatorCommand.self, Schema.self]
    )
}

/// Options every command shares.
struct OutputOptions: ParsableArguments {
    @Flag(name: .customLong("no-color"), help: "Never colour the output (NO_COLOR in the environment does the same).")
    var noColor = false
}
