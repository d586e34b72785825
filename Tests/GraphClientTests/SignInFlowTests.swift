import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// A person's device-code sign-in, a machine's managed identity, and the chain that picks between them: every answer
/// of the simulator's sign-in endpoints, in-process and over loopback.
@Suite struct SignInFlowTests {
    static let tenantID = SessionFixture.tenantID
    static let userAssigned = "5e5e5e5e-0000-4000-8000-00000000000a"
    static let system = "5e5e5e5e-0000-4000-8000-00000000000b"

    /// A tenant with a person, a system-assigned and a user-assigned identity (the read-only one), and one group.
    static func tenant(consented: [String]? = nil) -> SimulatedTenant {
        var tenant = SimulatedTenant(
            tenantId: tenantID,
            groups: [.init(id: "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01", displayName: "IT Pilot")],
            configurations: [
                .init(
                    kind: "deviceConfiguration", id: "0a1b2c3d-0000-4000-8000-000000000001", displayName: "Wi-Fi",
                    assignments: [])
            ])
        tenant.signInUser = .init(
            id: "0d0d0d0d-0000-4000-8000-0000000000aa", userPrincipalName: "adele@contoso.example",
            displayName: "Adele Vance")
        tenant.consentedScopes = consented
        // The app the test aid's caller signs in as (the person approving on another device).
        tenant.application = .init(
            clientId: "5b0c0000-0000-4000-8000-0000000000ab", clientSecret: "simulator-only-not-a-secret-aid")
        tenant.managedIdentities = [
            .init(clientId: system),
            .init(clientId: userAssigned, userAssigned: true, roles: SimulatedTenant.readRoles),
        ]
        return tenant
    }

