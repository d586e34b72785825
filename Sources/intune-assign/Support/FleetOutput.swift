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

/// How a fleet's report is written: each tenant's details, the report in a format, the plan files and the index.
enum FleetOutput {
    /// One line on stderr as each tenant ends (a pipeline log shows the fleet moving).
    @Sendable static func finished(_ result: FleetTenantResult) {
        var line = "\(result.tenant): \(result.verdict)"
        if case .planned(let plan) = result.outcome, plan.summary.hasChanges {
            let summary = plan.summary
            line += " (+\(summary.add) ~\(summary.update) -\(summary.remove))"
        }
        line += ", \(result.requests) request\(result.requests == 1 ? "" : "s")"
        if result.throttles > 0 { line += ", throttled \(result.throttles)×" }
        Terminal.err(line + "\n")
    }

    /// Each tenant's details in a format: its plan, its problems at their places, or why it failed.
    /// Problems are shown at their source lines when `tenants` has the tenant's manifests.
    static func details(
        _ results: [FleetTenantResult], tenants: [LoadedTenant] = [], markdown: Bool, color: Bool
    ) -> [String: String] {
        var details: [String: String] = [:]
        let loads = Dictionary(tenants.map { ($0.tenant.name, $0.manifests.result) }) { first, _ in first }
        for result in results {
            switch result.outcome {
            case .planned(let plan):
                guard plan.summary.hasChanges else { continue }
                details[result.tenant] =
                    markdown
                    ? PlanMarkdownRenderer(limit: 16_384).render(plan) : PlanTextRenderer(color: color).render(plan)
            case .problems(let diagnostics):
                let text = DiagnosticRenderer(color: color && !markdown).render(
                    loads[result.tenant]?.withSourceLines(diagnostics) ?? diagnostics)
                details[result.tenant] = markdown ? "```\n\(text)```\n" : text
            case .failed(let reason):
                details[result.tenant] = markdown ? "```\n\(reason)\n```\n" : reason + "\n"
            case .applied(_, let summary):
                details[result.tenant] = summary + "\n"
            case .notRun:
                continue
            }
        }
        return details
    }

    /// The failures' details, by tenant: what the index records for tenants without a plan.
    static func errors(_ results: [FleetTenantResult], details: [String: String]) -> [String: String] {
        details.filter { name, _ in
            results.contains { result in
                guard result.tenant == name else { return false }
                switch result.outcome {
                case .problems, .failed: return true
                case .planned, .applied, .notRun: return false
                }
            }
        }
    }

    /// A tenant's plan file name in an output folder: its name, with anything but letters, digits, `.`, `_` and
    /// `-` as `_`.
    static func planFileName(_ tenant: String) -> String {
        String(
            tenant.unicodeScalars.map { scalar in
                scalar.isASCIIAlphanumeric || "._-".unicodeScalars.contains(scalar) ? Character(scalar) : "_"
            }) + ".plan.json"
    }

    /// Saves each tenant's plan into `folder` and the index beside them; the results come back with their files.
    static func save(
        _ results: [FleetTenantResult], to folder: String, fleet: String, shard: Shard?, detailed: Bool,
        errors: [String: String]
    ) throws -> [FleetTenantResult] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var saved = results
        for index in saved.indices {
            guard case .planned(let plan) = saved[index].outcome else { continue }
            let name = planFileName(saved[index].tenant)
            let path = (folder as NSString).appendingPathComponent(name)
            try PlanOutput.save(plan, to: path)
            guard let bytes = FileManager.default.contents(atPath: path) else {
                throw CommandFailure("cannot read back \(path)")
            }
            saved[index].planFile = name
            saved[index].planDigest = Digests.file([UInt8](bytes))
        }
        let index = FleetIndexFile.encode(
            saved, fleet: fleet, shard: shard?.description, detailed: detailed, errors: errors)
        try Data((index.serialized(pretty: true) + "\n").utf8).write(
            to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(FleetIndexFile.fileName)),
            options: .atomic)
        return saved
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
