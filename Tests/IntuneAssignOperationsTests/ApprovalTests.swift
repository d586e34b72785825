import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering
import Testing

/// Multi Admin Approval (field-notes §6) against the simulator, in-process and over loopback, each test with the
/// documented request entity only and with the undocumented payload properties: the justification and its write
/// marker, approval requests filed once, finished on the next run after approval, per call, refused when they no
/// longer fit, never filed again after a rejection unless asked, and found again after a 409.
@Suite struct ApprovalTests {
    static let policies = Kinds.named("configurationPolicy")!
    static let profiles = Kinds.named("deviceConfiguration")!
    static let autopilot = Kinds.named("windowsAutopilotDeploymentProfile")!
    static let text = "PR #42: pilot ring for BitLocker (plan sha256:abc)"

    /// A settings-catalog policy under approval and a device configuration that is not; `payload` shows the
    /// undocumented properties on requests.
    static func tenant(status: Int = 403, payload: Bool, kinds: [Kind] = [policies, profiles]) -> SimulatedTenant {
        var tenant = Fixture.tenant(kinds: kinds)
        tenant.multiAdminApproval = .init(
            protectedPaths: ["/deviceManagement/configurationPolicies", autopilot.collectionPath],
            approvalRequiredStatus: status, payloadProperties: payload)
        return tenant
    }

    /// Manifests assigning every configuration to these groups (and the Autopilot profile to the device).
    static func state(_ tenant: SimulatedTenant, groups: [String]) -> DesiredState {
        var text = "version: 1\nconfigurations:\n"
        for configuration in tenant.configurations {
            text += "  - kind: \(configuration.kind)\n    id: \(configuration.id)\n    assignments:\n"
            for group in groups { text += "      - group: \(group)\n" }
            if configuration.kind == autopilot.name { text += "    devices: [\(Fixture.device)]\n" }
        }
        return ManifestLoader.load([ManifestSource(path: "a.yaml", bytes: Array(text.utf8))]).state
    }

    /// A session on the harness.
    func graph(_ harness: Harness) throws -> IntuneGraph {
        let cloud = try Cloud.global.overriding(graphRoot: harness.simulator.options.baseURL)
        return IntuneGraph(session: GraphSession(transport: harness.transport, cloud: cloud, sleeper: SimulatedTime()))
    }

    /// Plans the manifests and applies the plan, with or without a justification.
    func run(_ harness: Harness, _ state: DesiredState, justification: String?, refile: Bool = false) async throws
        -> (Plan, ApplyReport)
    {
        let graph = try graph(harness)
        let (made, diagnostics) = try await PlanMaker.make(state, manifestDigest: "t", graph: graph)
        #expect(!diagnostics.contains { $0.severity == .error })
        let plan = try #require(made)
        return (plan, await PlanApplier(graph: graph, justification: justification, refile: refile).apply(plan))
    }

    func entry(_ report: ApplyReport, _ kind: Kind) -> ApplyReport.Entry? {
        report.entries.first { $0.configuration.kind == kind }
    }

    /// Approves a request as a second admin would: over loopback with the simulator's test aid.
    func approve(_ harness: Harness, _ id: String, _ mode: Mode) async throws {
        if mode == .loopback {
            let base = harness.simulator.options.baseURL
            let decided = try await harness.send("POST", "\(base)/simulator/approvalRequests/\(id)/approve")
            #expect(decided.status == 204)
        } else {
            #expect(harness.simulator.decide(id, as: "approved"))
        }
    }

