import IntuneAssignCore
import Testing

/// The apply machine driven event by event, without Graph or the simulator: which writes it asks for in which
/// order, what each answer does to a configuration, and what the report says.
@Suite struct ApplyMachineTests {
    static let tenant = GUID("8a1d3c5e-7f90-4b2d-9e4f-6a8c0b2d4e6f")!
    static let groups = (1...4).map { GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a0\($0)")! }

    /// A configuration of `kind` that adds `adding` (and removes `removing`), as the planner plans it.
    static func configuration(
        _ kind: String, _ number: Int, adding: [GUID], removing: [GUID] = []
    ) -> ConfigurationPlan {
        let kind = Kinds.named(kind)!
        var plan = Planner.plan(
            ConfigurationKey(kind: kind, id: ConfigurationID(GUID("1b4c7e2a-9d3f-4a6b-8c1e-5f2d7a9b3c6\(number)")!)),
            wanted: Planner.Wanted(
                mode: .authoritative, assignments: adding.map { PlannedAssignment(target: .group($0)) }),
            current: ObservedConfiguration(
                assignments: removing.map { PlannedAssignment(target: .group($0)) }, fingerprint: ""))
        plan.fingerprint = "read-\(number)"
        return plan
    }

    static func plan(_ configurations: [ConfigurationPlan]) -> Plan {
        Plan(
            tenant: tenant, graphRoot: "https://graph.microsoft.com", manifestDigest: "", configurations: configurations
        )
    }

    /// What a configuration reads as once its plan took effect (`matching`), or as before (`false`).
    static func observed(_ configuration: ConfigurationPlan, matching: Bool) -> ObservedConfiguration {
        let after = configuration.changes.compactMap(\.after)
        let before = configuration.changes.compactMap(\.before)
        return ObservedConfiguration(
            assignments: matching ? after : before, fingerprint: matching ? "after" : configuration.fingerprint)
    }

    static func writes(_ action: ApplyMachine.Action) -> [ApplyMachine.Write] {
        if case .send(let writes) = action { writes } else { [] }
    }

    @Test func wavesSendEachConfigurationsCallsInOrderAndTheReportFollowsTheReads() {
        // Autopilot profiles take create and delete: one removal and one addition are two calls, in that order.
        let two = Self.configuration(
            "windowsAutopilotDeploymentProfile", 1, adding: [Self.groups[0]], removing: [Self.groups[1]])
        let one = Self.configuration("windowsAutopilotDeploymentProfile", 2, adding: [Self.groups[2]])
        #expect(two.calls.count == 2 && one.calls.count == 1)
        var machine = ApplyMachine(Self.plan([two, one]))
        let first = Self.writes(machine.start())
        #expect(first.map(\.configuration) == [two.key, one.key])
        #expect(first.map(\.call) == [two.calls[0], one.calls[0]])
        #expect(machine.state(of: two.key) == .inFlight)

        let second = Self.writes(machine.answered([two.key: .succeeded, one.key: .succeeded]))
        #expect(second.map(\.configuration) == [two.key])
        #expect(second.map(\.call) == [two.calls[1]])
        // The one-call configuration is done writing and told so; the other is not yet.
        #expect(machine.settled().map(\.configuration.key) == [one.key])

        let read = machine.answered([two.key: .succeeded])
        #expect(read == .read([two.key, one.key], after: 0))
        #expect(machine.settled().map(\.state) == [.written])
        guard
            case .finish(let report) = machine.read(
                [two.key: Self.observed(two, matching: true), one.key: Self.observed(one, matching: true)])
        else {
            Issue.record("expected the end")
            return
        }
        #expect(report.succeeded)
        #expect(report.entries.map(\.callsMade) == [2, 1])
    }

    @Test func aFailedCallStopsItsConfigurationAloneAndIsTyped() {
        let two = Self.configuration(
            "windowsAutopilotDeploymentProfile", 1, adding: [Self.groups[0]], removing: [Self.groups[1]])
        let one = Self.configuration("windowsAutopilotDeploymentProfile", 2, adding: [Self.groups[2]])
        var machine = ApplyMachine(Self.plan([two, one]))
        _ = machine.start()
        let next = machine.answered([two.key: .refused("400 BadRequest"), one.key: .succeeded])
        // Nothing of the failed configuration's second wave is sent: straight to reading everything again.
        #expect(next == .read([two.key, one.key], after: 0))
        #expect(machine.state(of: two.key) == .failed(.refused("400 BadRequest")))
        guard
            case .finish(let report) = machine.read(
                [two.key: Self.observed(two, matching: false), one.key: Self.observed(one, matching: true)])
        else {
            Issue.record("expected the end")
            return
        }
        #expect(report.entries.map(\.state) == [.failed, .changed])
        #expect(report.entries[0].failure == .refused("400 BadRequest"))
    }

    @Test func theCastRouteIsProbedOncePerKindAndTheRestFollowIt() {
        let configurations = (1...3).map { Self.configuration("mobileAppConfiguration", $0, adding: [Self.groups[$0]]) }
        let keys = configurations.map(\.key)
        let segment = "microsoft.graph.managedDeviceMobileAppConfiguration"
        var machine = ApplyMachine(Self.plan(configurations))
        // One write probes the kind's route; the others wait for its answer.
        let probe = Self.writes(machine.start())
        #expect(probe.map(\.configuration) == [keys[0]] && probe[0].cast == nil)
        let again = Self.writes(machine.answered([keys[0]: .notRouted("400 No OData route")]))
        // It goes again by the cast route, still alone: the route is not learnt until that answers.
        #expect(again.map(\.configuration) == [keys[0]] && again[0].cast == segment)
        let rest = Self.writes(machine.answered([keys[0]: .succeeded]))
        #expect(rest.map(\.configuration) == [keys[1], keys[2]])
        #expect(rest.allSatisfy { $0.cast == segment })
        _ = machine.answered([keys[1]: .succeeded, keys[2]: .succeeded])
        guard
            case .finish(let report) = machine.read(
                Dictionary(uniqueKeysWithValues: configurations.map { ($0.key, Self.observed($0, matching: true)) }))
        else {
            Issue.record("expected the end")
            return
        }
        #expect(report.succeeded)
        #expect(
            report.entries.map(\.notes) == [
                [.assignSentWithCast(kind: "mobileAppConfiguration", segment: segment)], [], [],
            ])
    }

