import Foundation
import GraphClient
import GraphTestSupport
import IntuneAssignCore
import Testing

/// What a hostile Graph root or sign-in host, link or answer cannot make the client do (issue 13): send a token
/// or secret in clear text or to another host, page for ever, or sleep for years.
@Suite struct HardeningTests {
    /// URLs given as `--graph-url` or `AZURE_AUTHORITY_HOST`, and whether they may be used.
    static let urls: [(url: String, accepted: Bool)] = [
        ("https://graph.microsoft.com", true),
        ("http://127.0.0.1:8080", true),
        ("http://localhost:8080", true),
        ("http://[::1]:9000", true),
        ("HTTP://LOCALHOST:8080", true),
        ("http://127.0.0.1:1@evil.example", false),
        ("http://localhost:@evil.example", false),
        ("http://[::1]@evil.example", false),
        ("https://user:password@graph.microsoft.com", false),
        ("http://127.0.0.1.evil.example", false),
        ("http://evil.example", false),
        ("ftp://127.0.0.1", false),
        ("graph.microsoft.com", false),
        ("http://127.0.0.1%40evil.example", false),
    ]

    @Test(arguments: urls)
    func onlyHTTPSOrLoopbackWithoutUserinfo(_ url: String, _ accepted: Bool) {
        let root = Result { () throws(GraphError) in try Cloud.global.overriding(graphRoot: url) }
        let host = Result { () throws(GraphError) in try Cloud.global.overriding(authorityHost: url) }
        #expect(((try? root.get()) != nil) == accepted, "--graph-url \(url)")
        #expect(((try? host.get()) != nil) == accepted, "AZURE_AUTHORITY_HOST \(url)")
    }

    /// A session whose transport answers every request with `answer`, recording what was sent.
    static func session(_ answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws -> (
        GraphSession, RecordingTransport
    ) {
        let recorder = RecordingTransport(ClosureTransport { answer($0) })
        let cloud = try Cloud.global.overriding(graphRoot: "https://graph.example.test")
        let session = GraphSession(
            transport: recorder, cloud: cloud, tokens: StaticToken("token-value"),
            policy: RetryPolicy(writeLimit: nil, requestLimit: nil), sleeper: InstantSleeper())
        return (session, recorder)
    }

    /// A page of one item, linking to `next`.
    static func page(_ next: String?) -> HTTPResponse {
        var body: JSONValue = ["value": [["id": "1"]]]
        if let next, case .object(var pairs) = body {
            pairs.append(("@odata.nextLink", .string(next)))
            body = .object(pairs)
        }
        return HTTPResponse(
            status: 200, headers: ["content-type": "application/json"], body: Array(body.serialized().utf8))
    }

    @Test(arguments: [
        "https://evil.example/beta/groups?$skiptoken=1", "http://graph.example.test/beta/groups?$skiptoken=1",
        "https://graph.example.test:8443/beta/groups?$skiptoken=1", "https://x@graph.example.test/beta/groups",
    ])
    func aNextLinkToAnotherOriginIsNotFollowed(_ link: String) async throws {
        // The one reader that follows links (`IntuneGraph.collections`) refuses it.
        let (batched, batchRecorder) = try Self.session { request in
            guard request.url.hasSuffix("/$batch") else { return Self.page(nil) }
            let inner: JSONValue = [
                "responses": [["id": "0", "status": 200, "body": ["value": [], "@odata.nextLink": .string(link)]]]
            ]
            return HTTPResponse(status: 200, body: Array(inner.serialized().utf8))
        }
        await #expect(throws: GraphError.self) {
            _ = try await IntuneGraph(session: batched).collections([.init("/groups")])
        }
        #expect(batchRecorder.exchanges.count == 1, "only the first page was asked for")
        #expect(batchRecorder.exchanges.allSatisfy { $0.request.url.hasPrefix("https://graph.example.test/") })
    }

