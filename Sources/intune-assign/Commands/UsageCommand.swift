import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering

/// `intune-assign usage GROUP...`: every configuration a group (or All users / All devices) is assigned to, and
/// with manifests, whether they own each assignment and what a plan would do to it.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "List every configuration that targets a group, All users or All devices.",
        discussion: """
            Reads the whole tenant (every kind, or --kind). A group used nowhere is reported as unused: the answer to \
            "can I delete this group?" as far as Intune assignments go. Exits 0, or 1 when a group is unknown.
            """
    )

    @Argument(help: "Groups: an object id, or a group alias of the manifests given with --manifests.")
    var groups: [String] = []

    @Option(
        name: .customLong("name"),
        help: ArgumentHelp("A group by its exact display name; repeatable.", valueName: "DISPLAY NAME"))
    var names: [String] = []

    @Flag(name: .customLong("all-users"), help: "Ask about All users.")
    var allUsers = false

    @Flag(name: .customLong("all-devices"), help: "Ask about All devices.")
    var allDevices = false

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Manifests to compare with: whether they own each assignment and what a plan would do to it.",
            valueName: "PATH"))
    var manifests: [String] = []

    @OptionGroup var kindOptions: KindOptions

    @Option(help: "How to show it: text, markdown or json.")
    var format: PlanFormat = .text

    @OptionGroup var graph: GraphOptions
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var output: OutputOptions

    /// Refuses a run that asks about nothing.
    func validate() throws {
        guard !groups.isEmpty || !names.isEmpty || allUsers || allDevices else {
            throw ValidationError(
                "name a group (an id, an alias with --manifests, or --name), --all-users or --all-devices")
        }
        if fleet.file != nil, !manifests.isEmpty {
            throw ValidationError("with --fleet, each tenant's usage is compared with its own merged manifests")
        }
    }

    /// Reads the tenant, finds each subject's assignments, and prints them.
    func run() async throws {
        if let file = fleet.file { return try await runFleet(file) }
        let environment = ProcessInfo.processInfo.environment
        let errorColor = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let loaded = manifests.isEmpty ? nil : try ManifestFiles.loadOrExit(manifests, color: errorColor)
        let chosen = try graph.checkCloud(loaded, kinds: kindOptions.kinds, color: errorColor)
        let request = UsageOperation.Request(
            subjects: try subjects(loaded), kinds: chosen,
            manifests: loaded.map { ManifestInput(state: $0.state, digest: $0.digest) })
        var needs = SignInNeeds(kinds: chosen, writes: false, tenant: loaded?.state.tenant)
        if let loaded { needs.kinds = Array(Set(chosen + loaded.state.configurations.map(\.kind))) }
        let connection = try await graph.connect(environment: environment, needs: needs)
        let style: RenderedUsageView.Style = format == .json ? .json : format == .markdown ? .markdown : .text
        let view = RenderedUsageView(.terminal(errorColor: errorColor, manifests: loaded), style: style)
        switch await UsageOperation(graph: connection.graph).run(request, view: view) {
        case .reported(let unknownGroups): if unknownGroups > 0 { throw ExitCode.failure }
        case .problems: throw ExitCode.failure
        case .readFailed(let error): throw CommandFailure(error)
        }
    }

    /// The subjects asked about; aliases resolve before anything is sent: an unknown one is an error of the
    /// command line.
    func subjects(_ loaded: LoadedManifests?) throws -> [UsageOperation.Subject] {
        var subjects: [UsageOperation.Subject] = try groups.map { group in
            if let id = GUID(group) { return .group(label: group, .id(id)) }
            if let alias = loaded?.state.groupAliases[group] { return .group(label: group, alias.meaning) }
            throw CommandFailure(
                "'\(group)' is neither a group object id nor "
                    + (loaded == nil
                        ? "an alias (aliases need --manifests PATH); to match a display name use --name \"...\""
                        : "a group alias of the manifests; to match a display name use --name \"...\""))
        }
        subjects += names.map { .group(label: $0, .name($0)) }
        if allUsers { subjects.append(.allUsers) }
        if allDevices { subjects.append(.allDevices) }
        return subjects
    }
}
