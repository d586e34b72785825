import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import PlanRendering

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
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var output: OutputOptions

    /// The field report is one tenant's.
    func validate() throws {
        if fleet.file != nil, fieldReport != nil {
            throw ValidationError("--field-report is one tenant's; run it without --fleet, signed in to that tenant")
        }
    }

    /// Signs in, says how, and reads one item of every kind.
    func run() async throws {
        if let file = fleet.file { return try await runFleet(file) }
        let kinds = try graph.checkCloud(nil, color: false)
        let connection = try await graph.connect(
            environment: ProcessInfo.processInfo.environment, needs: .init(kinds: kinds, writes: false, tenant: nil))
        Terminal.out("Signed in with \(connection.description).\n")
        if let identity = connection.identity { Terminal.out("Signed in as \(identity).\n") }
        let outcome: CheckOperation.Outcome
        do {
            outcome = try await CheckOperation(graph: connection.graph).run(
                kinds, fieldReport: fieldReport != nil, toolVersion: Version.current, auditSince: Self.auditCutOff())
        } catch {
            throw CommandFailure((fieldReport == nil ? "" : "the field report could not be made: ") + error.description)
        }
        Terminal.out(CheckWords.auditLog(outcome.auditLog) + "\n")
        Terminal.out(CheckWords.reach(outcome.reach) + "\n")
        Terminal.out("\(kinds.count - outcome.unreadable.count) of \(kinds.count) kinds readable.\n")
        if let fieldReport, let report = outcome.fieldReport { try write(report, to: fieldReport) }
        if !outcome.unreadable.isEmpty {
            Terminal.err(
                "Cannot read:\n" + outcome.unreadable.map(CheckWords.unreadable).joined(separator: "\n") + "\n")
            throw ExitCode.failure
        }
    }

    /// Thirty days ago, as ISO 8601 in UTC: `plan --blame`'s default cut-off, from which the audit log is probed (one
    /// page).
    static func auditCutOff() -> String { BlameOptions.cutOff("30d", now: Date()) ?? "" }

    /// Writes the field report and says what it holds.
    func write(_ report: JSONValue, to file: String) throws {
        do {
            try (report.serialized(pretty: true) + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write the field report to \(file): \(error.localizedDescription)")
        }
        Terminal.out(
            "Wrote the field report to \(file): property names, counts and status codes only (no names, ids or "
                + "tenant identifiers). Please attach it to an issue: it settles what docs/field-evidence.md lists.\n")
    }
}