    @Test func aWriteIsReroutedOnceThenFails() {
        let configuration = Self.configuration("mobileAppConfiguration", 1, adding: [Self.groups[0]])
        var machine = ApplyMachine(Self.plan([configuration]))
        _ = machine.start()
        _ = machine.answered([configuration.key: .notRouted("400 No OData route")])
        let next = machine.answered([configuration.key: .notRouted("400 No OData route, cast")])
        #expect(next == .read([configuration.key], after: 0))
        #expect(machine.state(of: configuration.key) == .failed(.refused("400 No OData route, cast")))
    }

    @Test func aSingleCreateNotRoutedGoesAsAssignOnlyIfTheConfigurationIsAsPlanned() {
        for unchanged in [true, false] {
            let configuration = Self.configuration("deviceConfiguration", 1, adding: [Self.groups[0]])
            guard case .create = configuration.calls.first else {
                Issue.record("deviceConfiguration plans one addition as a single create")
                return
            }
            var machine = ApplyMachine(Self.plan([configuration]))
            _ = machine.start()
            let confirm = machine.answered([configuration.key: .notRouted("400 No OData route")])
            #expect(confirm == .confirm([configuration.key]))
            // Not told yet: the configuration is still being written.
            #expect(machine.settled().isEmpty)
            var seen = Self.observed(configuration, matching: false)
            if !unchanged { seen.fingerprint = "moved" }
            let next = machine.confirmed([configuration.key: seen])
            if unchanged {
                let writes = Self.writes(next)
                #expect(writes.map(\.call) == [configuration.callsFromChanges(singleCreate: false)[0]])
                if case .assign? = writes.first?.call {} else { Issue.record("expected assign, got \(writes)") }
            } else {
                #expect(next == .read([configuration.key], after: 0))
                #expect(machine.state(of: configuration.key) == .failed(.refused("400 No OData route")))
                #expect(machine.settled().count == 1)
            }
        }
    }

    @Test func approvalHoldsAWriteByItsRequestAndA409IsResolvedByTheMarker() {
        let filed = Self.configuration("deviceConfiguration", 1, adding: [Self.groups[0]])
        let pending = Self.configuration("deviceConfiguration", 2, adding: [Self.groups[1]])
        let other = Self.configuration("deviceConfiguration", 3, adding: [Self.groups[2]])
        var machine = ApplyMachine(Self.plan([filed, pending, other]))
        _ = machine.start()
        let next = machine.answered([
            filed.key: .approvalRequired(request: "r-1"), pending.key: .alreadyPending(marker: "[ia:aaaa]"),
            other.key: .alreadyPending(marker: "[ia:bbbb]"),
        ])
        #expect(next == .findPendingRequests)
        #expect(machine.state(of: filed.key) == .awaitingApproval(.request("r-1")))
        let requests = [
            FiledRequest(id: "r-2", status: .needsApproval, justification: "change 42 [ia:aaaa]"),
            // A request for the other write's marker that was decided: it does not hold the write.
            FiledRequest(id: "r-3", status: .rejected, justification: "change 41 [ia:bbbb]"),
        ]
        #expect(machine.found(requests) == .read([filed.key, pending.key, other.key], after: 0))
        #expect(machine.state(of: pending.key) == .awaitingApproval(.request("r-2")))
        #expect(machine.state(of: other.key) == .failed(.heldByAnotherRequest))
        guard
            case .finish(let report) = machine.read(
                Dictionary(
                    uniqueKeysWithValues: [filed, pending, other].map { ($0.key, Self.observed($0, matching: false)) }))
        else {
            Issue.record("expected the end")
            return
        }
        #expect(report.entries.map(\.state) == [.awaitingApproval, .awaitingApproval, .failed])
        #expect(report.entries.map(\.approvalRequest) == ["r-1", "r-2", nil])
        #expect(!report.onlyAwaitingApproval)
    }

