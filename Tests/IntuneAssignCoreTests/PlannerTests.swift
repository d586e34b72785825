import IntuneAssignCore
import Testing

/// The planner: every change type, the normalisation of what Graph answers, modes, policy sets, Autopilot, and the
/// fewest calls — including the changes today's tools miss.
@Suite struct PlannerTests {
    static let a = "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"
    static let b = "7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b"
    static let f1 = "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9"
    static let f2 = "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7ca"
    /// The configuration every plan here is for (its id matters to no expectation).
    static let configuration = ConfigurationID(GUID("c0f10000-0000-4000-8000-000000000001")!)
    let profile = Kinds.named("deviceConfiguration")!
    let app = Kinds.named("mobileApp")!
    let autopilot = Kinds.named("windowsAutopilotDeploymentProfile")!

    func group(_ id: String, filter: (FilterMode, String)? = nil, intent: String? = nil) -> PlannedAssignment {
        PlannedAssignment(
            target: .group(GUID(id)!),
            filter: filter.map { ResolvedFilter(mode: $0.0, id: GUID($0.1)!) }, intent: intent)
    }

    func exclude(_ id: String, intent: String? = nil) -> PlannedAssignment {
        PlannedAssignment(target: .exclusionGroup(GUID(id)!), intent: intent)
    }

    /// An assignment as Graph answers it.
    func graph(
        _ type: String, group: String? = nil, filter: (String?, String)? = nil, intent: String? = nil,
        id: String = "x", source: String = "direct", sourceId: String? = nil
    ) -> JSONValue {
        var target: [(key: String, value: JSONValue)] = [("@odata.type", .string(type))]
        if let group { target.append(("groupId", .string(group))) }
        if let filter {
            target.append(("deviceAndAppManagementAssignmentFilterId", filter.0.map(JSONValue.string) ?? .null))
            target.append(("deviceAndAppManagementAssignmentFilterType", .string(filter.1)))
        }
        var pairs: [(key: String, value: JSONValue)] = [
            ("id", .string(id)), ("target", .object(target)), ("source", .string(source)),
        ]
        if let sourceId { pairs.append(("sourceId", .string(sourceId))) }
        if let intent { pairs.append(("intent", .string(intent))) }
        return .object(pairs)
    }

    func current(_ kind: Kind, _ values: [JSONValue]) -> [PlannedAssignment] {
        values.compactMap { PlannedAssignment(graph: $0, kind: kind) }
    }

    @Test func graphsSpellingsNormaliseToTheSameAssignment() {
        let spellings: [JSONValue] = [
            graph("#microsoft.graph.groupAssignmentTarget", group: Self.a),
            graph("microsoft.graph.groupAssignmentTarget", group: Self.a.uppercased()),
            graph("#microsoft.graph.groupAssignmentTarget", group: Self.a, filter: (nil, "none")),
            graph(
                "#microsoft.graph.groupAssignmentTarget", group: Self.a,
                filter: ("00000000-0000-0000-0000-000000000000", "include")),
            graph("#microsoft.graph.groupAssignmentTarget", group: Self.a, filter: (Self.f1, "none"), intent: "apply"),
        ]
        let read = current(profile, spellings)
        #expect(read.count == 5)
        #expect(Set(read.map { PlannedAssignment(target: $0.target, filter: $0.filter, intent: $0.intent) }).count == 1)
        #expect(read[0].intent == "apply", "an optional intent left out is the default")
        #expect(PlannedAssignment(graph: graph("#microsoft.graph.scopeTagGroupAssignmentTarget"), kind: profile) == nil)
    }

