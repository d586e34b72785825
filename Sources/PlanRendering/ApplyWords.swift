public import IntuneAssignCore

/// The words for an apply's outcomes: the one place a failure, a note or a configuration's progress is put into
/// words, for the report and the progress lines alike.
public enum ApplyWords {
    /// Why a configuration's writes did not all take effect, and what to do.
    public static func failure(_ failure: ApplyFailure) -> String {
        switch failure {
        case .refused(let error):
            return error
        case .filtersOutOfScope(let error, let filters):
            let names = filters.map { filter in
                filter.name.map { "\(Printable.quoted($0)) (\(filter.id))" } ?? filter.id.description
            }
            let one = names.count == 1
            return error + " — the assignment filter" + (one ? " " : "s ") + names.joined(separator: ", ")
                + " of this write " + (one ? "is" : "are") + " outside the scope tags of the identity that signs in "
                + "(or was renamed): give it an Intune role whose scope tags include " + (one ? "it" : "them")
                + ", or leave the filter out of the manifest"
        case .justificationRequired(let error):
            return error + " — this tenant puts the write under Multi Admin Approval: run apply again with "
                + "--justification TEXT (nothing was filed)"
        case .noAnswer(let why):
            return "no answer: " + why
        case .approvalDecided(let request, let status, let approver):
            return "approval request \(request) for this write was \(status.name)"
                + (approver.map { ": \"\(Printable.line($0, limit: 300))\"" } ?? "")
                + "; it is not filed again: change the manifests to ask for another write, or run apply with "
                + "--refile to ask again for this one"
        case .heldByAnotherRequest:
            return "an approval request for another write of this configuration is pending (filed before the "
                + "manifests or the tenant changed, or by someone else); have it decided or cancelled in the admin "
                + "center, then run apply again"
        case .doesNotMatch(let waited) where waited > 0:
            return "every call succeeded, but after waiting \(waited) s reads still do not match the plan: they may "
                + "lag behind the writes (plan again in a few minutes)"
        case .doesNotMatch:
            return "every call succeeded, but the tenant does not match the plan"
        }
    }

    /// A write that went another way than planned.
    public static func note(_ note: ApplyNote) -> String {
        switch note {
        case .singleCreateSentAsAssign(let kind):
            "Graph does not route `POST .../assignments` for \(kind) here (400 \"No OData route\"): the addition was "
                + "sent as `assign` with the full set, after reading the configuration again"
        case .assignSentWithCast(let kind, let segment):
            "Graph does not route `assign` for \(kind) without the cast segment here (400 \"No OData route\"): it was "
                + "sent as `…/\(segment)/assign`"
        }
    }

    /// One progress line for a configuration whose writing ended, as `apply` prints it on stderr.
    public static func progress(_ settled: ApplyMachine.Settled) -> String {
        let made =
            "written: \(PlanWords.heading(settled.configuration)) — \(settled.callsMade) of "
            + "\(settled.configuration.calls.count) calls made"
        switch settled.state {
        case .awaitingApproval(.request(let request)): return made + ", awaiting approval: request \(request)\n"
        case .awaitingApproval(.unfound): return made + ", awaiting approval: request not identified yet\n"
        case .failed: return made + ", then an error\n"
        default: return made + "\n"
        }
    }
}

