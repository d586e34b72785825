import Foundation
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

/// What Multi Admin Approval makes of one write (the store's decision; the routes put it into HTTP).
enum ApprovalGate: Equatable {
    /// Not protected, or completing the approved request it carries the code of: the write goes through.
    case pass
    /// An approval code no request has.
    case unknownCode(String)
    /// The request the code names is not approved.
    case notApproved(id: String, status: String)
    /// The write is not the one the approved request holds.
    case mismatch(id: String)
    /// Protected, and no justification came.
    case justificationMissing
    /// The justification is not the base64 of at most 1,024 characters.
    case justificationInvalid
    /// A live request holds the object already.
    case conflict
    /// A request was filed for the write: its id, and the status the answer carries (403, or 412 where labs saw it).
    case filed(id: String, status: Int)
}

extension SimulatedTenant {
    /// Decides an approval request as a second admin would: `approved`, `rejected`, `cancelled` or `expired`.
    /// Whether a request with that id was waiting for a decision (or approved, for any other decision).
    mutating func decide(_ id: String, as status: String, justification: String?) -> Bool {
        guard let index = approvalRequests.firstIndex(where: { $0.id == id.lowercased() }),
            approvalRequests[index].status == "needsApproval"
                || (approvalRequests[index].status == "approved" && status != "approved")
        else { return false }
        approvalRequests[index].status = status
        approvalRequests[index].approvalJustification = justification
        return true
    }

    /// What Multi Admin Approval makes of a write to `route` (after `/beta`) carrying `code` or `justification`
    /// (base64, as the header carries it): completing an approved request marks it completed; a justification
    /// files a request for exactly this write, unless a live one holds the object.
    mutating func gate(
        _ method: String, _ route: String, body: JSONValue?, code: String?, justification: String?
    ) -> ApprovalGate {
        guard let maa = multiAdminApproval, maa.protectedPaths.contains(where: { route.hasPrefix($0) }) else {
            return .pass
        }
        let payload = Self.payload(of: route)
        if let code, justification == nil {
            guard let index = approvalRequests.firstIndex(where: { $0.id == code.lowercased() }) else {
                return .unknownCode(code)
            }
            let held = approvalRequests[index]
            guard held.status == "approved" else { return .notApproved(id: held.id, status: held.status) }
            guard held.method == method, held.path == route, held.actionParameters?.canonicalText == body?.canonicalText
            else { return .mismatch(id: held.id) }
            approvalRequests[index].status = "completed"
            return .pass
        }
        guard let justification else { return .justificationMissing }
        guard let data = Data(base64Encoded: justification), let text = String(data: data, encoding: .utf8),
            text.count <= 1_024
        else { return .justificationInvalid }
        if approvalRequests.contains(where: {
            $0.payloadId == payload.id && ($0.status == "needsApproval" || $0.status == "approved")
        }) {
            return .conflict
        }
        let id = GUID(high: 0xA99A_0000_0000_4000, low: 0x8000_0000_0000_0000 | UInt64(approvalRequests.count + 1))
            .description
        let operation = route.hasSuffix("/assign") ? "Assign" : (method == "DELETE" ? "Delete" : "Create")
        approvalRequests.append(
            ApprovalRequest(
                id: id, requestJustification: text, payloadId: payload.id, payloadType: payload.type,
                payloadOperation: operation, actionParameters: body, method: method, path: route))
        return .filed(id: id, status: maa.approvalRequiredStatus ?? 403)
    }

    /// The object a write is for: the id after the kind's collection path, and the collection's name.
    static func payload(of route: String) -> (id: String, type: String) {
        for kind in Kinds.all where route.hasPrefix(kind.collectionPath + "/") {
            let rest = route.dropFirst(kind.collectionPath.count + 1)
            return (
                String(rest.split(separator: "/").first ?? ""),
                kind.collectionPath.split(separator: "/").last.map(String.init) ?? ""
            )
        }
        return ("", "")
    }
}
