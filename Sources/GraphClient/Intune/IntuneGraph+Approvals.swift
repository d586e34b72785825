public import IntuneAssignCore

/// An `operationApprovalRequest` as Graph lists it (field-notes §6): the write a second admin must approve.
public struct ApprovalRequest: Hashable, Sendable {
    /// The request's id, which is the approval code that completes it.
    public var id: String
    /// `needsApproval`, `approved`, `rejected`, `cancelled`, `completed` or `expired`.
    public var status: String
    /// The object the write is for.
    public var payloadId: String
    /// `Assign`, `Create`, `Delete`, ...
    public var payloadOperation: String
    /// The body of the write held back.
    public var actionParameters: JSONValue?
    /// The approver's justification, when there is one.
    public var approvalJustification: String?

    /// A request from Graph's JSON; `nil` without an id.
    init?(graph value: JSONValue) {
        guard let id = value["id"]?.stringValue else { return nil }
        self.id = id
        status = value["status"]?.stringValue ?? ""
        payloadId = value["payloadId"]?.stringValue ?? ""
        payloadOperation = value["payloadOperation"]?.stringValue ?? ""
        // Graph may answer the body as an object or as JSON text.
        if let text = value["actionParameters"]?.stringValue {
            actionParameters = try? JSONValue.parse(Array(text.utf8))
        } else {
            actionParameters = value["actionParameters"].flatMap { $0 == .null ? nil : $0 }
        }
        approvalJustification = value["approvalJustification"]?.stringValue
    }

    /// Whether it holds back exactly this write: the same object, operation and body.
    public func holds(_ call: PlannedCall, for configuration: ConfigurationKey) -> Bool {
        guard payloadId.lowercased() == configuration.id.description.lowercased() else { return false }
        let operation: String
        switch call {
        case .assign, .assignDevices: operation = "Assign"
        case .create: operation = "Create"
        case .delete: operation = "Delete"
        }
        return payloadOperation.lowercased() == operation.lowercased()
            && actionParameters?.canonicalText == call.body(kind: configuration.kind)?.canonicalText
    }
}

extension IntuneGraph {
    /// Every Multi Admin Approval request of the tenant (`GET /deviceManagement/operationApprovalRequests`).
    public func approvalRequests() async throws(GraphError) -> [ApprovalRequest] {
        try await session.list("/deviceManagement/operationApprovalRequests").compactMap(ApprovalRequest.init(graph:))
    }
}
