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
