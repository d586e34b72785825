import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations

/// `intune-assign check`: signs in and checks that the assignments of every kind can be read — the permissions a
/// pipeline needs, before it plans.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Sign in with the environment's credentials and check that every kind can be read.",
        discussion: """
            Exits 0 when every kind is readable, 1 otherwise, naming the permission each missing kind needs. With \
            --field-report FILE it also runs read-only probes of the facts intune-assign rests on with thin \
            evidence, and writes what the tenant answered: property names, counts and status codes only, safe to \
            attach to a public issue (docs/field-evidence.md says what each line settles).
            """
    )

    @Option(
        name: .customLong("field-report"),
        help: ArgumentHelp(
            "Also probe how this tenant answers the reads and routes intune-assign relies on, and write the answers "
                + "(no names, ids or tenant identifiers) to FILE.", valueName: "FILE"))
    var fieldReport: String?

    @OptionGroup var graph: GraphOptions
    @OptionGroup var output: OutputOptions

    /// Signs in, says how, and reads one item of every kind.
    func run() async throws {
        let kinds = try graph.available([])
        let connection = try await graph.connect(
            environment: ProcessInfo.processInfo.environment, needs: .init(kinds: kinds, writes: false))
        Terminal.out("Signed in with \(connection.description).\n")
        if let identity = connection.identity { Terminal.out("Signed in as \(identity).\n") }
        let grant = connection.session.grant
        let probes: [IntuneGraph.ReadProbe]
        do {
            probes = try await connection.graph.readProbe(kinds)
        } catch {
            throw CommandFailure(error.description)
        }
        var unreadable: [String] = []
        for probe in probes where probe.answer.status != 200 {
            let kind = probe.kind
            let reason =
                probe.answer.status == 401 || probe.answer.status == 403
                ? "GET \(GraphSession.pathOnly(probe.path)): needs the \(grant.permissionWord) \(kind.readPermission) "
                    + "(and \(kind.writePermission) to apply)"
                : GraphError.response(probe.answer.asResponse, method: "GET", url: probe.path, kind: kind, grant: grant)
                    .description
            unreadable.append("  \(kind.name): \(reason)")
        }
        Terminal.out("\(kinds.count - unreadable.count) of \(kinds.count) kinds readable.\n")
        if let fieldReport {
            let report: JSONValue
            do {
                report = try await FieldReport.make(connection.graph, kinds: kinds, toolVersion: Version.current)
                try (report.serialized(pretty: true) + "\n").write(
                    toFile: fieldReport, atomically: true, encoding: .utf8)
            } catch let error as GraphError {
                throw CommandFailure("the field report could not be made: \(error.description)")
            } catch {
                throw CommandFailure("cannot write the field report to \(fieldReport): \(error.localizedDescription)")
            }
            Terminal.out(
                "Wrote the field report to \(fieldReport): property names, counts and status codes only (no names, ids "
                    + "or tenant identifiers). Please attach it to an issue: it settles what docs/field-evidence.md "
                    + "lists.\n")
        }
        if !unreadable.isEmpty {
            Terminal.err("Cannot read:\n" + unreadable.joined(separator: "\n") + "\n")
            throw ExitCode.failure
        }
    }
}
