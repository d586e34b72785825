import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import Testing

/// Multi Admin Approval (field-notes §6) against the simulator, in-process and over loopback: the justification,
/// approval requests filed once, finished on the next run after approval, and refused when they no longer fit.
@Suite struct ApprovalTests {
    static let policies = Kinds.named("configurationPolicy")!
    static let profiles = Kinds.named("deviceConfiguration")!
    static let text = "PR #42: pilot ring for BitLocker (plan sha256:abc)"

    /// A settings-catalog policy under approval and a device configuration that is not.
    static func tenant(status: Int = 403) -> SimulatedTenant {
        var tenant = Fixture.tenant(kinds: [policies, profiles])
        tenant.multiAdminApproval = .init(
            protectedPaths: ["/deviceManagement/configurationPolicies"], approvalRequiredStatus: status)
        return tenant
    }

    /// Manifests assigning both configurations to these groups.
    static func state(_ tenant: SimulatedTenant, groups: [String]) -> DesiredState {
        var text = "version: 1\nconfigurations:\n"
        for configuration in tenant.configurations {
            text += "  - kind: \(configuration.kind)\n    id: \(configuration.id)\n    assignments:\n"
            for group in groups { text += "      - group: \(group)\n" }
        }
        return ManifestLoader.load([ManifestSource(path: "a.yaml", bytes: Array(text.utf8))]).state
    }

    /// Plans the manifests and applies the plan, with or without a justification.
    func run(_ harness: Harness, _ state: DesiredState, justification: String?) async throws -> (Plan, ApplyReport) {
        let cloud = try Cloud.global.overriding(graphRoot: harness.simulator.options.baseURL)
        let graph = IntuneGraph(
            session: GraphSession(transport: harness.transport, cloud: cloud, sleeper: SimulatedTime()))
        let (made, diagnostics) = try await PlanMaker.make(state, manifestDigest: "t", graph: graph)
        #expect(!diagnostics.contains { $0.severity == .error })
        let plan = try #require(made)
        return (plan, await PlanApplier(graph: graph, justification: justification).apply(plan))
    }

    func entry(_ report: ApplyReport, _ kind: Kind) -> ApplyReport.Entry? {
        report.entries.first { $0.configuration.kind == kind }
    }

    @Test(arguments: Mode.allCases)
    func withoutAJustificationTheProtectedWriteFailsWithTheHintAndNothingIsFiled(_ mode: Mode) async throws {
        let tenant = Self.tenant()
        try await Harness.with(mode, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let (_, report) = try await run(harness, Self.state(tenant, groups: [Fixture.pilot]), justification: nil)
            #expect(entry(report, Self.profiles)?.state == .changed)
            let policy = try #require(entry(report, Self.policies))
            #expect(policy.state == .failed)
            #expect(policy.error?.contains("run apply again with --justification TEXT") == true)
            #expect(harness.simulator.tenant.approvalRequests.isEmpty)
            #expect(!report.onlyAwaitingApproval)
        }
    }

    @Test(arguments: [(Mode.inProcess, 403), (.loopback, 412)])
    func aJustifiedWriteAwaitsApprovalOnceAndIsFinishedByTheNextRunAfterIt(_ mode: Mode, _ status: Int) async throws {
        let tenant = Self.tenant(status: status)
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
            #expect(filed.first?.requestJustification == Self.text, "the header decodes to the text")
            #expect(filed.first?.payloadOperation == "Create")

            // Again before approval: still awaiting, nothing new filed, the policy unchanged.
            let (_, second) = try await run(harness, state, justification: Self.text)
            #expect(entry(second, Self.policies)?.state == .awaitingApproval)
            #expect(entry(second, Self.policies)?.approvalRequest == awaiting.approvalRequest)
            #expect(harness.simulator.tenant.approvalRequests.count == 1)
            #expect(harness.simulator.tenant.configurations[0].assignments.isEmpty)

            let id = try #require(awaiting.approvalRequest)
            if mode == .loopback {
                // The loopback simulator's test aid, since applications cannot approve in Graph.
                let base = harness.simulator.options.baseURL
                let decided = try await harness.send("POST", "\(base)/simulator/approvalRequests/\(id)/approve")
                #expect(decided.status == 204)
            } else {
                #expect(harness.simulator.decide(id, as: "approved"))
            }
            let listed = try await harness.send("GET", "/deviceManagement/operationApprovalRequests/\(id)")
            #expect(listed.body?["status"]?.stringValue == "approved")
            #expect(listed.body?["payloadId"]?.stringValue == tenant.configurations[0].id)
            let (_, third) = try await run(harness, state, justification: Self.text)
            #expect(third.succeeded, "\(third.entries.map { ($0.state, $0.error ?? "") })")
            #expect(harness.simulator.tenant.approvalRequests.map(\.status) == ["completed"])
            let (after, _) = try await run(harness, state, justification: Self.text)
            #expect(after.summaryLine == "No changes. The tenant matches the manifests.")
        }
    }

    @Test(arguments: ["rejected", "expired"])
    func aRejectedOrExpiredRequestFailsNamingIt(_ decision: String) async throws {
        let tenant = Self.tenant()
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let state = Self.state(tenant, groups: [Fixture.pilot])
            let (_, first) = try await run(harness, state, justification: Self.text)
            let id = try #require(entry(first, Self.policies)?.approvalRequest)
            #expect(harness.simulator.decide(id, as: decision, justification: "not during the freeze"))
            let (_, again) = try await run(harness, state, justification: Self.text)
            let policy = try #require(entry(again, Self.policies))
            #expect(policy.state == .failed)
            #expect(policy.error?.contains("approval request \(id) was \(decision): \"not during the freeze\"") == true)
            #expect(!again.onlyAwaitingApproval)
            #expect(harness.simulator.tenant.approvalRequests.count == 1, "nothing filed again")
        }
    }

    @Test func anApprovedRequestForAnotherWriteIsNeverCompleted() async throws {
        let tenant = Self.tenant()
        try await Harness.with(.inProcess, tenant, options: .init(limits: nil)) { (harness: Harness) async throws in
            let (_, first) = try await run(
                harness, Self.state(tenant, groups: [Fixture.pilot]), justification: Self.text)
            let id = try #require(entry(first, Self.policies)?.approvalRequest)
            #expect(harness.simulator.decide(id, as: "approved"))
            // Meanwhile the tenant changed: the approved write is no longer what the manifests call for.
            harness.simulator.modify { tenant in
                tenant.configurations[0].assignments = [
                    ["id": "manual", "target": ["@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"]]
                ]
            }
            let (_, again) = try await run(
                harness, Self.state(tenant, groups: [Fixture.pilot]), justification: Self.text)
            let policy = try #require(entry(again, Self.policies))
            #expect(policy.state == .failed)
            #expect(policy.error?.contains("was approved for another write than this plan's") == true)
            #expect(harness.simulator.tenant.approvalRequests.map(\.status) == ["approved"], "not completed")
        }
    }

    @Test(arguments: Mode.allCases)
    func theSimulatorCompletesOnlyTheIdenticalWriteAndRefusesASecondRequest(_ mode: Mode) async throws {
        let tenant = Self.tenant()
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
