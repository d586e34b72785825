import GraphClient
import IntuneAssignCore

extension PlanApplier {
    /// Where each configuration of an apply stands with Multi Admin Approval (shared/graph/field-notes.md §6).
    struct ApprovalState {
        /// Configurations whose write an approval request holds back, with the request's id.
        var awaiting: [Int: String] = [:]
        /// Configurations an earlier request decided for good (rejected, cancelled, expired, or approved for
        /// another write), with why: reported as failed.
        var decided: [Int: String] = [:]
        /// Configurations whose approved request this run completes, with its approval code.
        var codes: [Int: String] = [:]

        /// Stands for a pending request whose id is still to be found (after a 409).
        static let unknownRequest = "(pending)"

        /// What a refused write means: awaiting approval (a request was filed, or one was pending), or an error,
        /// with the hint to rerun with `--justification` where the tenant asks for one.
        mutating func record(_ error: GraphError, at index: Int, into errors: inout [String?]) {
            switch ApprovalAnswer(error) {
            case .approvalRequired(let code)?: awaiting[index] = code
            case .alreadyPending?: awaiting[index] = Self.unknownRequest
            case .justificationRequired?:
                errors[index] =
                    error.description + " — this tenant puts the write under Multi Admin Approval: run apply again "
                    + "with --justification TEXT (nothing was filed)"
            case .justificationRefused?, nil:
                errors[index] = error.description
            }
        }

        /// Finds the ids of pending requests that a 409 reported without naming them.
        mutating func findPending(_ changing: [ConfigurationPlan], _ graph: IntuneGraph) async {
            let requests = (try? await graph.approvalRequests()) ?? []
            for (index, request) in awaiting where request == Self.unknownRequest {
                let id = changing[index].id.description.lowercased()
                if let pending = requests.last(where: {
                    $0.payloadId.lowercased() == id && ($0.status == "needsApproval" || $0.status == "approved")
                }) {
                    awaiting[index] = pending.id
                }
            }
        }
    }

    /// What approval requests filed earlier mean for the configurations to change: still waiting, approved (to be
    /// completed by sending the identical write with the approval code), or decided against. Only a request that
    /// holds exactly this plan's write counts; an approved request for another write is never completed.
    func approvalState(_ changing: [ConfigurationPlan]) async -> ApprovalState {
        var state = ApprovalState()
        // Without the permission to list them, earlier requests cannot be found: writes are sent, and Graph's 409
        // says when one is pending.
        guard let requests = try? await graph.approvalRequests() else { return state }
        for (index, configuration) in changing.enumerated() {
            guard let call = configuration.calls.first else { continue }
            let key = ConfigurationKey(kind: configuration.kind, id: configuration.id)
            let open = requests.filter {
                $0.payloadId.lowercased() == key.id.description.lowercased() && $0.status != "completed"
            }
            guard let request = open.last(where: { $0.holds(call, for: key) }) ?? open.last else { continue }
            let exact = request.holds(call, for: key)
            switch request.status {
            case "needsApproval":
                state.awaiting[index] = request.id
            case "approved" where exact:
                state.codes[index] = request.id
            case "approved":
                state.decided[index] =
                    "approval request \(request.id) was approved for another write than this plan's (the manifests "
                    + "or the tenant changed since it was filed): it is not completed; cancel it in the admin center "
                    + "and apply a new plan"
            case let status where exact:
                state.decided[index] =
                    "approval request \(request.id) was \(status)"
                    + (request.approvalJustification.map { ": \"\(Printable.line($0, limit: 300))\"" } ?? "")
                    + "; the same write is not asked for again while that request stands: change the manifests to "
                    + "ask for another"
            default:
                continue
            }
        }
        return state
    }

    /// Sends writes one by one (Multi Admin Approval's headers inside `$batch` are unverified), a few at a time:
    /// each with the approval code of its approved request, or with the justification.
    func sendOneByOne(_ requests: [BatchRequest], _ approval: ApprovalState) async -> [String: Result<
        BatchResponse, GraphError
    >] {
        let session = graph.session
        let header = ApprovalAnswer.justificationHeader(justification ?? "")
        let answers = try? await boundedConcurrently(requests, width: graph.concurrency) { request in
            let code = Int(request.id).flatMap { approval.codes[$0] }
            // Completing carries the code and no justification: a justification would file a new request.
            let headers =
                code.map { ["x-msft-approval-code": $0] } ?? ["x-msft-approval-justification": header]
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
