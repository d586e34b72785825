import IntuneAssignCore
import ManifestYAML
import Testing

/// Name resolution and plan assembly: every name that resolves to nothing or to several objects stops the whole
/// plan with an error where it is written; what resolves becomes the wanted assignments the planner compares.
@Suite struct PlanMakerTests {
    static let tenant = GUID("6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11")!
    static let profileID = "3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93"
    static let finance = GUID("7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b")!
    static let pilot = GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01")!
    static let corporate = GUID("53b3ae67-93fe-54ab-a64b-32c80e5bfb5c")!
    let profile = Kinds.named("deviceConfiguration")!
    let enrollment = Kinds.named("deviceEnrollmentConfiguration")!
    let health = Kinds.named("deviceHealthScript")!

    func state(_ yaml: String) throws -> DesiredState {
        let result = ManifestLoader.load([ManifestSource(path: "m.yaml", bytes: Array(yaml.utf8))])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        return result.state
    }

    var listings: [Kind: [ListedConfiguration]] {
        [
            profile: [
                ListedConfiguration(profile, id: Self.profileID, displayName: "Wi-Fi - Offices"),
                ListedConfiguration(profile, id: "11111111-1111-4111-8111-111111111111", displayName: "Twin"),
                ListedConfiguration(profile, id: "22222222-2222-4222-8222-222222222222", displayName: "Twin"),
            ],
            enrollment: [
                ListedConfiguration(
                    enrollment, id: "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11_DefaultLimit",
                    displayName: "All users and all devices", priority: 0),
                ListedConfiguration(
                    enrollment, id: "c2a431f3-63fa-5b02-9336-be18942242da", displayName: "ESP", priority: 2),
            ],
        ]
    }

    let filters = [DirectoryObject(id: corporate, displayName: "Corporate Windows")]

