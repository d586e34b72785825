/// What goes in and out of `ApplyMachine`: the writes it asks for, Graph's answers sorted by meaning, the next
/// action, and the configurations whose writing ended.
extension ApplyMachine {
    /// An approved request's code, and the marker of the one write it completes.
    public struct ApprovedRequest: Hashable, Sendable {
        /// The approval code (the request's id).
        public var code: String
        /// The marker of the write it was filed for.
        public var marker: String

        /// An approved request's code and marker.
        public init(code: String, marker: String) {
            self.code = code
            self.marker = marker
        }
    }

    /// One write to send.
    public struct Write: Hashable, Sendable {
        /// Whose write it is.
        public var configuration: ConfigurationKey
        /// The call.
        public var call: PlannedCall
        /// The kind's `assign` cast segment when the write goes by the cast route (`…/{id}/SEGMENT/assign`).
        public var cast: String?
        /// An approved request of this configuration: its code completes the write only if the write's marker is
        /// the one the request was filed for.
        public var approved: ApprovedRequest?
    }

    /// What Graph answered to one write, sorted by what it means.
    public enum Answer: Hashable, Sendable {
        /// 2xx.
        case succeeded
        /// 400 "No OData route": the write may go another way (field-notes §8). Graph's error.
        case notRouted(String)
        /// Refused, with Graph's error.
        case refused(String)
        /// "Scope Tags validation failed : Filters", with Graph's error.
        case filtersOutOfScope(String)
        /// Multi Admin Approval asks for a justification this run did not give.
        case justificationRequired(String)
        /// Multi Admin Approval filed this request for the write.
        case approvalRequired(request: String)
        /// Multi Admin Approval: a request is already pending for this object (409); the marker of the write sent.
        case alreadyPending(marker: String)
        /// No answer, and why; `signInLost` when the credentials were refused (401): nothing more is sent.
        case noAnswer(String, signInLost: Bool)
    }

    /// What the driver does next.
    public enum Action: Hashable, Sendable {
        /// Send these writes (independent of each other) and report their answers (`answered`).
        case send([Write])
        /// Read these configurations again and report them (`confirmed`) before a write goes another way.
        case confirm([ConfigurationKey])
        /// List the approval requests this identity filed and report them (`found`).
        case findPendingRequests
        /// Wait `after` seconds, read these configurations again and report them (`read`, or `readFailed`).
        case read([ConfigurationKey], after: Double)
        /// Done.
        case finish(ApplyReport)
    }

    /// A configuration whose writing just ended: its last call answered, a call failed, or approval holds it.
    public struct Settled: Hashable, Sendable {
        /// The configuration, with the calls as sent.
        public var configuration: ConfigurationPlan
        /// Calls answered with success.
        public var callsMade: Int
        /// Where it stands.
        public var state: State
    }
}
