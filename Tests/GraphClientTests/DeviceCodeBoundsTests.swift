import Foundation
import GraphClient
import GraphTestSupport
import IntuneAssignCore
import Testing

/// What a device-code endpoint says is bounded before it is used: the poll interval within 1–60 s (however large,
/// negative or slowed down), the code's life to 15 minutes, and the page only where Microsoft signs people in. A real
/// sleeper given an absurd deadline returns instead of trapping.
@Suite struct DeviceCodeBoundsTests {
    /// A device-code endpoint that answers `start` to the first request, then `authorization_pending` until the
    /// `pending` polls are used, then a token.
    static func endpoint(_ start: JSONValue, pending: Int) -> ClosureTransport {
        let polls = SignInFlowTests.Box<Int>()
        return ClosureTransport { request in
            if request.url.hasSuffix("/devicecode") {
                return HTTPResponse(status: 200, body: Array(start.serialized().utf8))
            }
            polls.add(1)
            let body: JSONValue =
                polls.all.count <= pending
                ? ["error": "authorization_pending"]
                : (polls.all.count == pending + 1 && pending > 0 ? ["error": "slow_down"] : ["access_token": "t"])
            return HTTPResponse(status: body["error"] == nil ? 200 : 400, body: Array(body.serialized().utf8))
        }
    }

    /// The credential's prompt and sleeps for one device-code answer.
    static func signIn(_ start: JSONValue, pending: Int = 1) async throws -> (prompt: String?, sleeps: [Double]) {
        let shown = SignInFlowTests.Box<String>()
        let sleeper = SignInFlowTests.HookedSleeper(clock: ManualClock()) { _ in }
        let credential = DeviceCodeCredential(
            transport: endpoint(start, pending: pending), cloud: .global, tenant: "organizations", clientID: "c",
            scopes: [], show: { shown.add($0.message) }, sleeper: sleeper)
        _ = try await credential.token(forceRefresh: false)
        return (shown.all.first, sleeper.sleeps.all)
    }

    @Test(arguments: [
        (JSONValue.int(Int.max), 60.0), (.int(-5), 1.0), (.int(0), 1.0), (.string("9223372036854775807"), 60.0),
        (.int(7), 7.0), (.null, 5.0),
    ])
    func thePollIntervalIsClampedToOneToSixtySeconds(_ interval: JSONValue, _ expected: Double) async throws {
        let start: JSONValue = [
            "device_code": "device-code-long-enough", "user_code": "ABCD",
            "verification_uri": "https://microsoft.com/devicelogin", "expires_in": .int(Int.max), "interval": interval,
        ]
        let (prompt, sleeps) = try await Self.signIn(start, pending: 2)
        // Two polls pending, then slow_down (five more seconds, still at most 60), then the token.
        #expect(sleeps == [expected, expected, expected, min(60, expected + 5)], "\(interval)")
        #expect(
            prompt == "To sign in, open https://microsoft.com/devicelogin in a web browser and enter the code ABCD.")
    }

    @Test func theCodeIsWaitedForAtMostFifteenMinutes() async throws {
        let start: JSONValue = [
            "device_code": "device-code-long-enough", "user_code": "ABCD",
            "verification_uri": "https://microsoft.com/devicelogin", "expires_in": .int(Int.max), "interval": 60,
        ]
        // Pending for ever: the wait ends at 900 s, after 15 sleeps of 60 s, whatever `expires_in` said.
        let sleeper = SignInFlowTests.HookedSleeper(clock: ManualClock()) { _ in }
        let credential = DeviceCodeCredential(
            transport: Self.endpoint(start, pending: 1_000), cloud: .global, tenant: "organizations", clientID: "c",
            scopes: [], show: { _ in }, sleeper: sleeper)
        let error = try await #require(throws: GraphError.self) { _ = try await credential.token(forceRefresh: false) }
        #expect(
            error.message.contains("the device code expired before sign-in finished (a code is good for 15 minutes)"))
        #expect(sleeper.sleeps.all == Array(repeating: 60, count: 15))
    }

    @Test(arguments: [
        "http://microsoft.com/devicelogin", "https://microsoft.com.evil.example/devicelogin",
        "https://evil.example/devicelogin", "https://microsoft.com@evil.example/", "https://login.microsoftonline.us/x",
        "https://micro\u{202E}soft.com/devicelogin", "javascript:alert(1)",
    ])
    func aPageOffMicrosoftsSignInHostsIsRefusedBeforeAnythingIsShown(_ page: String) async throws {
        let start: JSONValue = [
            "device_code": "device-code-long-enough", "user_code": "ABCD", "verification_uri": .string(page),
            "message": .string("To sign in, open \(page)"),
        ]
        let shown = SignInFlowTests.Box<String>()
        let credential = DeviceCodeCredential(
            transport: Self.endpoint(start, pending: 0), cloud: .global, tenant: "organizations", clientID: "c",
            scopes: [], show: { shown.add($0.message) }, sleeper: SimulatedTime())
        await #expect(throws: GraphError.self) { _ = try await credential.token(forceRefresh: false) }
        #expect(shown.all.isEmpty, "\(page): nothing shown")
    }

    @Test(arguments: [
        "https://microsoft.com/devicelogin", "https://www.microsoft.com/link",
        "https://login.microsoftonline.com/common/oauth2/deviceauth",
    ])
    func microsoftsPagesAreShown(_ page: String) async throws {
        let start: JSONValue = [
            "device_code": "device-code-long-enough", "user_code": "ABCD", "verification_uri": .string(page),
        ]
        let (prompt, _) = try await Self.signIn(start, pending: 0)
        #expect(prompt == "To sign in, open \(page) in a web browser and enter the code ABCD.")
    }

    /// The real clock: a deadline past what `Duration` holds, or not a number, returns instead of trapping.
    @Test func theSystemSleeperNeverTrapsOnAnAbsurdDeadline() async throws {
        let sleeper = SystemSleeper()
        let task = Task { try await sleeper.sleep(until: .greatestFiniteMagnitude) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        try await sleeper.sleep(until: .nan)
        try await sleeper.sleep(until: -.infinity)
    }
}
