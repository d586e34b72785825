/// Why a configuration's writes did not all take effect. Typed here; `ApplyReportRenderer` is the one place that
/// puts an outcome into words.
public enum ApplyFailure: Hashable, Sendable {
    /// Graph refused a write: its error as the client describes it (status, code, message, request id).
    case refused(String)
    /// Graph refused a write with "Scope Tags validation failed : Filters" (field-notes §8): the write's filters are
    /// outside the scope tags of the identity that signs in.
    case filtersOutOfScope(String, filters: [FilterMention])
    /// The tenant puts the write under Multi Admin Approval and asks for a justification the run did not give:
    /// nothing was filed.
    case justificationRequired(String)
    /// No answer came (the connection, the retries, the sign-in): why.
    case noAnswer(String)
    /// An approval request filed earlier for exactly this write was decided against; it is not filed again unless
    /// `--refile` asks.
    case approvalDecided(request: String, status: ApprovalStatus, approverJustification: String?)
    /// A pending approval request for another write of this configuration holds the object (filed before the
    /// manifests or the tenant changed, or by someone else).
    case heldByAnotherRequest
    /// Every call succeeded, yet reading the configuration again does not show the plan; `waited` seconds were spent
    /// reading it again because reads lag behind writes (0: the read was not retried).
    case doesNotMatch(waited: Int)
}

/// A filter a refused write carries: its id, and its name when the plan knows it.
public struct FilterMention: Hashable, Sendable {
    /// The filter's id.
    public var id: GUID
    /// Its name, as the plan read it.
    public var name: String?

    /// A filter by id, with its name when known.
    public init(id: GUID, name: String?) {
        self.id = id
        self.name = name
    }
}

/// What happened on the way that a reader of the report should know.
public enum ApplyNote: Hashable, Sendable {
    /// A single create was not routed (400 "No OData route") and the addition went as `assign` with the full set,
    /// after the configuration was read again and found as planned.
    case singleCreateSentAsAssign(kind: String)
    /// `assign` was not routed without the kind's cast segment and went as `…/SEGMENT/assign`.
    case assignSentWithCast(kind: String, segment: String)
}

/// The status of a Multi Admin Approval request (`operationApprovalRequest.status`, Graph beta reference).
public enum ApprovalStatus: Hashable, Sendable {
    /// Waiting for a second admin.
    case needsApproval
    /// Approved: the same write, sent with the request's id as approval code, completes it.
    case approved
    /// Rejected by the approver.
    case rejected
    /// Cancelled by the requester.
    case cancelled
    /// Completed: the approved write was made.
    case completed
    /// Expired before anyone decided.
    case expired
    /// A value the reference does not list, kept as Graph sent it.
    case other(String)

    /// The status Graph names `text`.
    public init(_ text: String) {
        switch text {
        case "needsApproval": self = .needsApproval
        case "approved": self = .approved
        case "rejected": self = .rejected
        case "cancelled": self = .cancelled
        case "completed": self = .completed
        case "expired": self = .expired
        default: self = .other(text)
        }
    }

    /// Graph's name for it.
    public var name: String {
        switch self {
        case .needsApproval: "needsApproval"
        case .approved: "approved"
        case .rejected: "rejected"
        case .cancelled: "cancelled"
        case .completed: "completed"
        case .expired: "expired"
        case .other(let text): text
        }
    }

    /// Whether the request still decides the write: waiting, or approved and not yet completed.
    public var isLive: Bool { self == .needsApproval || self == .approved }
    /// Whether it was decided against for good: rejected, cancelled or expired.
    public var isDecidedAgainst: Bool { self == .rejected || self == .cancelled || self == .expired }
}

/// An approval request this identity filed, as the apply machine needs it: its id (the approval code), status, and
/// the requester's justification, which carries the marker of the write it holds back.
public struct FiledRequest: Hashable, Sendable {
    /// The request's id.
    public var id: String
    /// Where it stands.
    public var status: ApprovalStatus
    /// The requester's justification.
    public var justification: String
    /// The approver's justification, when there is one.
    public var approverJustification: String?

    /// A request from its parts.
    public init(id: String, status: ApprovalStatus, justification: String, approverJustification: String? = nil) {
        self.id = id
        self.status = status
        self.justification = justification
        self.approverJustification = approverJustification
    }
}

/// Why an apply wrote nothing: each refusal is decided before the first write.
public enum ApplyRefusal: Sendable {
    /// The plan was made against another Graph root.
    case otherGraphRoot(plan: String, here: String)
    /// The plan was made for another tenant than the credentials signed in to.
    case otherTenant(plan: GUID, signedIn: GUID)
    /// The file says what the tenant (or, `againstManifests`, the manifests) does not give: each configuration with
    /// what differs, in words.
    case edited([(configuration: ConfigurationPlan, differences: [String])], againstManifests: Bool)
    /// These configurations changed since the plan was made.
    case stale([ConfigurationPlan])
    /// The plan removes more assignments than `--max-removals` allows.
    case tooManyRemovals(Int, limit: Int)
    /// The plan reaches more users or devices than `--max-reach` allows (or its reach is not known), and
    /// `--allow-reach` was not given: the plan's bounds and the limit.
    case aboveReachLimit(Reach.Bounds, limit: Int)
    /// The plan leaves the tenant breaking its rules (`--rules`): the report.
    case rulesBroken(RuleReport)
    /// Nobody said yes.
    case notConfirmed(ApplyConfirmation)
    /// Reading the tenant failed before anything was written: Graph's error.
    case readFailed(String)
}
