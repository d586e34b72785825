import ArgumentParser
import Foundation
import IntuneAssignCore
import IntuneAssignOperations
import PlanRendering
import Synchronization

/// A plan view for one tenant of a fleet: it shows nothing as it goes (tenants run side by side) and keeps the
/// problems found, for the tenant's part of the report.
final class CollectingPlanView: PlanView, Sendable {
    private let found = Mutex<[Diagnostic]>([])

    var diagnostics: [Diagnostic] { found.withLock { $0 } }
    func reading(_ progress: ReadProgress) {}
    func readingDone() {}
    func problems(_ diagnostics: [Diagnostic]) { found.withLock { $0 += diagnostics } }
    func planned(_ plan: Plan) {}
}

/// How a fleet's report is written: a line per tenant as it ends, the report in a format, the plan files and the
/// index.
enum FleetOutput {
    /// The line said on stderr as a tenant ends (a pipeline log shows the fleet moving).
    static func finishedLine(_ result: FleetTenantResult) -> String {
        var line = "\(result.tenant): \(result.verdict)"
        if case .planned(let plan) = result.outcome, plan.summary.hasChanges {
            let summary = plan.summary
            line += " (+\(summary.add) ~\(summary.update) -\(summary.remove))"
        }
        line += ", \(result.requests) request\(result.requests == 1 ? "" : "s")"
        if result.throttles > 0 { line += ", throttled \(result.throttles)×" }
        return line
    }

    /// The report in a format, on stdout, and as the GitHub Actions job summary.
    static func show(
        _ results: [FleetTenantResult], renderer: FleetReportRenderer, format: PlanFormat, fleet: String,
        shard: Shard?, detailed: Bool
    ) throws {
        let markdown = renderer.markdown(results, detailed: detailed)
        switch format {
        case .text: Terminal.out(renderer.text(results, detailed: detailed))
        case .markdown: Terminal.out(markdown)
        case .json:
            Terminal.out(
                FleetIndexFile.encode(results, fleet: fleet, shard: shard?.description, detailed: detailed)
                    .serialized(pretty: true) + "\n")
        }
        try GitHubActions.appendSummary(markdown, environment: ProcessInfo.processInfo.environment)
    }

    /// A tenant's plan file name in an output folder: its name as a file name, then `.plan.json`.
    static func planFileName(_ tenant: String) -> String { fileName(tenant) + ".plan.json" }

    /// A tenant's name as a file or folder name: anything but letters, digits, `.`, `_` and `-` as `_`.
    static func fileName(_ tenant: String) -> String {
        String(
            tenant.unicodeScalars.map { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
    }

    /// Saves each tenant's plan into `folder` and the index beside them; the results come back with their files.
    static func save(
        _ results: [FleetTenantResult], to folder: String, fleet: String, shard: Shard?, detailed: Bool
    ) throws -> [FleetTenantResult] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var saved = results
        for index in saved.indices {
            // A plan that breaks the tenant's rules is not saved, as for one tenant: apply finds no plan for it.
            guard case .planned(let plan) = saved[index].outcome, plan.rules?.fails != true else { continue }
            let name = planFileName(saved[index].tenant)
            let path = (folder as NSString).appendingPathComponent(name)
            try PlanOutput.save(plan, to: path)
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("cannot read back \(path)")
            }
            saved[index].planFile = name
            saved[index].planDigest = Digests.file([UInt8](bytes))
        }
        let index = FleetIndexFile.encode(saved, fleet: fleet, shard: shard?.description, detailed: detailed)
        try Data((index.serialized(pretty: true) + "\n").utf8).write(
            to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(FleetIndexFile.fileName)),
            options: .atomic)
        return saved
    }
}
