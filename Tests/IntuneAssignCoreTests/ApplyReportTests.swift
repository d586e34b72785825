import IntuneAssignCore
import Testing

/// How one configuration's outcome is told from its calls' answers and the tenant read again afterwards.
@Suite struct ApplyReportTests {
    let configuration: ConfigurationPlan = {
        let kind = Kinds.named("windowsAutopilotDeploymentProfile")!
        let add = PlannedAssignment(target: .group(GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01")!))
        return Planner.plan(
            ConfigurationKey(kind: kind, id: ConfigurationID(GUID("1b4c7e2a-9d3f-4a6b-8c1e-5f2d7a9b3c60")!)),
            wanted: Planner.Wanted(
                mode: .authoritative, assignments: [add],
                devices: [DeviceID(GUID("4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b16")!)]),
            current: ObservedConfiguration(assignments: [], fingerprint: ""))
    }()

    func state(
        attempted: Bool = true, calls: Int, error: ApplyFailure? = nil, differences: [String]?, unchanged: Bool = false
    )
        -> ApplyReport.Entry
    {
        ApplyReport.classify(
            configuration, attempted: attempted, callsMade: calls, failure: error,
            readBack: differences.map { ApplyReport.ReadBack(differences: $0, unchanged: unchanged) })
    }

    @Test func everyStateFollowsFromWhatTheTenantHolds() {
        #expect(configuration.calls.count == 2)
        #expect(state(calls: 2, differences: []).state == .changed)
        // A call failed but the tenant matches anyway (a retried create that had gone through): changed.
        #expect(state(calls: 1, error: .refused("409"), differences: []).state == .changed)
        #expect(state(calls: 1, error: .refused("400"), differences: ["device missing"]).state == .partlyChanged)
        #expect(
            state(calls: 0, error: .refused("400"), differences: ["group missing"], unchanged: true).state == .failed)
        #expect(
            state(attempted: false, calls: 0, differences: ["group missing"], unchanged: true).state == .notAttempted)
        let silent = state(calls: 2, differences: ["group missing"])
        #expect(silent.state == .failed)
        #expect(silent.failure == .doesNotMatch(waited: 0))
        // Not read again: judged by the calls alone, and the report as a whole is not a success.
        #expect(state(calls: 2, differences: nil).state == .changed)
        #expect(state(calls: 1, error: .refused("503"), differences: nil).state == .failed)
        let report = ApplyReport(entries: [state(calls: 2, differences: nil)], verificationError: "GET …: 503")
        #expect(!report.succeeded)
        #expect(ApplyReport(entries: [state(calls: 2, differences: [])]).succeeded)
    }

    @Test func whatStillDiffersIsSaidInWords() {
        let current: [JSONValue] = [
            [
                "id": "x", "source": "direct",
                "target": ["@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"],
            ]
        ]
        #expect(
            configuration.remainingDifferences(
                ObservedConfiguration(graph: current, kind: configuration.kind, devices: [], fingerprint: "")) == [
                    "group 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01 is missing",
                    "allDevices is still assigned",
                    "Autopilot device 4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b16 does not have the profile",
                ])
    }
}