    /// Counts, and remembers what it is given.
    final class Box<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Value] = []
        func add(_ value: Value) { lock.withLock { values.append(value) } }
        var all: [Value] { lock.withLock { values } }
    }

    /// The test clock's sleeper that runs `onSleep` with each sleep's number (1, 2, ...) once the clock has moved.
    struct HookedSleeper: Sleeper {
        let clock: ManualClock
        let sleeps = Box<Double>()
        let onSleep: @Sendable (Int) -> Void
        func now() -> Double { clock.now }
        func sleep(until deadline: Double) async throws {
            sleeps.add(deadline - clock.now)
            clock.advance(max(0, deadline - clock.now))
            onSleep(sleeps.all.count)
        }
    }

    /// A context for the harness's simulator as both Graph and sign-in host.
    static func context(
        _ harness: Harness, _ environment: [String: String] = [:], method: SignInMethod? = nil,
        scopes: [String] = Permissions.needed(for: Kinds.all, writes: false), sleeper: any Sleeper,
        prompts: Box<DeviceCodeCredential.Prompt> = Box()
    ) throws -> SignInContext {
        let base = harness.simulator.options.baseURL
        return SignInContext(
            environment: environment, cloud: try Cloud.global.overriding(graphRoot: base, authorityHost: base),
            transport: harness.transport, sleeper: sleeper, method: method, scopes: scopes,
            manifestTenant: tenantID, interactive: true, showCode: { prompts.add($0) }, instanceMetadata: nil)
    }

    /// Decides the newest device code through the simulator's test aid, as the person at the browser would: on
    /// another device, with a token of its own (the tenant's app), as the aid asks under `requireToken`.
    static func decide(
        _ simulator: GraphSimulator, _ prompts: Box<DeviceCodeCredential.Prompt>, _ decision: String
    ) {
        guard let code = prompts.all.last?.userCode else { return }
        let app = simulator.tenant.application
        let form =
            "grant_type=client_credentials&client_id=\(app?.clientId ?? "")&client_secret="
            + "\(app?.clientSecret ?? "")&scope=\(simulator.options.baseURL)/.default"
        let base = simulator.options.baseURL
        guard
            case .response(let answer) = simulator.handle(
                HTTPRequest(method: "POST", url: base + "/\(tenantID)/oauth2/v2.0/token", body: Array(form.utf8))),
            let token = (try? JSONValue.parse(answer.body))?["access_token"]?.stringValue
        else { return }
        let url = base + "/simulator/deviceCodes/\(code)/\(decision)"
        _ = simulator.handle(HTTPRequest(method: "POST", url: url, headers: ["authorization": "Bearer \(token)"]))
    }

    @Test(arguments: Mode.allCases)
    func aPersonSignsInWithADeviceCodeAndTheTokenRenewsWithoutAnotherCode(_ mode: Mode) async throws {
        let clock = ManualClock()
        let options = GraphSimulator.Options(requireToken: true, tokenLifetime: 600)
        try await Harness.with(mode, Self.tenant(), options: options, clock: clock) { harness in
            let prompts = Box<DeviceCodeCredential.Prompt>()
            let simulator = harness.simulator
            // The person enters the code while the third poll waits: two polls are answered "pending".
            let sleeper = HookedSleeper(clock: clock) { if $0 == 3 { Self.decide(simulator, prompts, "approve") } }
            let signedIn = try await CredentialChain.signIn(
                Self.context(harness, sleeper: sleeper, prompts: prompts))
            #expect(signedIn.method == .deviceCode)
            #expect(signedIn.description == "device code through Microsoft Graph Command Line Tools")
            #expect(signedIn.skipped.map(\.method) == [.environment, .githubOIDC, .accessToken, .managedIdentity])
            let session = GraphSession(
                transport: harness.transport, cloud: signedIn.cloud, tokens: signedIn.provider,
                sleeper: ManualSleeper(clock))
            #expect(session.grant == .delegated)
            #expect(try await session.send("GET", "/groups").status == 200)
            let prompt = try #require(prompts.all.first)
            #expect(prompt.verificationURI == harness.simulator.options.baseURL + "/simulator/devicelogin")
            #expect(prompt.message.contains("enter the code \(prompt.userCode)"))
            #expect(prompt.scopes == Permissions.needed(for: Kinds.all, writes: false))
            let token = try await signedIn.provider.token(forceRefresh: false)
            #expect(
                TokenClaims.identity(of: token)
                    == "user adele@contoso.example (Adele Vance), delegated scopes: "
                    + Permissions.needed(for: Kinds.all, writes: false).joined(separator: " "))
            let log = harness.simulator.requestLog.map(\.path)
            #expect(log.filter { $0.hasSuffix("/oauth2/v2.0/devicecode") }.count == 1)
            // Three polls, and the token the approving side signed in with.
            #expect(log.filter { $0.hasSuffix("/oauth2/v2.0/token") }.count == 4)
            #expect(sleeper.sleeps.all.prefix(3) == [5, 5, 5])

            // Past the token's life (600 s, renewed 300 s early) the refresh token renews it: no second code.
            clock.advance(400)
            let renewed = try await signedIn.provider.token(forceRefresh: false)
            #expect(renewed != token)
            #expect(prompts.all.count == 1)
            #expect(try await session.send("GET", "/groups").status == 200)
        }
    }

    @Test(arguments: Mode.allCases)
    func declinedExpiredAndUnconsentedSignInsSayWhy(_ mode: Mode) async throws {
        /// The error of a device-code sign-in whose code gets `decision` on the first poll (none: never decided).
        func failure(
            _ decision: String?, tenant: SimulatedTenant = Self.tenant(),
            options: GraphSimulator.Options = .init(requireToken: true)
        ) async throws -> GraphError? {
            let clock = ManualClock()
            var caught: GraphError?
            try await Harness.with(mode, tenant, options: options, clock: clock) { harness in
                let prompts = Box<DeviceCodeCredential.Prompt>()
                let simulator = harness.simulator
                let sleeper = HookedSleeper(clock: clock) {
                    if $0 == 1, let decision { Self.decide(simulator, prompts, decision) }
                }
                let signedIn = try await CredentialChain.signIn(
                    Self.context(harness, method: .deviceCode, sleeper: sleeper, prompts: prompts))
                do { _ = try await signedIn.provider.token(forceRefresh: false) } catch let error as GraphError {
                    caught = error
                }
            }
            return caught
        }
        let declined = try #require(try await failure("decline"))
        #expect(declined.graphCode == "authorization_declined")
        #expect(declined.message.hasPrefix("sign-in was declined: the person signing in refused it"))
        // RFC 8628's word for it.
        var rfc = GraphSimulator.Options(requireToken: true)
        rfc.deviceCodeDeclined = "access_denied"
        let denied = try #require(try await failure("decline", options: rfc))
        #expect(denied.graphCode == "access_denied")
        #expect(denied.message.hasPrefix("sign-in was declined"))

        let expired = try #require(try await failure("expire"))
        #expect(
            expired.description
                == "the device code expired before sign-in finished (a code is good for 15 minutes); run the "
                + "command again and enter the new code")
        // Nobody ever enters the code: the client stops at the code's lifetime, not later.
        var short = GraphSimulator.Options(requireToken: true)
        short.deviceCodeLifetime = 60
        let lapsed = try #require(try await failure(nil, options: short))
        #expect(lapsed.description.hasPrefix("the device code expired before sign-in finished (a code is good for 1"))

        let unconsented = try #require(
            try await failure("approve", tenant: Self.tenant(consented: ["DeviceManagementConfiguration.Read.All"])))
        #expect(unconsented.graphCode == "invalid_grant")
        #expect(unconsented.message.hasPrefix("the delegated scopes CloudPC.Read.All, DeviceManagementApps.Read.All, "))
        #expect(
            unconsented.message.contains(
                "/\(Self.tenantID)/v2.0/adminconsent?client_id=14d82eec-204b-4c2f-b7e8-296a70dab67e&scope="))
        #expect(unconsented.message.contains("AADSTS65001"))
    }

    /// RFC 8628 §3.5: `slow_down` adds five seconds to every later wait; the scripted endpoint answers as the RFC
    /// says, and the simulator's knob answers a poll that comes too soon.
    @Test func slowDownLengthensThePollingInterval() async throws {
        let polls = Box<Int>()
        let transport = ClosureTransport { request in
            let body: JSONValue
            if request.url.hasSuffix("/devicecode") {
                body = [
                    "device_code": "d", "user_code": "ABCD", "verification_uri": "https://microsoft.com/devicelogin",
                    "expires_in": 900, "interval": 5,
                ]
            } else {
                polls.add(1)
                switch polls.all.count {
                case 1: body = ["error": "authorization_pending"]
                case 2: body = ["error": "slow_down"]
                case 3: body = ["error": "authorization_pending"]
                default: body = ["access_token": "t", "expires_in": 3599]
                }
            }
            return HTTPResponse(
                status: body["error"] == nil ? 200 : 400, body: Array(body.serialized().utf8))
        }
        let sleeper = HookedSleeper(clock: ManualClock()) { _ in }
        let credential = DeviceCodeCredential(
            transport: transport, cloud: .global, tenant: "organizations", clientID: "c", scopes: ["A.Read.All"],
            show: { _ in }, sleeper: sleeper)
        #expect(try await credential.token(forceRefresh: false) == "t")
        #expect(sleeper.sleeps.all == [5, 5, 10, 10])

        var options = GraphSimulator.Options()
        options.deviceCodeSlowDown = true
        let harness = Harness(Self.tenant(), options: options)
        let form = "client_id=\(DeviceCodeCredential.graphCommandLineTools)&scope=offline_access"
        let device = try #require(try await Self.form(harness, "devicecode", form)["device_code"]?.stringValue)
        let poll =
            "grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id="
            + "\(DeviceCodeCredential.graphCommandLineTools)&device_code=\(device)"
        #expect(try await Self.form(harness, "token", poll)["error"] == "authorization_pending")
        #expect(try await Self.form(harness, "token", poll)["error"] == "slow_down")
    }

    /// Posts a form to the simulator's sign-in endpoint; the answer's JSON body.
    static func form(_ harness: Harness, _ endpoint: String, _ text: String) async throws -> JSONValue {
        let response = try await harness.transport.send(
            HTTPRequest(
                method: "POST", url: harness.simulator.options.baseURL + "/organizations/oauth2/v2.0/\(endpoint)",
                headers: ["content-type": "application/x-www-form-urlencoded"], body: Array(text.utf8)))
        return try JSONValue.parse(response.body)
    }

    @Test(arguments: Mode.allCases)
    func aDelegatedTokenWithoutTheWriteScopeIsRefusedNamingTheDelegatedScope(_ mode: Mode) async throws {
        let clock = ManualClock()
        try await Harness.with(mode, Self.tenant(), options: .init(requireToken: true), clock: clock) { harness in
            let prompts = Box<DeviceCodeCredential.Prompt>()
            let simulator = harness.simulator
            let sleeper = HookedSleeper(clock: clock) { if $0 == 1 { Self.decide(simulator, prompts, "approve") } }
            let signedIn = try await CredentialChain.signIn(
                Self.context(harness, method: .deviceCode, sleeper: sleeper, prompts: prompts))
            let session = GraphSession(
                transport: harness.transport, cloud: signedIn.cloud, tokens: signedIn.provider,
                sleeper: ManualSleeper(clock))
            let kind = try #require(Kinds.named("deviceConfiguration"))
            do {
                _ = try await session.send(
                    "POST", "/deviceManagement/deviceConfigurations/0a1b2c3d-0000-4000-8000-000000000001/assign",
                    body: ["assignments": []], kind: kind)
                Issue.record("a read-only delegated token wrote")
            } catch let error as GraphError {
                #expect(error.status == 403)
                #expect(
                    error.message.hasPrefix(
                        "Application is not authorized to perform this operation. Application must have one of the "
                            + "following scopes: DeviceManagementConfiguration.ReadWrite.All"))
                #expect(
                    error.message.contains(
                        "needs the delegated scope DeviceManagementConfiguration.Read.All and writing it "
                            + "DeviceManagementConfiguration.ReadWrite.All (consented for the client), and an Intune role"
                    ))
            }
        }
    }
}

extension SignInContext {
    /// The context with more environment variables.
    func with(_ extra: [String: String]) -> SignInContext {
        var copy = self
        copy.environment.merge(extra) { $1 }
        return copy
    }
}

extension SimulatedTenant {
    /// Every read permission, for an identity that only reads.
    static var readRoles: [String] { Permissions.needed(for: Kinds.all, writes: false) }
}
