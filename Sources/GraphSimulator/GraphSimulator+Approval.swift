import Foundation
import GraphClient
import IntuneAssignCore

// Multi Admin Approval (shared/graph/field-notes.md §6), as the tenant file's `multiAdminApproval` turns it on:
// - A write under a protected path without `x-msft-approval-justification` is 400 "Header
//   'x-msft-approval-justification' is required to request approval"; nothing is filed (DOC; LIVE:
//   Microsoft365DSC#7236).
// - The header is base64 of UTF-8 text of at most 1,024 characters; anything else is 400 and nothing is filed (DOC).
// - With it, the write is not performed: an approval request is filed, and the answer carries
//   `x-msft-approval-code`. Its status is contested (403 `ApprovalRequired` in the doc, 412 `BadRequest` in two
//   labs): `approvalRequiredStatus` chooses.
// - The same object again while a request for it is pending or approved: 409 "An active Approval Request already
//   exists for this entity" (LIVE). A justification sent with an approval code files anew: the same 409.
// - Completing: the identical method, path and body with `x-msft-approval-code` and without the justification, once
//   approved; the request becomes `completed`. A different request gets 403 (LIVE, two labs).
// - `GET /deviceManagement/operationApprovalRequests[/{id}]` and the contract's function
//   `GET .../operationApprovalRequests/retrieveMyRequests()` answer the documented entity (msgraph-beta-sdk:
//   `id`, `status`, `requestJustification`, `approvalJustification`). `payloadId`, `payloadType`,
//   `payloadOperation` and `actionParameters` (the body), which one operator saw and the contract does not have,
//   are shown only with `multiAdminApproval.payloadProperties` (tests run both ways). The simulator keeps the held
//   write internally either way, to answer 409 and to check a completion.
// - Applications cannot approve in Graph. As a test aid only, `POST /simulator/approvalRequests/{id}/{decision}`
//   (approve, reject, cancel, expire), outside `/beta`, decides a request, as does `decide(_:as:)` in-process.
// - Headers inside `$batch` are unverified in Graph; the simulator honours them there as on plain requests.
extension GraphSimulator {
    /// Decides an approval request as a second admin would: `approved`, `rejected`, `cancelled` or `expired`.
    /// Returns whether a request with that id was waiting for a decision.
    @discardableResult
    public func decide(_ id: String, as status: String, justification: String? = nil) -> Bool {
        lock.withLock { tenantState.decide(id, as: status, justification: justification) }
    }

    /// The test aid's endpoint: `POST /simulator/approvalRequests/{id}/{approve|reject|cancel|expire}`.
    func decisionEndpoint(_ method: String, _ segments: [String]) -> HTTPResponse? {
        guard segments.count == 4, segments[0] == "simulator", segments[1] == "approvalRequests" else { return nil }
        let statuses = ["approve": "approved", "reject": "rejected", "cancel": "cancelled", "expire": "expired"]
        guard method == "POST", let status = statuses[segments[3]] else {
            return error(400, "BadRequest", "POST /simulator/approvalRequests/{id}/(approve|reject|cancel|expire)")
        }
        return tenantState.decide(segments[2], as: status, justification: "decided with the simulator's test aid")
            ? json(204, nil) : notFound("approval request waiting for a decision", segments[2])
    }

    /// What Multi Admin Approval makes of a write, as Graph answers it: `nil` to let it through (not protected, or
    /// completing an approved request), or the answer that holds it back. The store decides (`SimulatedTenant.gate`).
    func approvalGate(_ request: HTTPRequest, method: String, route: String) -> HTTPResponse? {
        let headers = Dictionary(request.headers.map { ($0.key.lowercased(), $0.value) }) { $1 }
        switch tenantState.gate(
            method, route, body: parse(request.body), code: headers["x-msft-approval-code"],
            justification: headers["x-msft-approval-justification"])
        {
        case .pass:
            return nil
        case .unknownCode(let code):
            return error(403, "Forbidden", "No approval request has the id '\(code)'.")
        case .notApproved(let id, let status):
            return error(403, "Forbidden", "Approval request \(id) is \(status), not approved.")
        case .mismatch(let id):
            return error(403, "Forbidden", "The request does not match the one approval request \(id) holds.")
        case .justificationMissing:
            return badRequest("Header 'x-msft-approval-justification' is required to request approval")
        case .justificationInvalid:
            return badRequest(
                "The approval justification must be the base64 of a text of at most 1024 characters; it was too long "
                    + "or not base64.")
        case .conflict:
            return error(409, "Conflict", "An active Approval Request already exists for this entity.")
        case .filed(let id, let status):
            return error(
                status, status == 403 ? "ApprovalRequired" : "BadRequest",
                "Approval Required. Request Approval using the request ID returned as part of the x-msft-approval-code "
                    + "response header",
                headers: ["x-msft-approval-code": id])
        }
    }

    /// `GET /deviceManagement/operationApprovalRequests[/{id}]`, and `.../retrieveMyRequests()` (every request:
    /// the simulator's writes all come from the identities of one tenant file).
    func approvalRequests(_ method: String, _ rest: [String], _ query: Query) -> HTTPResponse {
        let path = "/deviceManagement/operationApprovalRequests"
        guard method == "GET" else { return error(405, "MethodNotAllowed", "Only GET is simulated on \(path).") }
        let items = tenantState.approvalRequests.map(approvalJSON)
        guard let id = rest.first, id != "retrieveMyRequests()" else {
            return page(items, query, path: path, context: context("deviceManagement/operationApprovalRequests"))
        }
        guard let item = items.first(where: { $0["id"]?.stringValue == id.lowercased() }) else {
            return notFound("approval request", id)
        }
        return ok(withContext("deviceManagement/operationApprovalRequests/$entity", item))
    }

    /// An approval request as Graph answers it: the documented entity, and the undocumented payload properties
    /// only when the tenant file asks for them.
    func approvalJSON(_ request: SimulatedTenant.ApprovalRequest) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("@odata.type", "#microsoft.graph.operationApprovalRequest"), ("id", .string(request.id)),
            ("status", .string(request.status)), ("requestJustification", .string(request.requestJustification)),
        ]
        if tenantState.multiAdminApproval?.payloadProperties == true {
            pairs += [
                ("payloadId", .string(request.payloadId)), ("payloadType", .string(request.payloadType)),
                ("payloadOperation", .string(request.payloadOperation)),
                ("actionParameters", request.actionParameters ?? .null),
            ]
        }
        if let text = request.approvalJustification { pairs.append(("approvalJustification", .string(text))) }
        return .object(pairs)
    }
}