    @Test func aNextLinkLoopIsAnError() async throws {
        let link = "https://graph.example.test/beta/groups?$skiptoken=same"
        let (session, recorder) = try Self.session { _ in
            let inner: JSONValue = [
                "responses": [
                    ["id": "0", "status": 200, "body": ["value": [["id": "1"]], "@odata.nextLink": .string(link)]]
                ]
            ]
            return HTTPResponse(status: 200, body: Array(inner.serialized().utf8))
        }
        do throws(GraphError) {
            _ = try await IntuneGraph(session: session).collection("/groups")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("the same @odata.nextLink twice"))
        }
        #expect(recorder.exchanges.count == 2)
    }

    @Test(arguments: ["inf", "1e30", "301"])
    func anEndlessRetryAfterFailsAtOnce(_ value: String) async throws {
        let (session, recorder) = try Self.session { _ in
            HTTPResponse(
                status: 429, headers: ["retry-after": value], body: Array(#"{"error":{"code":"TooMany"}}"#.utf8))
        }
        do {
            _ = try await session.send("GET", "/groups")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("Retry-After"), "\(error)")
            #expect(error.description.contains("more than the 300 s intune-assign waits"))
        }
        #expect(recorder.exchanges.count == 1, "not sent again")
    }

    @Test func aNegativeRetryAfterIsABackoff() {
        var machine = RetryMachine(policy: RetryPolicy(baseDelay: 1, jitter: 0))
        #expect(machine.decide(.status(429, retryAfter: -1), attempt: 1, now: 10, random: 0.5) == .retry(at: 11))
        #expect(machine.budgetUsed == 1, "a wait Graph did not give counts against the run's budget")
        #expect(machine.decide(.status(429, retryAfter: .nan), attempt: 1, now: 10, random: 0.5) == .retry(at: 11))
        #expect(machine.decide(.status(503, retryAfter: 300), attempt: 1, now: 10, random: 0.5) == .retry(at: 310))
        #expect(
            machine.decide(.status(503, retryAfter: .infinity), attempt: 1, now: 10, random: 0.5)
                == .giveUp(.waitTooLong(.infinity)))
    }
}

/// Time that passes at once: sleeping returns immediately.
final class InstantSleeper: Sleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double = 0

    /// Seconds slept so far.
    func now() -> Double { lock.withLock { seconds } }
    /// Moves time on to `deadline` and returns.
    func sleep(until deadline: Double) async throws { lock.withLock { seconds = max(seconds, deadline) } }
}

/// Writes that may have been carried out are never sent twice.
@Suite struct NonRepeatableWriteTests {
    @Test func aCreateThatTimesOutInsideABatchIsNotSentAgain() async throws {
        let kind = Kinds.named("deviceConfiguration")!
        let key = ConfigurationKey(kind: kind, id: ConfigurationID(GUID("c0f10000-0000-4000-8000-000000000001")!))
        let inner = InnerCounter()
        let (session, recorder) = try HardeningTests.session { request in
            // Every inner request times out at the gateway (504).
            guard let body = try? JSONValue.parse(request.body), case .array(let requests)? = body["requests"] else {
                return HTTPResponse(status: 400)
            }
            var responses: [JSONValue] = []
            for item in requests {
                inner.count(item["method"]?.stringValue ?? "", item["url"]?.stringValue ?? "")
                responses.append(["id": item["id"] ?? "", "status": 504, "body": ["error": ["code": "GatewayTimeout"]]])
            }
            return HTTPResponse(
                status: 200, body: Array(JSONValue.object([("responses", .array(responses))]).serialized().utf8))
        }
        let create = BatchRequest(
            id: "create", call: .create(["target": ["@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"]]),
            to: key)
        let assign = BatchRequest(id: "assign", call: .assign([]), to: key)
        let answers = try await session.batch([create, assign], concurrency: 1)
        #expect(answers["create"]?.status == 504, "the create's own answer comes back, for the re-read to judge")
        #expect(inner.counts["POST \(key.path)/assignments"] == 1, "the create went out once")
        #expect(
            (inner.counts["POST \(key.path)/assign"] ?? 0) > 1, "an assign (a whole set, harmless twice) is retried")
        #expect(recorder.exchanges.count > 1)
    }

    @Test func aWriteBatchWhoseEnvelopeTimesOutIsNotSentAgain() async throws {
        let kind = Kinds.named("deviceConfiguration")!
        let key = ConfigurationKey(kind: kind, id: ConfigurationID(GUID("c0f10000-0000-4000-8000-000000000001")!))
        let (session, recorder) = try HardeningTests.session { _ in HTTPResponse(status: 504) }
        await #expect(throws: GraphError.self) {
            _ = try await session.batch([BatchRequest(id: "assign", call: .assign([]), to: key)], concurrency: 1)
        }
        #expect(recorder.exchanges.count == 1, "the envelope held a write: it is not sent again")
    }
}

/// Counts inner requests by `METHOD url`.
final class InnerCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [String: Int] = [:]

    /// Every inner request seen, by `METHOD url`.
    var counts: [String: Int] { lock.withLock { seen } }
    /// Counts one request.
    func count(_ method: String, _ url: String) { lock.withLock { seen["\(method) \(url)", default: 0] += 1 } }
}
