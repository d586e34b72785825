import GraphClient
import IntuneAssignCore

extension PlanApplier {
    /// Where each configuration of an apply stands with Multi Admin Approval (shared/graph/field-notes.md §6).
    /// Approvals are per call: each write carries its own marker in its justification, a request belongs to the
    /// write whose marker it carries, and an approval code completes only that write.
    struct ApprovalState {
        /// Configurations whose next write an approval request holds back, with the request's id.
        var awaiting: [Int: String] = [:]
        /// Configurations an earlier request decided for good (rejected, cancelled, expired), with why: reported as
        /// failed, and not filed again unless `--refile` asks.
        var decided: [Int: String] = [:]
        /// Configurations whose approved request this run completes: the approval code and the marker of the one
        /// write it completes.
        var codes: [Int: (code: String, marker: String)] = [:]
        /// After a 409, the marker of the write whose pending request is still to be found.
        var pendingMarkers: [Int: String] = [:]

        /// Stands for a pending request whose id is still to be found (after a 409).
        static let unknownRequest = "(pending)"

        /// What a refused write means: awaiting approval (a request was filed, or one was pending), or an error,
        /// with the hint to rerun with `--justification` where the tenant asks for one.
        mutating func record(_ error: GraphError, at index: Int, marker: String, into errors: inout [String?]) {
            switch ApprovalAnswer(error) {
            case .approvalRequired(let code)?: awaiting[index] = code
            case .alreadyPending?:
                awaiting[index] = Self.unknownRequest
                pendingMarkers[index] = marker
            case .justificationRequired?:
                errors[index] =
                    error.description + " — this tenant puts the write under Multi Admin Approval: run apply again "
                    + "with --justification TEXT (nothing was filed)"
            case .justificationRefused?, nil:
                errors[index] = error.description
            }
        }

        /// After a 409 ("an active request exists"), finds the pending request by the write's marker among the
        /// requests this identity filed. One that belongs to another write (filed before the manifests or the
        /// tenant changed, or by someone else) holds the object: that configuration fails, saying what to do.
        mutating func findPending(_ graph: IntuneGraph, into errors: inout [String?]) async {
            let requests = (try? await graph.myApprovalRequests()) ?? []
            for (index, request) in awaiting where request == Self.unknownRequest {
                let marker = pendingMarkers[index] ?? ""
                if let pending = requests.last(where: {
                    $0.requestJustification.contains(marker)
                        && ($0.status == "needsApproval" || $0.status == "approved")
                }) {
                    awaiting[index] = pending.id
                } else {
                    awaiting[index] = nil
                    errors[index] =
                        "an approval request for another write of this configuration is pending (filed before the "
                        + "manifests or the tenant changed, or by someone else); have it decided or cancelled in the "
                        + "admin center, then run apply again"
                }
            }
        }
    }

    /// The marker of one write (`Digests.writeMarker`), as it is sent.
    static func marker(_ request: BatchRequest) -> String {
        Digests.writeMarker(method: request.method, path: request.url, body: request.body)
    }

    /// What approval requests filed earlier mean for the configurations to change: still waiting, approved (to be
    /// completed by sending the identical write with the approval code), or decided against. Only a request that
    /// carries the marker of the configuration's next write counts (and, where the tenant gives the undocumented
    /// payload properties, agrees with them); of several, a live one (waiting or approved) wins, then the newest.
    func approvalState(_ changing: [ConfigurationPlan]) async -> ApprovalState {
        var state = ApprovalState()
        // Without the permission to list them, earlier requests cannot be found: writes are sent, and Graph's 409
        // says when one is pending.
        guard let requests = try? await graph.approvalRequests() else { return state }
        for (index, configuration) in changing.enumerated() {
            guard let call = configuration.calls.first else { continue }
            let key = configuration.key
            let marker = Self.marker(BatchRequest(id: "", call: call, to: key))
            let mine = requests.filter { $0.holds(call, for: key, marker: marker) }
            let live = mine.last { $0.status == "needsApproval" || $0.status == "approved" }
            guard let request = live ?? mine.last else { continue }
            switch request.status {
            case "needsApproval":
                state.awaiting[index] = request.id
            case "approved":
                state.codes[index] = (request.id, marker)
            case let status where ["rejected", "cancelled", "expired"].contains(status) && !refile:
                state.decided[index] =
                    "approval request \(request.id) for this write was \(request.status)"
                    + (request.approvalJustification.map { ": \"\(Printable.line($0, limit: 300))\"" } ?? "")
                    + "; it is not filed again: change the manifests to ask for another write, or run apply with "
                    + "--refile to ask again for this one"
            default:
                continue
            }
        }
        return state
    }

    /// Sends writes one by one (Multi Admin Approval's headers inside `$batch` are unverified), a few at a time:
    /// each with the approval code of the approved request for exactly that write, or with the justification and
    /// the write's marker.
    func sendOneByOne(_ requests: [BatchRequest], _ approval: ApprovalState) async -> [String: Result<
        BatchResponse, GraphError
    >] {
        let session = graph.session
        let text = justification ?? ""
        let answers = try? await boundedConcurrently(requests, width: graph.concurrency) { request in
            let marker = Self.marker(request)
            // A code completes only the write it was filed for: a configuration's later call files its own.
            let code = Int(request.id).flatMap { approval.codes[$0] }.flatMap { $0.marker == marker ? $0.code : nil }
            // Completing carries the code and no justification: a justification would file a new request.
            let headers =
                code.map { ["x-msft-approval-code": $0] }
                ?? [
                    "x-msft-approval-justification": ApprovalAnswer.justificationHeader(
                        Digests.justification(text, marker: marker))
                ]
            do throws(GraphError) {
                let response = try await session.send(
                    request.method, request.url, body: request.body, repeatable: request.repeatable, headers: headers)
                let body = try? JSONValue.parse(response.body)
                return (
                    request.id,
                    Result<BatchResponse, GraphError>.success(
                        BatchResponse(id: request.id, status: response.status, headers: response.headers, body: body))
                )
            } catch {
                return (request.id, Result<BatchResponse, GraphError>.failure(error))
            }
        }
        return Dictionary(answers ?? [], uniquingKeysWith: { $1 })
    }
}