    @Test func convergedIsZeroCalls() {
        let have = current(
            profile,
            [
                graph("#microsoft.graph.groupAssignmentTarget", group: Self.a, filter: (Self.f1, "include")),
                graph("#microsoft.graph.allDevicesAssignmentTarget"),
            ])
        let plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(
                mode: .authoritative,
                assignments: [
                    PlannedAssignment(target: .allDevices, intent: "apply"),
                    group(Self.a, filter: (.include, Self.f1), intent: "apply"),
                ]), current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.isNoOp)
        #expect(plan.changes.map(\.action) == [.unchanged, .unchanged])
    }

    @Test func oneAdditionIsOneCreate() {
        let plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(
                mode: .authoritative, assignments: [group(Self.a, intent: "apply"), group(Self.b, intent: "apply")]),
            current: ObservedConfiguration(
                assignments: current(profile, [graph("#microsoft.graph.groupAssignmentTarget", group: Self.a)]),
                fingerprint: ""))
        #expect(plan.changes.map(\.action) == [.unchanged, .add])
        guard case .create(let body)? = plan.calls.first, plan.calls.count == 1 else {
            Issue.record("expected one create: \(plan.calls)")
            return
        }
        #expect(body["target"]?["groupId"]?.stringValue == Self.b)
        #expect(body["id"] == nil && body["source"] == nil)
    }

    /// The changes today's tools miss, each an update or a remove, each one assign call with the full set.
    @Test func whatOtherToolsMissIsPlanned() {
        let have = current(
            profile,
            [
                graph(
                    "#microsoft.graph.groupAssignmentTarget", group: Self.a, filter: (Self.f1, "include"),
                    intent: "apply"),
                graph("#microsoft.graph.groupAssignmentTarget", group: Self.b, intent: "apply"),
            ])
        // Filter mode changed in place.
        var plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(
                mode: .authoritative,
                assignments: [
                    group(Self.a, filter: (.exclude, Self.f1), intent: "apply"), group(Self.b, intent: "apply"),
                ]), current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.changes.map(\.action) == [.update, .unchanged])
        #expect(plan.changes[0].reasons == ["filter include \(Self.f1) → exclude \(Self.f1)"])
        // Another filter, same mode.
        plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(
                mode: .authoritative,
                assignments: [
                    group(Self.a, filter: (.include, Self.f2), intent: "apply"), group(Self.b, intent: "apply"),
                ]), current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.changes[0].reasons == ["filter include \(Self.f1) → include \(Self.f2)"])
        // Intent changed (not part of the identity for device configurations).
        plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(
                mode: .authoritative,
                assignments: [
                    group(Self.a, filter: (.include, Self.f1), intent: "apply"), group(Self.b, intent: "remove"),
                ]), current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.changes.map(\.action) == [.unchanged, .update])
        #expect(plan.changes[1].reasons == ["intent apply → remove"])
        // A group moved from include to exclude: a remove and an add, one assign.
        plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(
                mode: .authoritative,
                assignments: [
                    group(Self.a, filter: (.include, Self.f1), intent: "apply"), exclude(Self.b, intent: "apply"),
                ]), current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.changes.map(\.action).sorted { $0.rawValue < $1.rawValue } == [.add, .remove, .unchanged])
        // One of two targets removed.
        plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(
                mode: .authoritative, assignments: [group(Self.a, filter: (.include, Self.f1), intent: "apply")]),
            current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.changes.map(\.action) == [.unchanged, .remove])
        guard case .assign(let set)? = plan.calls.first, plan.calls.count == 1 else {
            Issue.record("expected one assign: \(plan.calls)")
            return
        }
        #expect(set.count == 1)
        #expect(set[0]["target"]?["deviceAndAppManagementAssignmentFilterType"]?.stringValue == "include")
        // A target swapped inside an existing slot: B replaced by a new group.
        plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(
                mode: .authoritative,
                assignments: [
                    group(Self.a, filter: (.include, Self.f1), intent: "apply"),
                    group("11111111-2222-4333-8444-555555555555", intent: "apply"),
                ]), current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.count(.add) == 1 && plan.count(.remove) == 1 && plan.calls.count == 1)
    }

    @Test func intentIsIdentityForApps() {
        let have = current(app, [graph("#microsoft.graph.groupAssignmentTarget", group: Self.a, intent: "available")])
        let plan = Planner.plan(
            ConfigurationKey(kind: app, id: Self.configuration),
            wanted: Planner.Wanted(mode: .authoritative, assignments: [group(Self.a, intent: "required")]),
            current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.changes.map(\.action).sorted { $0.rawValue < $1.rawValue } == [.add, .remove])
        guard case .assign(let set)? = plan.calls.first else {
            Issue.record("expected assign")
            return
        }
        #expect(set.first?["intent"]?.stringValue == "required")
        #expect(set.first?["@odata.type"]?.stringValue == "#microsoft.graph.mobileAppAssignment")
    }

    @Test func additiveNeverRemovesAndAssignKeepsWhatItKeeps() {
        let have = current(
            profile,
            [
                graph("#microsoft.graph.groupAssignmentTarget", group: Self.a, intent: "apply"),
                graph("#microsoft.graph.allDevicesAssignmentTarget", intent: "apply"),
            ])
        let plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(
                mode: .additive, assignments: [group(Self.a, intent: "remove"), group(Self.b, intent: "apply")]),
            current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.count(.remove) == 0)
        #expect(plan.count(.update) == 1 && plan.count(.add) == 1)
        guard case .assign(let set)? = plan.calls.first else {
            Issue.record("expected assign")
            return
        }
        #expect(set.count == 3, "the unlisted All devices stays in the set")
    }

    @Test func policySetAssignmentsAreShownAndNeverSent() {
        let have = current(
            profile,
            [
                graph("#microsoft.graph.allLicensedUsersAssignmentTarget", source: "policySets", sourceId: "ps-1"),
                graph("#microsoft.graph.groupAssignmentTarget", group: Self.a, intent: "apply"),
            ])
        let plan = Planner.plan(
            ConfigurationKey(kind: profile, id: Self.configuration),
            wanted: Planner.Wanted(mode: .authoritative, assignments: []),
            current: ObservedConfiguration(assignments: have, fingerprint: ""))
        #expect(plan.changes.map(\.action) == [.remove, .inherited])
        #expect(plan.changes[1].reasons == ["from policy set ps-1"])
        #expect(plan.calls == [.assign([])], "assignments: [] removes the direct ones; the inherited one is not sent")
    }

    @Test func autopilotGroupsUseCreateAndDeleteAndDevicesOnlyTheMissing() {
        let d1 = DeviceID(GUID("9a3e5c71-2b8d-4f6a-9c1e-7d3b5a9f1c28")!)
        let d2 = DeviceID(GUID("4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b16")!)
        let d3 = DeviceID(GUID("4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b17")!)
        let have = current(autopilot, [graph("#microsoft.graph.groupAssignmentTarget", group: Self.a, id: "old")])
        let plan = Planner.plan(
            ConfigurationKey(kind: autopilot, id: Self.configuration),
            wanted: Planner.Wanted(mode: .authoritative, assignments: [exclude(Self.b)], devices: [d1, d2]),
            current: ObservedConfiguration(assignments: have, devices: [d1, d3], fingerprint: ""))
        #expect(plan.calls.count == 3)
        #expect(plan.calls[0] == .delete("old"))
        guard case .create(let body) = plan.calls[1] else {
            Issue.record("expected create")
            return
        }
        #expect(body["@odata.type"]?.stringValue == "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment")
        #expect(plan.calls[2] == .assignDevices([d2]))
        #expect(plan.devicesNotListed == [d3])
    }

    @Test func settingsAndSchedulesAreCompared() {
        let health = Kinds.named("deviceHealthScript")!
        var want = group(Self.a)
        want.fields = [
            "runRemediationScript": .bool(true),
            "runSchedule": ["@odata.type": "#microsoft.graph.deviceHealthScriptHourlySchedule", "interval": 4],
        ]
        var have = want
        have.graphID = "h"
        have.fields["runSchedule"] = [
            "interval": 1, "@odata.type": "#microsoft.graph.deviceHealthScriptHourlySchedule",
        ]
        let plan = Planner.plan(
            ConfigurationKey(kind: health, id: Self.configuration),
            wanted: Planner.Wanted(mode: .authoritative, assignments: [want]),
            current: ObservedConfiguration(assignments: [have], fingerprint: ""))
        #expect(plan.changes.map(\.action) == [.update])
        #expect(plan.changes[0].reasons == ["schedule every hour → every 4 hours"])
    }
}

