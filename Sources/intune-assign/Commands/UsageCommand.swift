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

    @Option(
        name: .customLong("kind"),
        help: ArgumentHelp("Read only this kind; repeatable (default: every kind).", valueName: "KIND"))
    var kinds: [String] = []

    @Option(help: "How to show it: text, markdown or json.")
    var format: PlanFormat = .text

    @OptionGroup var graph: GraphOptions
    @OptionGroup var output: OutputOptions

    /// Refuses a run that asks about nothing, and an unknown `--kind`.
    func validate() throws {
        guard !groups.isEmpty || !names.isEmpty || allUsers || allDevices else {
            throw ValidationError(
                "name a group (an id, an alias with --manifests, or --name), --all-users or --all-devices")
        }
        try ExportCommand.checkKinds(kinds)
    }

    /// Reads the tenant, finds each subject's assignments, and prints them.
    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let errorColor = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let chosen = try graph.available(kinds.compactMap(Kinds.named))
        let loaded = manifests.isEmpty ? nil : try ManifestFiles.loadOrExit(manifests, color: errorColor)
        // Aliases resolve before anything is sent: an unknown one is an error of the command line.
        var wanted: [(label: String, form: ObjectReference.Form)] = []
        for group in groups {
            if let id = GUID(group) {
                wanted.append((group, .id(id)))
            } else if let alias = loaded?.result.state.groupAliases[group] {
                wanted.append((group, alias.meaning))
            } else {
                throw CommandFailure(
                    "'\(group)' is neither a group object id nor "
                        + (loaded == nil
                            ? "an alias (aliases need --manifests PATH); to match a display name use --name \"...\""
                            : "a group alias of the manifests; to match a display name use --name \"...\""))
            }
        }
        wanted += names.map { ($0, .name($0)) }

        var needs = GraphOptions.SignInNeeds(kinds: chosen, writes: false, tenant: loaded?.result.state.tenant)
        if let loaded { needs.kinds = Array(Set(chosen + loaded.result.state.configurations.map(\.kind))) }
        let connection = try await graph.connect(environment: environment, needs: needs)
        let reports: [UsageReport]
        var unknown: [String] = []
        do {
            var subjects: [(UsageSubject, String?)] = []
            for (label, form) in wanted {
                switch try await resolve(form, connection.graph) {
                case .success(let found): subjects.append((.group(found.id), found.name))
                case .failure(let reason): unknown.append("\(label): \(reason)")
                }
            }
            if allUsers { subjects.append((.allUsers, nil)) }
            if allDevices { subjects.append((.allDevices, nil)) }
            // The plan reads pages the tenant read has just read: they are answered from memory.
            if loaded != nil { await connection.session.rememberReads() }
            let input = try await ManifestExport.read(connection.graph, kinds: chosen, byName: false)
            var plan: Plan?
            if let loaded {
                plan = try await PlanMaker.make(loaded, targets: [], connection: connection, color: errorColor)
            }
            reports = subjects.map { UsageReport.make($0.0, name: $0.1, input: input, plan: plan) }
        } catch let error as GraphError {
            throw CommandFailure(error.description)
        }
        switch format {
        case .text: Terminal.out(UsageRenderer.text(reports))
        case .markdown: Terminal.out(UsageRenderer.markdown(reports))
        case .json: Terminal.out(UsageRenderer.json(reports))
        }
        if !unknown.isEmpty {
            Terminal.err("Unknown groups:\n" + unknown.map { "  \($0)\n" }.joined())
            throw ExitCode.failure
        }
    }

    /// A group's id and display name, or why it cannot be found.
    func resolve(_ form: ObjectReference.Form, _ graph: IntuneGraph) async throws(GraphError)
        -> Result<(id: GUID, name: String), CommandFailure>
    {
        switch form {
        case .id(let id):
            guard let name = try await graph.groupNames([id])[id] else {
                return .failure(CommandFailure("no group has the id \(id)"))
            }
            return .success((id, name))
        case .name(let name):
            let found = try await graph.groups(named: [name])[name] ?? []
            switch found.count {
            case 1: return .success((found[0].id, found[0].displayName))
            case 0: return .failure(CommandFailure("no group is named \(Printable.quoted(name))"))
            default:
                return .failure(
                    CommandFailure(
                        "\(found.count) groups are named \(Printable.quoted(name)) ("
                            + found.map(\.id.description).joined(separator: ", ") + "); ask by id"))
            }
        case .alias(let alias):
            return .failure(CommandFailure("alias '\(alias)' stands for another alias"))
        }
    }
}
