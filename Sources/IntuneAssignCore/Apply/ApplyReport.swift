/// What became of each configuration an apply set out to change, as established by reading it again afterwards.
public struct ApplyReport: Hashable, Sendable {
    /// One configuration's outcome.
    public struct Entry: Hashable, Sendable {
        /// How a configuration came out.
        public enum State: String, Hashable, Sendable {
            /// Every call answered and the tenant now matches the plan.
            case changed
            /// Some of its calls took effect, not all (the tenant is between before and after).
            case partlyChanged = "partly changed"
            /// Its calls failed and the tenant is as it was, or it does not match the plan.
            case failed
            /// No call was sent for it.
            case notAttempted = "not attempted"
            /// Multi Admin Approval holds its write back until a second admin approves it; the same apply, run again
            /// after the approval, finishes it.
            case awaitingApproval = "awaiting approval"
        }

        /// The configuration's plan.
        public var configuration: ConfigurationPlan
        /// How it came out.
        public var state: State
        /// Calls answered with success.
        public var callsMade: Int
        /// Why its writes did not all take effect, when they did not.
        public var failure: ApplyFailure?
        /// What still differs from the plan after the run (empty when it matches).
        public var differences: [String]
        /// The Multi Admin Approval request that holds its write back, when it awaits approval.
        public var approvalRequest: String?
        /// What happened on the way that a reader should know: a write sent another way than planned (a single
        /// create not routed, sent as `assign`; `assign` sent with its cast segment).
        public var notes: [ApplyNote] = []

        /// An outcome from its parts (`classify` decides them).
        public init(
            configuration: ConfigurationPlan, state: State, callsMade: Int, failure: ApplyFailure? = nil,
            differences: [String] = [], approvalRequest: String? = nil
        ) {
            self.configuration = configuration
            self.state = state
            self.callsMade = callsMade
            self.failure = failure
            self.differences = differences
            self.approvalRequest = approvalRequest
        }
    }

    /// One entry per configuration the plan changes.
    public var entries: [Entry]
    /// Why the configurations could not be read again after writing, if they could not.
    public var verificationError: String?

    /// A report of these entries.
    public init(entries: [Entry], verificationError: String? = nil) {
        self.entries = entries
        self.verificationError = verificationError
    }

    /// Whether the tenant was read again and every configuration is as planned.
    public var succeeded: Bool { verificationError == nil && entries.allSatisfy { $0.state == .changed } }
    /// Whether the run ended with writes awaiting approval and nothing else wrong: every configuration is changed or
    /// awaits approval, and at least one awaits (exit status 3).
    public var onlyAwaitingApproval: Bool {
        verificationError == nil && entries.contains { $0.state == .awaitingApproval }
            && entries.allSatisfy { $0.state == .changed || $0.state == .awaitingApproval }
    }
    /// How many configurations came out in this state.
    public func count(_ state: Entry.State) -> Int { entries.count { $0.state == state } }

    /// What reading a configuration again after the run showed.
    public struct ReadBack: Hashable, Sendable {
        /// What differs from the plan (empty when it matches).
        public var differences: [String]
        /// Whether the read is what the plan read before (nothing took effect).
        public var unchanged: Bool
        /// Seconds spent reading it again because reads did not match yet (reads lag behind writes).
        public var waited: Double

        /// A read-back from its parts.
        public init(differences: [String], unchanged: Bool, waited: Double = 0) {
            self.differences = differences
            self.unchanged = unchanged
            self.waited = waited
        }
    }

    /// Classifies one configuration from what its calls answered and what reading it again showed.
    /// - Parameters:
    ///   - attempted: whether any of its calls was sent.
    ///   - callsMade: calls answered with success.
    ///   - failure: why its first failed call failed.
    ///   - readBack: what reading it again showed (`nil` if it could not be read again).
    public static func classify(
        _ configuration: ConfigurationPlan, attempted: Bool, callsMade: Int, failure: ApplyFailure?,
        readBack: ReadBack?
    ) -> Entry {
        let (differences, unchanged, waited) = (
            readBack?.differences, readBack?.unchanged ?? false, readBack?.waited ?? 0
        )
        let allAnswered = failure == nil && callsMade == configuration.calls.count
        let state: Entry.State
        var failure = failure
        switch differences {
        case .some([]): state = .changed
        case nil: state = allAnswered ? .changed : (attempted ? .failed : .notAttempted)
        case .some:
            if !attempted {
                state = .notAttempted
            } else if allAnswered, waited > 0 {
                // Graph accepted every write; its reads may still be behind them.
                state = .partlyChanged
            } else if unchanged {
                state = .failed
            } else {
                state = allAnswered ? .failed : .partlyChanged
            }
            if allAnswered { failure = .doesNotMatch(waited: Int(waited.rounded())) }
        }
        return Entry(
            configuration: configuration, state: state, callsMade: callsMade, failure: failure,
            differences: differences ?? [])
    }
}
