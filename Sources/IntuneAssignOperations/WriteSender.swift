import GraphClient
import IntuneAssignCore

/// The wire under `ApplyMachine`: turns its writes into requests, sends them (in `$batch`es, or one by one under
/// Multi Admin Approval), and sorts what Graph answered into the machine's terms. It decides nothing.
struct WriteSender: Sendable {
    /// Where writes go.
    let graph: IntuneGraph
    /// Multi Admin Approval: the justification every write carries; with it writes go one by one.
    let justification: String?

    /// Sends the writes and says what each answered; a write missing from the result was not sent.
    func send(_ writes: [ApplyMachine.Write]) async -> [ConfigurationKey: ApplyMachine.Answer] {
        // The batch id only pairs an answer with its write within this send.
        let requests = writes.enumerated().map { position, write in
            var request = BatchRequest(id: String(position), call: write.call, to: write.configuration)
            if let segment = write.cast {
                request.url = String(request.url.dropLast("/assign".count)) + "/\(segment)/assign"
            }
            return request
        }
        let results = justification == nil ? await batched(requests) : await oneByOne(requests, writes)
        var answers: [ConfigurationKey: ApplyMachine.Answer] = [:]
        for (request, write) in zip(requests, writes) {
            answers[write.configuration] = await answer(
                results[request.id], to: request, kind: write.configuration.kind)
        }
        return answers
    }

    /// What Graph's answer to one write means.
    func answer(
        _ result: Result<BatchResponse, GraphError>?, to request: BatchRequest, kind: Kind
    ) async -> ApplyMachine.Answer? {
        let failure: GraphError
        switch result {
        case .success(let answer)?:
            // Setting a device group answers 200 with Intune's checks of it: a check that failed set nothing.
            if (200..<300).contains(answer.status), request.url.hasSuffix("/setEnrollmentTimeDeviceMembershipTarget"),
                let refusal = DeviceGroupResult(graph: answer.body)?.refusal
            {
                return .refused("\(request.method) \(request.url): \(answer.status), and \(refusal)")
            }
            if (200..<300).contains(answer.status) { return .succeeded }
            let url = await graph.session.url(request.url)
            failure = GraphError.response(
                answer.asResponse, method: request.method, url: url, kind: kind, grant: graph.session.grant)
        case .failure(let error)? where justification != nil && error.status != nil:
            // Sent on its own: Graph's answer to this write.
            failure = error
        case .failure(let error)?:
            return .noAnswer(error.description, signInLost: error.status == 401)
        case nil:
            return nil
        }
        if failure.isNotRouted { return .notRouted(failure.description) }
        switch ApprovalAnswer(failure) {
        case .approvalRequired(let code)?: return .approvalRequired(request: code)
        case .alreadyPending?: return .alreadyPending(marker: Self.marker(request))
        case .justificationRequired?: return .justificationRequired(failure.description)
        case .justificationRefused?, nil: break
        }
        // field-notes §8 (LIVE: IntuneManagement #373): the write's filters are outside the identity's scope tags.
        if failure.message.contains("Scope Tags validation failed") { return .filtersOutOfScope(failure.description) }
        return .refused(failure.description)
    }

    /// The marker of one write (`Digests.writeMarker`), as it is sent.
    static func marker(_ request: BatchRequest) -> String {
        Digests.writeMarker(method: request.method, path: request.url, body: request.body)
    }

    /// What approval requests filed earlier hold, for the configurations to change: the request that carries the
    /// marker of each configuration's next write (and, where the tenant gives the undocumented payload properties,
    /// agrees with them); of several, a live one (waiting or approved) wins, then the newest. `ApplyMachine` decides
    /// what each status means.
    func earlierRequests(_ plan: Plan) async -> [ConfigurationKey: (request: FiledRequest, marker: String)] {
        // Without the permission to list them, earlier requests cannot be found: writes are sent, and Graph's 409
        // says when one is pending.
        guard let requests = try? await graph.approvalRequests() else { return [:] }
        var earlier: [ConfigurationKey: (request: FiledRequest, marker: String)] = [:]
        for configuration in plan.configurations where !configuration.isNoOp {
            guard let call = configuration.calls.first else { continue }
            let key = configuration.key
            let marker = Self.marker(BatchRequest(id: "", call: call, to: key))
            let mine = requests.filter { $0.holds(call, for: key, marker: marker) }
            if let request = mine.last(where: \.status.isLive) ?? mine.last { earlier[key] = (request.filed, marker) }
        }
        return earlier
    }

    /// Sends writes in `$batch`es, a few at a time: an envelope that fails (no answer, retries used up) costs only
    /// its own requests an answer.
    func batched(_ requests: [BatchRequest]) async -> [String: Result<BatchResponse, GraphError>] {
        let session = graph.session
        let chunks = stride(from: 0, to: requests.count, by: GraphSession.batchSize).map {
            Array(requests[$0..<min($0 + GraphSession.batchSize, requests.count)])
        }
        // Each envelope catches its own failure, so that the fan-out itself never throws.
        let answered = try? await boundedConcurrently(chunks, width: graph.concurrency) { chunk in
            do throws(GraphError) {
                let answers = try await session.batch(chunk, concurrency: 1)
                return answers.mapValues { Result<BatchResponse, GraphError>.success($0) }
            } catch {
                return Dictionary(
                    uniqueKeysWithValues: chunk.map { ($0.id, Result<BatchResponse, GraphError>.failure(error)) })
            }
        }
        return (answered ?? []).reduce(into: [:]) { $0.merge($1) { $1 } }
    }

    /// Sends writes one by one (Multi Admin Approval's headers inside `$batch` are unverified), a few at a time:
    /// each with the approval code of the approved request for exactly that write, or with the justification and
    /// the write's marker.
    func oneByOne(
        _ requests: [BatchRequest], _ writes: [ApplyMachine.Write]
    ) async -> [String: Result<BatchResponse, GraphError>] {
        let session = graph.session
        let text = justification ?? ""
        let answers = try? await boundedConcurrently(Array(zip(requests, writes)), width: graph.concurrency) { pair in
            let (request, write) = pair
            let marker = Self.marker(request)
            // A code completes only the write it was filed for: a configuration's later call files its own.
            let code = write.approved.flatMap { $0.marker == marker ? $0.code : nil }
            // Completing carries the code and no justification: a justification would file a new request.
            let headers =
                code.map { ["x-msft-approval-code": $0] }
                ?? [
                    "x-msft-approval-justification": ApprovalAnswer.justificationHeader(
                        Digests.justification(text, marker: marker))
                ]
            do throws(GraphError) {
                let response = try await session.send(
                    request.method, request.url, body: request.body,
                    weight: GraphSession.Weight(repeatable: request.repeatable), headers: headers)
                let body = try? JSONValue.parse(response.body)
                let answer = BatchResponse(
                    id: request.id, status: response.status, headers: response.headers, body: body)
                return (request.id, Result<BatchResponse, GraphError>.success(answer))
            } catch {
                return (request.id, Result<BatchResponse, GraphError>.failure(error))
            }
        }
        return Dictionary(answers ?? [], uniquingKeysWith: { $1 })
    }
}