    @Test(arguments: [false, true])
    func withoutAJustificationTheProtectedWriteFailsWithTheHintAndNothingIsFiled(_ payload: Bool) async throws {
        let tenant = Self.tenant(payload: payload)
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let (_, report) = try await run(harness, Self.state(tenant, groups: [Fixture.pilot]), justification: nil)
            #expect(entry(report, Self.profiles)?.state == .changed)
            let policy = try #require(entry(report, Self.policies))
            #expect(policy.state == .failed)
            #expect(policy.error?.contains("run apply again with --justification TEXT") == true)
            #expect(harness.simulator.tenant.approvalRequests.isEmpty)
            #expect(!report.onlyAwaitingApproval)
        }
    }

    @Test(arguments: [
        (Mode.inProcess, 403, false), (.inProcess, 403, true), (.loopback, 412, false), (.loopback, 412, true),
    ])
    func aJustifiedWriteAwaitsApprovalOnceAndIsFinishedByTheNextRunAfterIt(_ mode: Mode, _ status: Int, _ payload: Bool)
        async throws
    {
        let tenant = Self.tenant(status: status, payload: payload)
        try await Harness.with(mode, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let state = Self.state(tenant, groups: [Fixture.pilot])
            let (_, first) = try await run(harness, state, justification: Self.text)
            #expect(entry(first, Self.profiles)?.state == .changed, "unprotected writes go through")
            let awaiting = try #require(entry(first, Self.policies))
            #expect(awaiting.state == .awaitingApproval)
            #expect(first.onlyAwaitingApproval)
            let filed = harness.simulator.tenant.approvalRequests
            #expect(filed.count == 1)
            #expect(filed.first?.id == awaiting.approvalRequest)
            // The header decodes to the text, then the marker of the exact write.
            let justification = try #require(filed.first?.requestJustification)
            #expect(justification.hasPrefix(Self.text + " [intune-assign write "), "\(justification)")
            #expect(justification.count == Self.text.count + 1 + "[intune-assign write 0123456789abcdef]".count)

            // Again before approval: still awaiting, nothing new filed, the policy unchanged.
            let (_, second) = try await run(harness, state, justification: Self.text)
            #expect(entry(second, Self.policies)?.state == .awaitingApproval)
            #expect(entry(second, Self.policies)?.approvalRequest == awaiting.approvalRequest)
            #expect(harness.simulator.tenant.approvalRequests.count == 1)
            #expect(harness.simulator.tenant.configurations[0].assignments.isEmpty)

            let id = try #require(awaiting.approvalRequest)
            try await approve(harness, id, mode)
            let listed = try await harness.send("GET", "/deviceManagement/operationApprovalRequests/\(id)")
            #expect(listed.body?["status"]?.stringValue == "approved")
            #expect((listed.body?["payloadId"] != nil) == payload, "undocumented properties only when asked")
            let (_, third) = try await run(harness, state, justification: Self.text)
            #expect(third.succeeded, "\(third.entries.map { ($0.state, $0.error ?? "") })")
            #expect(harness.simulator.tenant.approvalRequests.map(\.status) == ["completed"])
            let (after, _) = try await run(harness, state, justification: Self.text)
            #expect(after.summaryLine == "No changes. The tenant matches the manifests.")
        }
    }

    @Test(arguments: [("rejected", false), ("expired", true), ("cancelled", false)])
    func aDecidedRequestFailsNamingItAndIsFiledAgainOnlyWithRefile(_ decision: String, _ payload: Bool) async throws {
        let tenant = Self.tenant(payload: payload)
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let state = Self.state(tenant, groups: [Fixture.pilot])
            let (_, first) = try await run(harness, state, justification: Self.text)
            let id = try #require(entry(first, Self.policies)?.approvalRequest)
            #expect(harness.simulator.decide(id, as: decision, justification: "not during the freeze"))
            for _ in 0..<2 {
                // Every scheduled run: the same failure, and no new request for the approvers.
                let (_, again) = try await run(harness, state, justification: Self.text)
                let policy = try #require(entry(again, Self.policies))
                #expect(policy.state == .failed)
                #expect(
                    policy.error?.contains(
                        "approval request \(id) for this write was \(decision): \"not during the freeze\"") == true,
                    "\(policy.error ?? "")")
                #expect(policy.error?.contains("--refile") == true)
                #expect(!again.onlyAwaitingApproval)
                #expect(harness.simulator.tenant.approvalRequests.count == 1, "nothing filed again")
            }
            let (_, refiled) = try await run(harness, state, justification: Self.text, refile: true)
            #expect(entry(refiled, Self.policies)?.state == .awaitingApproval)
            #expect(harness.simulator.tenant.approvalRequests.map(\.status) == [decision, "needsApproval"])
        }
    }

    @Test(arguments: [false, true])
    func anApprovedRequestForAnotherWriteIsNeverCompleted(_ payload: Bool) async throws {
        let tenant = Self.tenant(payload: payload)
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let (_, first) = try await run(
                harness, Self.state(tenant, groups: [Fixture.pilot]), justification: Self.text)
            let id = try #require(entry(first, Self.policies)?.approvalRequest)
            #expect(harness.simulator.decide(id, as: "approved"))
            // Meanwhile the manifests changed: the approved write is no longer what they call for.
            let (_, again) = try await run(
                harness, Self.state(tenant, groups: [Fixture.finance]), justification: Self.text)
            let policy = try #require(entry(again, Self.policies))
            #expect(policy.state == .failed)
            #expect(
                policy.error?.contains("an approval request for another write of this configuration is pending")
                    == true,
                "\(policy.error ?? "")")
            #expect(harness.simulator.tenant.approvalRequests.map(\.status) == ["approved"], "not completed")
        }
    }

    /// A 409 ("an active request exists") when the requests could not be listed first: the pending request is found
    /// by the write's marker among this identity's requests (`retrieveMyRequests()`).
    @Test(arguments: [false, true])
    func afterA409ThePendingRequestIsFoundByItsMarker(_ payload: Bool) async throws {
        let tenant = Self.tenant(payload: payload)
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let state = Self.state(tenant, groups: [Fixture.pilot])
            let (_, first) = try await run(harness, state, justification: Self.text)
            let id = try #require(entry(first, Self.policies)?.approvalRequest)
            harness.simulator.inject(.init("GET /deviceManagement/operationApprovalRequests", count: 1, .status(403)))
            let mark = harness.simulator.requestLog.count
            let (_, again) = try await run(harness, state, justification: Self.text)
            #expect(entry(again, Self.policies)?.state == .awaitingApproval)
            #expect(entry(again, Self.policies)?.approvalRequest == id)
            let log = harness.simulator.requestLog.dropFirst(mark)
            #expect(log.contains { $0.status == 409 })
            #expect(log.contains { $0.path.hasSuffix("/retrieveMyRequests()") })
            #expect(harness.simulator.tenant.approvalRequests.count == 1)
        }
    }

    /// An Autopilot profile gets a group and a device: two calls, each with its own request, completed over
    /// successive runs; the code of the first is never sent with the second.
    @Test(arguments: [false, true])
    func aConfigurationWithTwoCallsCompletesCallByCall(_ payload: Bool) async throws {
        let tenant = Self.tenant(payload: payload, kinds: [Self.autopilot])
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let state = Self.state(tenant, groups: [Fixture.pilot])
            let (plan, first) = try await run(harness, state, justification: Self.text)
            #expect(plan.configurations[0].calls.count == 2)
            let one = try #require(entry(first, Self.autopilot)?.approvalRequest)
            #expect(harness.simulator.decide(one, as: "approved"))
            let (_, second) = try await run(harness, state, justification: Self.text)
            let waiting = try #require(entry(second, Self.autopilot))
            #expect(waiting.state == .awaitingApproval, "the second call files its own request")
            #expect(waiting.callsMade == 1)
            let two = try #require(waiting.approvalRequest)
            #expect(two != one)
            #expect(harness.simulator.tenant.approvalRequests.map(\.status) == ["completed", "needsApproval"])
            #expect(harness.simulator.decide(two, as: "approved"))
            let (_, third) = try await run(harness, state, justification: Self.text)
            #expect(third.succeeded, "\(third.entries.map { ($0.state, $0.error ?? "") })")
            #expect(harness.simulator.tenant.approvalRequests.map(\.status) == ["completed", "completed"])
        }
    }

    /// The same two calls with the saved plan applied again each time (the pipelines' way): after the first call,
    /// the configuration is partly done by this plan, not stale, and the rest is applied.
    @Test func aSavedPlanWithTwoCallsIsPartlyDoneNotStale() async throws {
        let tenant = Self.tenant(payload: false, kinds: [Self.autopilot])
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let graph = try graph(harness)
            let (made, _) = try await PlanMaker.make(
                Self.state(tenant, groups: [Fixture.pilot]), manifestDigest: "t", graph: graph)
            let plan = try #require(made)
            let applier = PlanApplier(graph: graph, justification: Self.text)
            let first = await applier.apply(plan)
            #expect(harness.simulator.decide(try #require(first.entries.first?.approvalRequest), as: "approved"))
            var standing = try await applier.standing(plan)
            #expect(standing.pending.count == 1 && standing.stale.isEmpty)
            let second = await applier.apply(
                Plan(
                    tenant: plan.tenant, graphRoot: plan.graphRoot,
                    manifestDigest: plan.manifestDigest, configurations: standing.pending))
            #expect(second.entries.first?.state == .awaitingApproval)
            #expect(harness.simulator.decide(try #require(second.entries.first?.approvalRequest), as: "approved"))
            standing = try await applier.standing(plan)
            #expect(standing.stale.isEmpty, "our own first call does not make the plan stale")
            #expect(standing.partlyDone.map(\.callsDone) == [1])
            #expect(standing.pending.first?.calls.count == 1, "only the second call is left")
            let third = await applier.apply(
                Plan(
                    tenant: plan.tenant, graphRoot: plan.graphRoot,
                    manifestDigest: plan.manifestDigest, configurations: standing.pending))
            #expect(third.succeeded, "\(third.entries.map { ($0.state, $0.error ?? "") })")
        }
    }

    @Test(arguments: Mode.allCases)
    func theSimulatorCompletesOnlyTheIdenticalWriteAndRefusesASecondRequest(_ mode: Mode) async throws {
        let tenant = Self.tenant(payload: false)
        try await Harness.with(mode, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let path = "\(Self.policies.collectionPath)/\(tenant.configurations[0].id)/assign"
            let body: JSONValue = ["assignments": [Fixture.assignment(Self.policies)]]
            let header = ApprovalAnswer.justificationHeader("why")
            let filed = try await harness.send(
                "POST", path, body, headers: ["x-msft-approval-justification": header])
            #expect(filed.status == 403)
            let code = try #require(filed.headers["x-msft-approval-code"])
            let twice = try await harness.send("POST", path, body, headers: ["x-msft-approval-justification": header])
            #expect(twice.status == 409)
            #expect(harness.simulator.decide(code, as: "approved"))
            let other: JSONValue = ["assignments": []]
            let different = try await harness.send("POST", path, other, headers: ["x-msft-approval-code": code])
            #expect(different.status == 403, "another body does not complete the request")
            let done = try await harness.send("POST", path, body, headers: ["x-msft-approval-code": code])
            #expect(done.status == 200)
            #expect(harness.simulator.tenant.approvalRequests.map(\.status) == ["completed"])
            #expect(harness.simulator.tenant.configurations[0].assignments.count == 1)
        }
    }
}
