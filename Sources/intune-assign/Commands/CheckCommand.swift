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
        let connection = try await graph.connect(environment: ProcessInfo.processInfo.environment)
        Terminal.out("Signed in with \(connection.description).\n")
        let answers: [(kind: Kind, answer: BatchResponse)]
        do {
            answers = try await connection.graph.readProbe(Kinds.all)
        } catch {
            throw CommandFailure(error.description)
        }
        var unreadable: [String] = []
        for (kind, answer) in answers where answer.status != 200 {
            let reason =
                answer.status == 401 || answer.status == 403
                ? "needs \(kind.readPermission) (and \(kind.writePermission) to apply)"
                : "HTTP \(answer.status) \(answer.body?["error"]?["code"]?.stringValue ?? "")"
            unreadable.append("  \(kind.name): \(reason)")
        }
        Terminal.out("\(Kinds.all.count - unreadable.count) of \(Kinds.all.count) kinds readable.\n")
        if !unreadable.isEmpty {
            Terminal.err("Cannot read:\n" + unreadable.joined(separator: "\n") + "\n")
            throw ExitCode.failure
        }
    }
}
