import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering

/// `intune-assign rules --rules FILE [MANIFESTS...]`: every rule broken in the tenant now, by any configuration of the
/// kinds the rules select, whether manifests manage it or not.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule of rules.yaml that the tenant breaks now.",
        discussion: """
            Reads every configuration of the kinds the rules select (every kind when a rule selects none) and checks \
            each rule against what the tenant holds. Rules refer to groups by alias: give the manifests that define \
            the aliases. Exits 0 when no rule is broken, 1 when one is.
            """
    )

    @Argument(help: "Manifests that define the aliases and sets the rules use.")
    var manifests: [String] = []

    @Option(name: .customLong("rules"), help: ArgumentHelp("The rules file (rules.yaml).", valueName: "FILE"))
    var file: String

    @Option(help: "How to show it: text, markdown or json.")
    var format: PlanFormat = .text

    @OptionGroup var graph: GraphOptions
    @OptionGroup var output: OutputOptions

    /// Reads the tenant and checks the rules.
    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let color = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        let loaded = try ManifestFiles.loadOrExit(manifests, color: color)
        guard let rules = try RulesOptions(file: file).loadOrExit(against: loaded, color: color) else { return }
        let kinds = rules.kinds ?? Kinds.all
        let chosen = try graph.checkCloud(nil, kinds: kinds, color: color)
        let connection = try await graph.connect(
            environment: environment, needs: SignInNeeds(kinds: chosen, writes: false, tenant: loaded.state.tenant))
        let reader = GraphTenantReader(graph: connection.graph)
        let subjects: [RuleSubject]
        let tenant: GUID
        do {
            tenant = try await connection.graph.signedInTenant()
            subjects = try await RuleReader(reader: reader).unmanaged(chosen, besides: [], snapshot: nil)
        } catch {
            throw CommandFailure(error.description)
        }
        let state = loaded.state
        let report = RuleReport(
            violations: rules.violations(subjects) { reference in
                if case .id(let id) = state.resolve(reference) { return id }
                return nil
            })
        let style: RuleReportRenderer.Style = format == .json ? .json : format == .markdown ? .markdown : .text
        Terminal.out(RuleReportRenderer(style: style).render(report, tenant: tenant, rules: rules.rules.count))
        if !report.violations.isEmpty { throw ExitCode.failure }
    }
}

extension RulesOptions {
    /// Options naming `file`.
    init(file: String) {
        self.init()
        self.file = file
    }
}