    @Test func anEarlierRequestDecidesTheWriteUnlessRefiled() {
        let configuration = Self.configuration("deviceConfiguration", 1, adding: [Self.groups[0]])
        let rejected = FiledRequest(
            id: "r-9", status: .rejected, justification: "x [ia:cccc]", approverJustification: "not today")
        for refile in [false, true] {
            var machine = ApplyMachine(
                Self.plan([configuration]), earlier: [configuration.key: (rejected, "[ia:cccc]")], refile: refile)
            let first = machine.start()
            if refile {
                #expect(Self.writes(first).map(\.configuration) == [configuration.key])
            } else {
                #expect(first == .read([configuration.key], after: 0))
                #expect(
                    machine.state(of: configuration.key)
                        == .failed(
                            .approvalDecided(request: "r-9", status: .rejected, approverJustification: "not today")))
            }
        }
        // An approved request lends its code to the write, which the driver uses only for the marker it was filed for.
        let approved = FiledRequest(id: "r-10", status: .approved, justification: "x [ia:dddd]")
        var machine = ApplyMachine(Self.plan([configuration]), earlier: [configuration.key: (approved, "[ia:dddd]")])
        #expect(Self.writes(machine.start()).first?.approved == .init(code: "r-10", marker: "[ia:dddd]"))
    }

    @Test func aRefusedSignInStopsAllLaterWaves() {
        let two = Self.configuration(
            "windowsAutopilotDeploymentProfile", 1, adding: [Self.groups[0]], removing: [Self.groups[1]])
        let three = Self.configuration(
            "windowsAutopilotDeploymentProfile", 2, adding: [Self.groups[2]], removing: [Self.groups[3]])
        var machine = ApplyMachine(Self.plan([two, three]))
        _ = machine.start()
        let next = machine.answered([two.key: .noAnswer("401", signInLost: true), three.key: .succeeded])
        #expect(next == .read([two.key, three.key], after: 0))
        #expect(machine.state(of: three.key) == .pending)
    }

    @Test func readsThatLagAreReadAgainOnTheBackoffAndThenReported() {
        let configuration = Self.configuration("windowsAutopilotDeploymentProfile", 1, adding: [Self.groups[0]])
        let late = Self.configuration("windowsAutopilotDeploymentProfile", 2, adding: [Self.groups[1]])
        var machine = ApplyMachine(Self.plan([configuration, late]), backoff: [1, 2])
        _ = machine.start()
        _ = machine.answered([configuration.key: .succeeded, late.key: .succeeded])
        let stale = Self.observed(late, matching: false)
        #expect(
            machine.read([configuration.key: Self.observed(configuration, matching: true), late.key: stale])
                == .read([late.key], after: 1))
        #expect(machine.state(of: late.key) == .lagging)
        #expect(machine.read([late.key: stale]) == .read([late.key], after: 2))
        guard case .finish(let report) = machine.read([late.key: stale]) else {
            Issue.record("expected the end")
            return
        }
        #expect(report.entries.map(\.state) == [.changed, .partlyChanged])
        #expect(report.entries[1].failure == .doesNotMatch(waited: 3))
    }

    @Test func aFailedReadEndsWithTheAnswersAloneAndSaysWhy() {
        let configuration = Self.configuration("windowsAutopilotDeploymentProfile", 1, adding: [Self.groups[0]])
        var machine = ApplyMachine(Self.plan([configuration]))
        _ = machine.start()
        _ = machine.answered([configuration.key: .succeeded])
        guard case .finish(let report) = machine.readFailed("GET …: 503") else {
            Issue.record("expected the end")
            return
        }
        #expect(report.verificationError == "GET …: 503")
        #expect(report.entries.map(\.state) == [.changed])
        #expect(!report.succeeded)
    }
}
