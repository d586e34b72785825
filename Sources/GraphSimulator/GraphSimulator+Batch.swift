import Foundation
import GraphClient
import IntuneAssignCore

extension GraphSimulator {
    /// The most requests one `$batch` may hold (limits.md §2).
    public static let batchLimit = 20

    /// `POST /$batch`: at most 20 requests with relative URLs, each answered by id with its own status, headers
    /// and body; each inner request is faulted, throttled and logged on its own.
    func batch(_ request: HTTPRequest) -> HTTPResponse {
        guard case .array(let requests)? = parse(request.body)?["requests"] else {
            return badRequest("A $batch body must hold `requests`, a list.")
        }
        guard requests.count <= Self.batchLimit else {
            return badRequest(
                "A $batch may hold at most \(Self.batchLimit) requests; this one holds \(requests.count).")
        }
        let ids = requests.compactMap { $0["id"]?.stringValue }
        guard ids.count == requests.count, Set(ids).count == ids.count else {
            return badRequest("Every request in a $batch needs an `id`, and the ids must differ.")
        }
        let batchID = request.headers["client-request-id"] ?? "batch"
        var responses: [JSONValue] = []
        for inner in requests {
            let id = inner["id"]!.stringValue!
            guard let method = inner["method"]?.stringValue, let url = inner["url"]?.stringValue else {
                return badRequest("Request '\(id)' in the $batch needs `method` and `url`.")
            }
            guard !url.contains("://") else {
                return badRequest("Request '\(id)' in the $batch has an absolute URL; batch URLs are relative.")
            }
            var headers: [String: String] = [:]
            if case .object(let pairs)? = inner["headers"] {
                for pair in pairs { headers[pair.key] = pair.value.stringValue ?? pair.value.serialized() }
            }
            if let authorization = request.headers["authorization"] { headers["authorization"] = authorization }
            let body = inner["body"].map { Array($0.serialized().utf8) } ?? []
            let relative = url.hasPrefix("/") ? url : "/" + url
            let innerRequest = HTTPRequest(
                method: method, url: "\(options.baseURL)/beta\(relative)", headers: headers, body: body)
            let started = now()
            let outcome = dispatch(innerRequest, parts: URLParts(innerRequest.url), batch: id)
            guard case .response(let response) = outcome else { continue }
            record(
                LogEntry(
                    method: method, path: URLParts(innerRequest.url).path, status: response.status,
                    durationMs: (now() - started) * 1000, batch: batchID))
            var item: [(key: String, value: JSONValue)] = [("id", .string(id)), ("status", .int(response.status))]
            item.append(
                ("headers", .object(response.headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
            if let body = parse(response.body) { item.append(("body", body)) }
            responses.append(.object(item))
        }
        return ok(["responses": .array(responses)])
    }
}
