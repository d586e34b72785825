import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore

/// `intune-assign check`: signs in and checks that the assignments of every kind can be read — the permissions a
/// pipeline needs, before it plans.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Sign in with the environment's credentials and check that every kind can be read.",
        discussion: "Exits 0 when every kind is readable, 1 otherwise, naming the permission each missing kind needs."
    )

    @OptionGroup var graph: GraphOptions

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
        if !unreadable.isEmpty {
            Terminal.err("Cannot read:\n" + unreadable.joined(separator: "\n") + "\n")
            throw ExitCode.failure
        }
    }
}