/// No `assign` body names the same target twice, for any kind: an unmodelled assignment the tenant holds on a
/// target the manifest also names (a Windows 365 target the admin center re-sent with empty plan fields, field-notes
/// §8) goes once.
@Suite struct AssignBodyTests {
    @Test(arguments: Kinds.all.filter { $0.groupTargetWrites == .assignAction && $0.takesAssignments })
    func noAssignBodyNamesATargetTwice(_ kind: Kind) throws {
        let pilot = try #require(GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"))
        let finance = try #require(GUID("7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b"))
        let intent = kind.intent.flatMap { $0.required ? $0.values[0] : nil }
        let wanted = [pilot, finance].map { PlannedAssignment(target: .group($0), intent: intent) }
        // The tenant holds the pilot target in a shape intune-assign does not model (an extra property).
        guard case .object(var pairs) = wanted[0].graphBody(kind),
            case .object(var target)? = wanted[0].graphBody(kind)["target"]
        else { throw CancellationError() }
        target.append(("unmodelledProperty", "x"))
        pairs.removeAll { $0.key == "target" }
        pairs.append(("target", .object(target)))
        let plan = Planner.plan(
            ConfigurationKey(kind: kind, id: ConfigurationID(pilot)),
            wanted: Planner.Wanted(mode: .authoritative, assignments: wanted),
            current: ObservedConfiguration(
                assignments: [], unmanaged: [UnmanagedAssignment(graph: .object(pairs))], fingerprint: ""))
        for call in plan.calls {
            guard case .assign(let bodies) = call else { continue }
            let targets = bodies.map { Planner.targetKey($0) }
            #expect(Set(targets).count == targets.count, "\(kind.name): \(targets)")
        }
        #expect(plan.calls.contains { if case .assign = $0 { true } else { false } }, "\(kind.name) plans an assign")
    }

    /// A dedicated Windows 365 target read back with `servicePlanId: ""`, `allotmentDisplayName: ""` and
    /// `allotmentLicensesCount: 0` is the plain group it is: the plan keeps it, with nothing to send.
    @Test func aWindows365TargetWithEmptyPlanFieldsIsThePlainGroup() throws {
        let kind = try #require(Kinds.named("cloudPcProvisioningPolicy"))
        let group = try #require(GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"))
        let read: JSONValue = [
            "id": "p_3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01",
            "target": [
                "@odata.type": "#microsoft.graph.cloudPcManagementGroupAssignmentTarget",
                "groupId": .string(group.description), "servicePlanId": "", "allotmentDisplayName": "",
                "allotmentLicensesCount": 0,
            ],
        ]
        let observed = ObservedConfiguration(graph: [read], kind: kind, fingerprint: "f")
        #expect(observed.unmanaged.isEmpty)
        let plan = Planner.plan(
            ConfigurationKey(kind: kind, id: ConfigurationID(group)),
            wanted: Planner.Wanted(mode: .authoritative, assignments: [PlannedAssignment(target: .group(group))]),
            current: ObservedConfiguration(
                assignments: observed.assignments, unmanaged: observed.unmanaged, fingerprint: ""))
        #expect(plan.isNoOp, "\(plan.changes)")
    }
}