    func messages(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.message)" }
    }

    @Test func namesThatResolveToNothingOrToSeveralAreErrorsWhereTheyAreWritten() throws {
        let state = try state(
            """
            version: 1
            groups:
              finance: { name: Finance }
              ghosts: { name: Ghosts }
            configurations:
              - kind: deviceConfiguration
                name: Twin
                assignments: [ { group: finance } ]
              - kind: deviceConfiguration
                name: wi-fi - offices
                assignments: [ { group: ghosts }, { group: { name: Twins } } ]
              - kind: deviceConfiguration
                id: 44444444-4444-4444-8444-444444444444
                assignments:
                  - group: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01
                    filter: { include: { name: Corporate Window } }
              - kind: deviceEnrollmentConfiguration
                id: 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11_DefaultLimit
                assignments: [ allUsers: {} ]
            """)
        let reads = PlanMaker.reads(state)
        #expect(reads.kinds == [profile, enrollment])
        #expect(reads.groupNames == ["Finance", "Ghosts", "Twins"])
        let groups: [String: [DirectoryObject]] = [
            "Finance": [DirectoryObject(id: Self.finance, displayName: "Finance")],
            "Ghosts": [],
            "Twins": [
                DirectoryObject(id: Self.pilot, displayName: "Twins"),
                DirectoryObject(id: Self.finance, displayName: "TWINS"),
            ],
        ]
        let (resolution, diagnostics) = PlanMaker.resolve(state, listings: listings, groups: groups, filters: filters)
        #expect(
            messages(Diagnostics.sorted(diagnostics)) == [
                #"4:3: no group is named "Ghosts" in the tenant; check the name (Entra compares it without regard to case) or give the group's id"#,
                #"7:11: 2 deviceConfiguration configurations are named "Twin" (11111111-1111-4111-8111-111111111111, 22222222-2222-4222-8222-222222222222); use `id:` to say which one"#,
                #"10:11: no deviceConfiguration is named "wi-fi - offices" in the tenant; did you mean "Wi-Fi - Offices"?"#,
                #"11:48: 2 groups are named "Twins": 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01 ("Twins"), 7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b ("TWINS"); give the id of the one you mean"#,
                "13:9: no deviceConfiguration has the id 44444444-4444-4444-8444-444444444444 in the tenant; check the id and the kind",
                #"16:28: no assignment filter is named "Corporate Window" in the tenant; did you mean "Corporate Windows"?"#,
                #"18:9: "All users and all devices" is the tenant's default deviceEnrollmentConfiguration: Intune applies it to every user and device no other configuration covers, and it takes no assignments; remove this entry"#,
            ])
        #expect(resolution.configurations.isEmpty)
        #expect(resolution.groupsByName == ["finance": Self.finance])
    }

    @Test func theSameConfigurationByNameAndByIdIsAnError() throws {
        let state = try state(
            """
            version: 1
            configurations:
              - kind: deviceConfiguration
                name: Wi-Fi - Offices
                assignments: [ allDevices: {} ]
              - kind: deviceConfiguration
                id: 3B8E1D6A-5C2F-4E9B-A7D4-0C6F8E2B4A93
                assignments: [ allUsers: {} ]
            """)
        let (resolution, diagnostics) = PlanMaker.resolve(state, listings: listings, groups: [:], filters: filters)
        #expect(
            messages(diagnostics) == [
                #"7:9: this is the same deviceConfiguration as the entry at m.yaml:4:11 ("Wi-Fi - Offices", id 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93); keep one entry per configuration"#
            ])
        #expect(diagnostics.first?.notes.first?.location?.line == 4)
        #expect(resolution.configurations.count == 1)
    }

    @Test func targetsLimitThePlanAndATargetNoEntryNamesIsAnError() throws {
        let state = try state(
            """
            version: 1
            configurations:
              - kind: deviceConfiguration
                name: Wi-Fi - Offices
                assignments: [ allDevices: {} ]
              - kind: deviceEnrollmentConfiguration
                id: c2a431f3-63fa-5b02-9336-be18942242da
                assignments: [ allUsers: {} ]
            """)
        let wanted = try TargetSelection.parse("deviceConfiguration/" + Self.profileID.uppercased()).get()
        let (resolution, diagnostics) = PlanMaker.resolve(
            state, listings: listings, groups: [:], filters: filters, targets: [wanted])
        #expect(diagnostics.isEmpty)
        #expect(resolution.configurations.map(\.key.description) == ["deviceConfiguration/" + Self.profileID])
        let other = try TargetSelection.parse("deviceConfiguration/11111111-1111-4111-8111-111111111111").get()
        #expect(
            messages(PlanMaker.resolve(state, listings: listings, groups: [:], filters: filters, targets: [other]).1)
                == [
                    "-: --target deviceConfiguration/11111111-1111-4111-8111-111111111111: no manifest entry names this configuration"
                ])
        for bad in ["deviceConfiguration", "deviceConfigurations/x", "deviceConfiguration/not-a-guid"] {
            guard case .failure(let error) = TargetSelection.parse(bad) else {
                Issue.record("\(bad) parsed")
                continue
            }
            #expect(error.description.hasPrefix("--target \(bad): "))
        }
    }

    @Test func theTenantGuardNamesBothTenants() throws {
        let state = try state("version: 1\ntenant: \(Self.tenant)\nconfigurations: []\n")
        #expect(PlanMaker.checkTenant(state, signedIn: Self.tenant) == nil)
        let other = GUID("11111111-1111-4111-8111-111111111111")!
        let diagnostic = try #require(PlanMaker.checkTenant(state, signedIn: other))
        #expect(diagnostic.location?.line == 2)
        #expect(
            diagnostic.message.contains("for tenant \(Self.tenant), but the credentials signed in to tenant \(other)"))
    }

    /// What Graph answers for a script assignment written as the manifest says: no perpetual difference.
    @Test func aScheduleAndSettingsReadBackAsWrittenAreUnchanged() throws {
        let state = try state(
            """
            version: 1
            configurations:
              - kind: deviceHealthScript
                id: f1a4d7b0-3c6e-4f9a-8b2d-5e8a1c4f7b93
                assignments:
                  - group: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01
                    runRemediationScript: true
                    runSchedule: { type: daily, interval: 1, time: "08:30", useUtc: false }
            """)
        let listed = [
            health: [ListedConfiguration(health, id: "f1a4d7b0-3c6e-4f9a-8b2d-5e8a1c4f7b93", displayName: "Spooler")]
        ]
        let (resolution, problems) = PlanMaker.resolve(state, listings: listed, groups: [:], filters: [])
        #expect(problems.isEmpty)
        let read: JSONValue = [
            "id": "x", "source": "direct", "sourceId": .null, "runRemediationScript": true,
            "target": [
                "@odata.type": "microsoft.graph.groupAssignmentTarget",
                "groupId": .string(Self.pilot.description.uppercased()),
                "deviceAndAppManagementAssignmentFilterId": .null, "deviceAndAppManagementAssignmentFilterType": "none",
            ],
            "runSchedule": [
                "@odata.type": "#microsoft.graph.deviceHealthScriptDailySchedule", "interval": 1,
                "time": "08:30:00.0000000", "useUtc": false, "date": .null,
            ],
        ]
        let key = resolution.configurations[0].key
        let (plan, diagnostics) = PlanMaker.build(
            state, resolution,
            read: .init(
                observed: [
                    key: ObservedConfiguration(
                        graph: [read], kind: resolution.configurations[0].key.kind, fingerprint: "f")
                ], groupNames: [Self.pilot: "IT Pilot"]),
            origin: .init(tenant: Self.tenant, graphRoot: "https://graph.microsoft.com", manifestDigest: "d"))
        #expect(diagnostics.isEmpty)
        #expect(plan.configurations.map(\.isNoOp) == [true])
        #expect(plan.summaryLine == "No changes. The tenant matches the manifests.")
        #expect(plan.configurations[0].displayName == "Spooler" && plan.configurations[0].fingerprint == "f")
    }

    /// A target type intune-assign does not know is never dropped: `assign` replaces the whole set, so it is sent back.
    @Test func unknownTargetTypesAreKeptInTheAssignCall() throws {
        let state = try state(
            """
            version: 1
            configurations:
              - kind: deviceConfiguration
                id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
                assignments: [ allDevices: {}, { group: 7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b } ]
            """)
        let (resolution, _) = PlanMaker.resolve(state, listings: listings, groups: [:], filters: filters)
        let scopeTag: JSONValue = [
            "id": "s", "source": "direct", "intent": "apply",
            "target": ["@odata.type": "#microsoft.graph.scopeTagGroupAssignmentTarget", "entraObjectId": "e"],
        ]
        let (plan, diagnostics) = PlanMaker.build(
            state, resolution,
            read: .init(
                observed: [
                    resolution.configurations[0].key: ObservedConfiguration(
                        graph: [scopeTag], kind: resolution.configurations[0].key.kind, fingerprint: "")
                ], groupNames: [Self.finance: "Finance"]),
            origin: .init(tenant: Self.tenant, graphRoot: "g", manifestDigest: "d"))
        #expect(diagnostics.isEmpty)
        let configuration = plan.configurations[0]
        #expect(configuration.unmanaged.map(\.graph) == [scopeTag])
        guard case .assign(let bodies)? = configuration.calls.first, configuration.calls.count == 1 else {
            Issue.record("expected one assign, got \(configuration.calls)")
            return
        }
        #expect(bodies.count == 3)
        #expect(
            bodies.last == [
                "intent": "apply",
                "target": ["@odata.type": "#microsoft.graph.scopeTagGroupAssignmentTarget", "entraObjectId": "e"],
            ])
        #expect(
            plan.summaryLine == "Plan: 1 configuration to change (2 to add, 0 to update, 0 to remove), 1 Graph call.")
        #expect(plan.groupNames == [Self.finance: "Finance"])
    }

    @Test func autopilotDevicesTheTenantDoesNotHaveAreErrors() throws {
        let state = try state(
            """
            version: 1
            configurations:
              - kind: windowsAutopilotDeploymentProfile
                id: 1b4c7e2a-9d3f-4a6b-8c1e-5f2d7a9b3c60
                assignments: []
                devices: [ 4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b16, 9a3e5c71-2b8d-4f6a-9c1e-7d3b5a9f1c28 ]
            """)
        let autopilot = Kinds.named("windowsAutopilotDeploymentProfile")!
        let listed = [
            autopilot: [
                ListedConfiguration(autopilot, id: "1b4c7e2a-9d3f-4a6b-8c1e-5f2d7a9b3c60", displayName: "User driven")
            ]
        ]
        let (resolution, _) = PlanMaker.resolve(state, listings: listed, groups: [:], filters: [])
        let known: Set<DeviceID> = [DeviceID(GUID("9a3e5c71-2b8d-4f6a-9c1e-7d3b5a9f1c28")!)]
        let (_, diagnostics) = PlanMaker.build(
            state, resolution, read: .init(observed: [:], groupNames: [:], knownDevices: known),
            origin: .init(tenant: Self.tenant, graphRoot: "g", manifestDigest: "d"))
        #expect(
            messages(diagnostics) == [
                "3:5: Autopilot device 4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b16 in `devices:` is not a device identity in the tenant; check the id (the device's Autopilot record, not its Entra or Intune device id)"
            ])
    }

    @Test func aGroupIdTheDirectoryDoesNotKnowIsAnError() throws {
        let state = try state(
            """
            version: 1
            groups:
              gone: 7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b
            configurations:
              - kind: deviceConfiguration
                id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
                assignments: [ { group: gone } ]
            """)
        let (resolution, _) = PlanMaker.resolve(state, listings: listings, groups: [:], filters: filters)
        let ids = PlanMaker.groupIDs(state, resolution, observed: [:])
        #expect(ids == [Self.finance])
        let (_, diagnostics) = PlanMaker.build(
            state, resolution, read: .init(observed: [:], groupNames: [:]),
            origin: .init(tenant: Self.tenant, graphRoot: "g", manifestDigest: "d"))
        #expect(
            messages(diagnostics) == [
                "3:3: no group has the id 7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b in the tenant; check the id"
            ])
    }
}

extension Diagnostics {
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var all = Diagnostics()
        all.append(contentsOf: diagnostics)
        return all.sorted
    }
}

extension ListedConfiguration {
    /// A listed configuration of `kind` whose id is valid for it.
    init(_ kind: Kind, id: String, displayName: String, priority: Int? = nil) {
        self.init(id: ConfigurationID(id, form: kind.idForm)!, displayName: displayName, priority: priority)
    }
}