extension ApplyWords {
    /// Why nothing was written, and what to do (printed as the command's error).
    public static func refusal(_ refusal: ApplyRefusal) -> String {
        switch refusal {
        case .otherGraphRoot(let plan, let here):
            return "Refusing the plan: the plan was made against \(plan), not \(here): apply it where it was made, or "
                + "plan again."
        case .otherTenant(let plan, let signedIn):
            return "Refusing the plan: the plan was made for tenant \(plan), but the credentials signed in to tenant "
                + "\(signedIn)."
        case .edited(let edited, let againstManifests):
            let why =
                againstManifests
                ? "it is not the plan these manifests give (the file was edited, or made from other manifests)"
                : "it does not re-derive from what the tenant holds (the file was edited after planning)"
            let lines = listed(
                edited.map {
                    PlanWords.heading($0.configuration) + ": " + $0.differences.prefix(5).joined(separator: "; ")
                })
            return "Refusing the plan: \(why); \(edited.count) configuration"
                + (edited.count == 1 ? " differs" : "s differ") + ":\n" + lines
                + "\nNothing was changed. Make the plan again from the merged manifests."
        case .stale(let stale):
            return "the plan is stale: \(stale.count) of its configurations changed since it was made:\n"
                + listed(stale.map(PlanWords.heading)) + "\nNothing was changed. Run plan again."
        case .tooManyRemovals(let removals, let limit):
            return "the plan removes \(removals) assignments, more than --max-removals \(limit); nothing was changed"
        case .aboveReachLimit(let bounds, let limit):
            let why =
                bounds.largest == nil
                ? "not every target it changes is counted (\(ReachWords.bounds(bounds)))"
                : "it \(ReachWords.bounds(bounds)), above --max-reach \(ReachWords.number(limit))"
            return "refusing the plan: \(why); nothing was changed. Give --allow-reach to apply it all the same"
        case .rulesBroken(let report):
            return "refusing the plan: \(RuleWords.heading(report))\n"
                + report.violations.map { "  " + RuleWords.violation($0) }.joined(separator: "\n")
                + "\nNothing was changed."
        case .notConfirmed(.nobodyToAsk), .notConfirmed(.yes):
            return "not applying without confirmation: run on a terminal, or pass --auto-approve (or apply a saved "
                + "plan file)"
        case .notConfirmed(.declined):
            return "Apply cancelled; nothing was changed."
        case .readFailed(let error):
            return readFailed(error)
        }
    }

    /// Reading the tenant failed before anything was written (plan or apply): Graph's error, and that nothing changed.
    public static func readFailed(_ error: String) -> String { error + "\nNothing was changed." }

    /// Lines of a refusal, indented, the first 20 and then `…`.
    static func listed(_ lines: [String]) -> String {
        lines.prefix(20).map { "  " + $0 }.joined(separator: "\n") + (lines.count > 20 ? "\n  …" : "")
    }
}

/// The words of `check`.
public enum CheckWords {
    /// One line for a kind that cannot be read: which permission it needs, or Graph's error.
    public static func unreadable(_ verdict: ReadVerdict) -> String {
        switch verdict {
        case .needsPermission(let path, let kind, let grant):
            "  \(kind.name): GET \(path): needs the \(grant.permissionWord) \(kind.readPermission) (and "
                + "\(kind.writePermission) to apply)"
        case .refused(let kind, let error): "  \(kind.name): \(error)"
        }
    }

    /// One fleet tenant's line: who signed in, how many kinds it reads, and the permissions (or errors) it lacks.
    public static func tenantLine(
        _ tenant: String, signedIn: String, kinds: Int, unreadable: [ReadVerdict], auditLog: String? = nil
    ) -> String {
        var line = "\(tenant): signed in with \(signedIn); \(kinds - unreadable.count) of \(kinds) kinds readable"
        var permissions: [String] = []
        var refused: [String] = []
        for verdict in unreadable {
            switch verdict {
            case .needsPermission(_, let kind, let grant):
                let word = "\(grant.permissionWord) \(kind.readPermission)"
                if !permissions.contains(word) { permissions.append(word) }
            case .refused(let kind, _): refused.append(kind.name)
            }
        }
        if !permissions.isEmpty { line += "; missing the " + permissions.joined(separator: ", ") }
        if !refused.isEmpty { line += "; Graph refused " + refused.joined(separator: ", ") }
        if let auditLog { line += "; the audit log (plan --blame) \(auditLog)" }
        return line + "."
    }

    /// Whether `plan --reach` can count: what it lacks, or nothing.
    public static func reach(_ problems: [String]) -> String {
        guard !problems.isEmpty else { return "What a change reaches (plan --reach) can be counted." }
        return "What a change reaches (plan --reach) cannot all be counted: " + problems.joined(separator: "; ")
            + "; plans run, saying so."
    }

    /// Whether `plan --blame` can read the audit log: `nil` reason when it can.
    public static func auditLog(_ reason: String?) -> String {
        guard let reason else { return "The audit log (plan --blame) is readable." }
        return "The audit log (plan --blame) cannot be read: \(reason); plans run, saying blame unavailable."
    }
}
