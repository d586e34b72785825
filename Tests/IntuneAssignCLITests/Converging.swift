import Foundation
import TestSupport
import Testing

extension CommandRunner {
    /// Applies the saved plan `file` (with `simulate`, the arguments that point at the tenant), then plans
    /// `manifests` again with `extra`, and expects the apply to succeed and the new plan to find nothing to change.
    func expectAppliedAndConverged(
        _ file: String, _ manifests: String, _ extra: [String], simulate: [String], environment: [String: String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let apply = try run(["apply", file] + simulate, environment: environment)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)", sourceLocation: sourceLocation)
        let again = try run(
            ["plan", manifests, "--detailed-exitcode"] + extra + simulate, environment: environment)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)", sourceLocation: sourceLocation)
        #expect(
            again.stdout.hasSuffix("No changes. The tenant matches the manifests.\n"), sourceLocation: sourceLocation)
    }
}

extension CommandRunner {
    /// Plans `manifests` with `extra`, saving the plan into `folder`, and expects it to succeed: the plan's path and
    /// the run.
    func planSaved(
        _ manifests: String, _ extra: [String], into folder: URL, simulate: [String], environment: [String: String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (file: String, run: Run) {
        let file = folder.appendingPathComponent("plan.json").path
        let plan = try run(["plan", manifests, "--out", file] + extra + simulate, environment: environment)
        #expect(plan.status == 0, "\(plan.stderr)", sourceLocation: sourceLocation)
        return (file, plan)
    }
}
