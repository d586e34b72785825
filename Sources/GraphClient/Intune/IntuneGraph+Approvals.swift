public import IntuneAssignCore

/// An `operationApprovalRequest` as Graph lists it (field-notes §6): the write a second admin must approve. Only
/// documented properties are required (`id`, `status`, `requestJustification`, `approvalJustification`: the
/// msgraph-beta-sdk contract). `payloadId`, `payloadOperation` and `actionParameters` are seen on some tenants only
/// (one operator's notes) and are not in the contract: when present they confirm a match, and they are never needed.
public struct ApprovalRequest: Hashable, Sendable {
    /// The request's id, which is the approval code that completes it.
    public var id: String
    /// Where it stands.
    public var status: ApprovalStatus
    /// The requester's justification, which carries the marker of the write it holds back.
    public var requestJustification: String
    /// The approver's justification, when there is one.
    public var approvalJustification: String?
    /// Undocumented: the object the write is for, when the tenant says.
    public var payloadId: String?
    /// Undocumented: `Assign`, `Create`, `Delete`, ..., when the tenant says.
    public var payloadOperation: String?
    /// Undocumented: the body of the write held back, when the tenant says.
    public var actionParameters: JSONValue?

    /// A request from Graph's JSON; `nil` without an id.
    init?(graph value: JSONValue) {
        guard let id = value["id"]?.stringValue else { return nil }
        self.id = id
        status = ApprovalStatus(value["status"]?.stringValue ?? "")
        requestJustification = value["requestJustification"]?.stringValue ?? ""
        approvalJustification = value["approvalJustification"]?.stringValue
        payloadId = value["payloadId"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        payloadOperation = value["payloadOperation"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        // Graph may answer the body as an object or as JSON text.
        if let text = value["actionParameters"]?.stringValue {
            actionParameters = try? JSONValue.parse(Array(text.utf8))
        } else {
            actionParameters = value["actionParameters"].flatMap { $0 == .null ? nil : $0 }
        }
    }

    /// What the apply machine needs of it.
    public var filed: FiledRequest {
        FiledRequest(
            id: id, status: status, justification: requestJustification, approverJustification: approvalJustification)
    }

    /// Whether it holds back exactly this write: its justification carries the write's marker, and the undocumented
    /// properties, where the tenant gives them, agree (the same object, operation and body).
    public func holds(_ call: PlannedCall, for configuration: ConfigurationKey, marker: String) -> Bool {
        guard requestJustification.contains(marker) else { return false }
        if let payloadId, payloadId.lowercased() != configuration.id.description.lowercased() { return false }
        if let payloadOperation {
            let operation: String?
            switch call {
            case .assign, .assignDevices: operation = "Assign"
            case .create: operation = "Create"
            case .delete: operation = "Delete"
            // No request for a device group action has been seen; its operation's name is not guessed.
            case .setDeviceGroup, .clearDeviceGroup, .updateRoleAssignment, .setDefaultProfile: operation = nil
            }
            if let operation, payloadOperation.lowercased() != operation.lowercased() { return false }
        }
        if let actionParameters, actionParameters.canonicalText != call.body(kind: configuration.kind)?.canonicalText {
            return false
        }
        return true
    }
}

extension IntuneGraph {
    /// Every Multi Admin Approval request of the tenant (`GET /deviceManagement/operationApprovalRequests`).
    public func approvalRequests() async throws(GraphError) -> [ApprovalRequest] {
        try await collection("/deviceManagement/operationApprovalRequests").compactMap(ApprovalRequest.init(graph:))
    }

    /// The requests this identity filed: the contract's function `retrieveMyRequests()` (msgraph-beta-sdk:
    /// `GET /deviceManagement/operationApprovalRequests/retrieveMyRequests()`), or, where a tenant does not route it,
    /// every request.
    public func myApprovalRequests() async throws(GraphError) -> [ApprovalRequest] {
        do {
            return try await collection("/deviceManagement/operationApprovalRequests/retrieveMyRequests()")
                .compactMap(ApprovalRequest.init(graph:))
        } catch  where error.status == 400 || error.status == 404 || error.status == 405 {
            return try await approvalRequests()
        }
    }
}
