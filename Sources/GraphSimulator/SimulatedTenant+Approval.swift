public import IntuneAssignCore

extension SimulatedTenant {
    /// Multi Admin Approval as the tenant has turned it on (the simulator's model of field-notes §6).
    public struct MultiAdminApproval: Codable, Hashable, Sendable {
        /// Path prefixes (after `/beta`) whose writes need a second admin's approval, such as
        /// `/deviceManagement/configurationPolicies`.
        public var protectedPaths: [String]
        /// The status of the "approval required" answer: 403 (Microsoft's page) or 412 (two labs). 403 when absent.
        public var approvalRequiredStatus: Int?
        /// Whether requests show `payloadId`, `payloadType`, `payloadOperation` and `actionParameters`, which one
        /// operator saw and Microsoft's contract does not have. Absent or false: the documented entity only.
        public var payloadProperties: Bool?

        /// Approval for writes under these paths.
        public init(protectedPaths: [String], approvalRequiredStatus: Int? = nil, payloadProperties: Bool? = nil) {
            self.protectedPaths = protectedPaths
            self.approvalRequiredStatus = approvalRequiredStatus
            self.payloadProperties = payloadProperties
        }
    }

    /// An `operationApprovalRequest`, with the exact request it holds back.
    public struct ApprovalRequest: Codable, Hashable, Sendable {
        /// The request's id, which is also the approval code.
        public var id: String
        /// `needsApproval`, `approved`, `rejected`, `cancelled`, `completed` or `expired`.
        public var status: String
        /// The requester's justification, decoded.
        public var requestJustification: String
        /// The approver's justification, once decided.
        public var approvalJustification: String?
        /// The id of the object the write is for.
        public var payloadId: String
        /// The collection the object is in (the simulator's stand-in for Graph's `payloadType`).
        public var payloadType: String
        /// `Assign`, `Create` or `Delete`.
        public var payloadOperation: String
        /// The body of the held-back write.
        public var actionParameters: JSONValue?
        /// The held-back write's method and path (after `/beta`): completing it takes exactly these.
        public var method: String
        /// The held-back write's path.
        public var path: String

        /// A request as filed.
        public init(
            id: String, status: String = "needsApproval", requestJustification: String, payloadId: String,
            payloadType: String, payloadOperation: String, actionParameters: JSONValue?, method: String, path: String
        ) {
            self.id = id
            self.status = status
            self.requestJustification = requestJustification
            self.payloadId = payloadId
            self.payloadType = payloadType
            self.payloadOperation = payloadOperation
            self.actionParameters = actionParameters
            self.method = method
            self.path = path
        }
    }
}
