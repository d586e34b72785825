/// What one tenant of a fleet came to in a plan or an apply (issue 28, items 4 and 6): the report is made of these,
/// and the fleet's exit status is the worst of them.
public struct FleetTenantResult: Sendable {
    /// How the tenant's run ended.
    public enum Outcome: Sendable {
        /// Planned: the plan (which may change nothing).
        case planned(Plan)
        /// Applied (or nothing was to change): the exit status a single-tenant apply gives (0, 1 or 3), and the
        /// report it shows.
        case applied(status: Int32, report: String)
        /// The manifests do not plan against this tenant (names that resolve to nothing, another tenant, …), each
        /// problem with its source line.
        case problems([Diagnostic])
        /// Signing in, reading or writing failed, or the plan was refused: why.
        case failed(String)
        /// Not run: `--fail-fast` stopped the fleet first.
        case notRun
        /// Read back from a fleet's index (`show DIR`) without a plan: the verdict, exit status and text it recorded
        /// ("manifest errors" with the errors, "failed" with why).
        case recorded(verdict: String, status: Int32, text: String)
    }

    /// The tenant's name in the fleet file.
    public var tenant: String
    /// Its id or domain, as the fleet file gives it.
    public var identity: String
    /// How its run ended.
    public var outcome: Outcome
    /// HTTP requests sent to its Graph (retries and `$batch` envelopes included).
    public var requests: Int
    /// Throttling answers its Graph gave (429 and 503).
    public var throttles: Int
    /// Its plan file, relative to the fleet's output folder, once saved.
    public var planFile: String?
    /// The SHA-256 of that file's bytes.
    public var planDigest: String?

    /// A result from its parts.
    public init(
        tenant: String, identity: String, outcome: Outcome, requests: Int = 0, throttles: Int = 0,
        planFile: String? = nil, planDigest: String? = nil
    ) {
        self.tenant = tenant
        self.identity = identity
        self.outcome = outcome
        self.requests = requests
        self.throttles = throttles
        self.planFile = planFile
        self.planDigest = planDigest
    }

    /// The exit status this tenant alone would give: 1 for an error, 3 for writes awaiting approval, 2 for a plan
    /// with changes (only when `detailed`), else 0.
    public func exitStatus(detailed: Bool) -> Int32 {
        switch outcome {
        case .planned(let plan) where plan.rules?.fails == true: 1
        case .planned(let plan): detailed && plan.summary.hasChanges ? 2 : 0
        case .applied(let status, _): status
        case .problems, .failed, .notRun: 1
        case .recorded(_, let status, _): status
        }
    }

    /// The one word a summary table gives it.
    public var verdict: String {
        switch outcome {
        case .planned(let plan) where plan.rules?.fails == true: "rules broken"
        case .planned(let plan): plan.summary.hasChanges ? "changes" : "no changes"
        case .applied(let status, _): status == 0 ? "applied" : status == 3 ? "awaiting approval" : "failed"
        case .problems: "manifest errors"
        case .failed: "failed"
        case .notRun: "not run"
        case .recorded(let verdict, _, _): verdict
        }
    }
}

/// The exit status of a fleet: the worst of its tenants' (1, then 3, then 2, then 0), and the tenant that gave it.
public enum FleetExit {
    /// How bad each status is: 1 is the worst, then 3, then 2, then 0.
    static func rank(_ status: Int32) -> Int {
        switch status {
        case 1: 3
        case 3: 2
        case 2: 1
        default: 0
        }
    }

    /// The worst status of the results, and the first tenant that gave it (`nil` when every tenant gave 0).
    public static func worst(_ results: [FleetTenantResult], detailed: Bool) -> (status: Int32, tenant: String?) {
        var worst: (status: Int32, tenant: String?) = (0, nil)
        for result in results {
            let status = result.exitStatus(detailed: detailed)
            if rank(status) > rank(worst.status) { worst = (status, result.tenant) }
        }
        return worst
    }
}

extension FleetTenant.Identity: CustomStringConvertible {
    /// The id or domain as written.
    public var description: String {
        switch self {
        case .id(let id): id.description
        case .domain(let domain): domain
        }
    }
}
