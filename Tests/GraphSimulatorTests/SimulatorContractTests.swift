import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// Graph's behaviour for every kind, from shared/graph/kinds.md: the kind's body key, its assignment type and how
/// `assign` answers; and Graph's rules for what it refuses.
@Suite struct SimulatorContractTests {
    static let groupKinds = Kinds.all.filter { !$0.takesDevices && $0.takesAssignments }
    /// Kinds with an `assign` action that takes assignments (terms and conditions has none).
    static let assignKinds = groupKinds.filter { $0.groupTargetWrites == .assignAction }

    @Test(arguments: assignKinds, Mode.allCases)
    func assignTakesTheKindsBodyKeyAndAnswersAsTheKindDoes(_ kind: Kind, _ mode: Mode) async throws {
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let id = Fixture.configurationID(0)
            let path = "\(kind.collectionPath)/\(id)"
            // App configurations' `assign` is routed with its type-cast segment (field-notes §8).
            let cast = kind.name == "mobileAppConfiguration"
            let assign = cast ? "\(path)/microsoft.graph.managedDeviceMobileAppConfiguration/assign" : "\(path)/assign"
            if cast {
                let plain = try await harness.send("POST", "\(path)/assign", [kind.assignBodyKey: []])
                #expect(plain.status == 400)
                #expect(plain.body?["error"]?["code"]?.stringValue == "No method match route template")
            }
            let reply = try await harness.send("POST", assign, [kind.assignBodyKey: [Fixture.assignment(kind)]])
            switch kind.assignAnswer {
            case .noContent:
                #expect(reply.status == 204)
                #expect(reply.body == nil)
            case .collection:
                #expect(reply.status == 200)
                guard case .array(let values)? = reply.body?["value"] else {
                    Issue.record("\(kind.name): no collection in the answer")
                    return
                }
                #expect(values.count == 1)
                #expect(reply.body?["@odata.context"]?.stringValue?.hasSuffix("/assignments") == true)
            }
            // Shell scripts are not routed at `{id}/assignments` (field-notes §2): they are read by item expand.
            let routed = kind.name != "deviceShellScript" && kind.name != "deviceCustomAttributeShellScript"
            let read = try await harness.send("GET", routed ? "\(path)/assignments" : "\(path)?$expand=assignments")
            #expect(read.status == 200)
            guard case .array(let assignments)? = read.body?[routed ? "value" : "assignments"] else {
                Issue.record("\(kind.name): no assignments read back")
                return
            }
            #expect(assignments.count == 1)
            #expect(assignments.first?["@odata.type"]?.stringValue == kind.assignmentODataType)
            #expect(assignments.first?["target"]?["groupId"]?.stringValue == Fixture.pilot)
            // Windows 365's assignment types have no `source`.
            #expect(assignments.first?["source"]?.stringValue == (kind.targets.groupForm == .cloudPC ? nil : "direct"))
            if let rule = kind.intent {
                #expect(
                    assignments.first?[rule.graphField]?.stringValue
                        == (rule.required ? rule.values[0] : rule.defaultValue))
            }

            // Any other body key is a 400, naming the right one.
            let otherKey = kind.assignBodyKey == "assignments" ? "mobileAppAssignments" : "assignments"
            let wrong = try await harness.send("POST", assign, [otherKey: [Fixture.assignment(kind)]])
            #expect(wrong.status == 400)
            #expect(wrong.body?["error"]?["message"]?.stringValue?.contains(kind.assignBodyKey) == true)
            #expect(wrong.body?["error"]?["innerError"]?["request-id"]?.stringValue != nil)
        }
    }

    @Test(arguments: groupKinds, Mode.allCases)
    func createOneAnswers201AndDeleteAnswers204(_ kind: Kind, _ mode: Mode) async throws {
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let path = "\(kind.collectionPath)/\(Fixture.configurationID(0))/assignments"
            let created = try await harness.send("POST", path, Fixture.assignment(kind))
            // Field-notes §8: not routed on these kinds (LIVE), created everywhere else.
            if GraphSimulator.Options().unroutedSingleCreates.contains(kind.name) {
                #expect(created.status == 400)
                #expect(created.body?["error"]?["message"]?.stringValue?.contains("with http verb POST") == true)
                return
            }
            #expect(created.status == 201)
            let assignmentID = try #require(created.body?["id"]?.stringValue)
            #expect(created.body?["@odata.type"]?.stringValue == kind.assignmentODataType)
            let again = try await harness.send("POST", path, Fixture.assignment(kind))
            #expect(again.status == 400, "the same target twice")
            let deleted = try await harness.send("DELETE", "\(path)/\(assignmentID)")
            #expect(deleted.status == 204)
            let gone = try await harness.send("DELETE", "\(path)/\(assignmentID)")
            #expect(gone.status == 404)
        }
    }

    @Test(arguments: Mode.allCases)
    func autopilotProfilesAssignDeviceIdsAndTakeGroupsThroughAssignments(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("windowsAutopilotDeploymentProfile"))
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let profile = "\(kind.collectionPath)/\(Fixture.configurationID(0))"
            let wrongKey = try await harness.send(
                "POST", "\(profile)/assign", ["assignments": [Fixture.assignment(kind)]])
            #expect(wrongKey.status == 400)
            let assigned = try await harness.send("POST", "\(profile)/assign", ["deviceIds": [.string(Fixture.device)]])
            #expect(assigned.status == 204)
            let devices = try await harness.send("GET", "\(profile)/assignedDevices")
            #expect(devices.body?["value"]?.serialized().contains(Fixture.device) == true)
            let unknown = try await harness.send(
                "POST", "\(profile)/assign", ["deviceIds": ["00000000-0000-4000-8000-000000000001"]])
            #expect(unknown.status == 404)
            // The same action through the device's current profile.
            let viaDevice = try await harness.send(
                "POST", "/deviceManagement/windowsAutopilotDeviceIdentities/\(Fixture.device)/deploymentProfile/assign",
                ["deviceIds": [.string(Fixture.device)]])
            #expect(viaDevice.status == 204)
            // Group targets: POST .../assignments, typed as the profile's assignment entity.
            let group = try await harness.send(
                "POST", "\(profile)/assignments",
                [
                    "target": [
                        "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": .string(Fixture.pilot),
                    ]
                ])
            #expect(group.status == 201)
            #expect(
                group.body?["@odata.type"]?.stringValue
                    == "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment")
        }
    }

    // MARK: - What Graph refuses

    @Test(arguments: Mode.allCases)
    func wrongAssignmentTypeWrongTargetTypeAndUntakenTargetsAre400(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("iosManagedAppProtection"))
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let path = "\(kind.collectionPath)/\(Fixture.configurationID(0))/assign"
            let wrongType = try await harness.send(
                "POST", path,
                [
                    "assignments": [
                        [
                            "@odata.type": "#microsoft.graph.mobileAppAssignment",
                            "target": [
                                "@odata.type": "#microsoft.graph.groupAssignmentTarget",
                                "groupId": .string(Fixture.pilot),
                            ],
                        ]
                    ]
                ])
            #expect(wrongType.status == 400)
            let unknownTarget = try await harness.send(
                "POST", path,
                [
                    "assignments": [
                        [
                            "target": [
                                "@odata.type": "#microsoft.graph.scopeTagGroupAssignmentTarget",
                                "entraObjectId": .string(Fixture.pilot),
                            ]
                        ]
                    ]
                ])
            #expect(unknownTarget.status == 400)
            let untaken = try await harness.send(
                "POST", path,
                [
                    "assignments": [
                        [
                            "target": ["@odata.type": "microsoft.graph.allDevicesAssignmentTarget"]
                        ]
                    ]
                ])
            #expect(untaken.status == 400)
            #expect(untaken.body?["error"]?["message"]?.stringValue?.hasPrefix("Unsupported AssignmentTarget.") == true)
            let twice = try await harness.send(
                "POST", path, ["assignments": [Fixture.assignment(kind), Fixture.assignment(kind)]])
            #expect(twice.status == 400)
            // None of the refused writes changed anything.
            let read = try await harness.send("GET", "\(kind.collectionPath)/\(Fixture.configurationID(0))/assignments")
            #expect(read.body?["value"] == [])
        }
    }

    @Test(arguments: Mode.allCases)
    func propertiesTheKindDoesNotHaveAre400(_ mode: Mode) async throws {
        let app = try #require(Kinds.named("mobileApp"))
        let profile = try #require(Kinds.named("groupPolicyConfiguration"))
        try await Harness.with(mode, Fixture.tenant(kinds: [app, profile])) { (harness: Harness) async throws in
            let appPath = "\(app.collectionPath)/\(Fixture.configurationID(0))/assign"
            let target: JSONValue = [
                "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": .string(Fixture.pilot),
            ]
            let badSettings = try await harness.send(
                "POST", appPath,
                [
                    "mobileAppAssignments": [
                        [
                            "target": target, "intent": "required",
                            "settings": ["@odata.type": "#microsoft.graph.madeUpSettings"],
                        ]
                    ]
                ])
            #expect(badSettings.status == 400)
            let noIntent = try await harness.send("POST", appPath, ["mobileAppAssignments": [["target": target]]])
            #expect(noIntent.status == 400)
            let badIntent = try await harness.send(
                "POST", appPath, ["mobileAppAssignments": [["target": target, "intent": "apply"]]])
            #expect(badIntent.status == 400)
            let profilePath = "\(profile.collectionPath)/\(Fixture.configurationID(1000))/assign"
            let intentOnProfile = try await harness.send(
                "POST", profilePath, ["assignments": [["target": target, "intent": "apply"]]])
            #expect(intentOnProfile.status == 400)
            #expect(
                intentOnProfile.body?["error"]?["message"]?.stringValue?.contains("'intent' does not exist") == true)
        }
    }

    @Test(arguments: Mode.allCases)
    func unknownIdsAre404(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("deviceConfiguration"))
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let missing = "\(kind.collectionPath)/00000000-0000-4000-8000-00000000dead"
            #expect(try await harness.send("GET", missing).status == 404)
            #expect(try await harness.send("GET", "\(missing)/assignments").status == 404)
            #expect(try await harness.send("POST", "\(missing)/assign", ["assignments": []]).status == 404)
            #expect(try await harness.send("GET", "/groups/00000000-0000-4000-8000-00000000dead").status == 404)
            let body = try await harness.send("GET", missing).body
            #expect(body?["error"]?["code"]?.stringValue == "ResourceNotFound")
        }
    }

    @Test(arguments: Mode.allCases)
    func defaultEnrollmentConfigurationsCannotBeAssigned(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("deviceEnrollmentConfiguration"))
        var tenant = Fixture.tenant(kinds: [kind])
        tenant.configurations[0].priority = 0
        try await Harness.with(mode, tenant) { (harness: Harness) async throws in
            let path = "\(kind.collectionPath)/\(Fixture.configurationID(0))"
            let refused = try await harness.send(
                "POST", "\(path)/assign", [kind.assignBodyKey: [Fixture.assignment(kind)]])
            #expect(refused.status == 400)
            #expect(
                refused.body?["error"]?["message"]?.stringValue?.contains("default enrollment configuration") == true)
            #expect(try await harness.send("POST", "\(path)/assignments", Fixture.assignment(kind)).status == 400)
        }
    }

    @Test(arguments: Mode.allCases)
    func assignReplacesTheDirectSetAndKeepsPolicySetAssignments(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("deviceCompliancePolicy"))
        var tenant = Fixture.tenant(kinds: [kind])
        let inherited: JSONValue = [
            "id": "from-policy-set", "source": "policySets", "sourceId": "aaaaaaaa-0000-4000-8000-000000000001",
            "target": ["@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget"],
        ]
        tenant.configurations[0].assignments = [
            inherited,
            [
                "id": "old-direct", "source": "direct",
                "target": [
                    "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": .string(Fixture.finance),
                ],
            ],
        ]
        try await Harness.with(mode, tenant) { (harness: Harness) async throws in
            let path = "\(kind.collectionPath)/\(Fixture.configurationID(0))"
            let reply = try await harness.send("POST", "\(path)/assign", ["assignments": [Fixture.assignment(kind)]])
            #expect(reply.status == 200)
            let ids = (try await harness.send("GET", "\(path)/assignments")).body?["value"]
            let text = ids?.serialized() ?? ""
            #expect(text.contains("from-policy-set"))
            #expect(!text.contains("old-direct"))
            #expect(text.contains(Fixture.pilot))
            // A policy-set assignment cannot be deleted directly.
            #expect(try await harness.send("DELETE", "\(path)/assignments/from-policy-set").status == 400)
        }
    }

    @Test(arguments: Mode.allCases)
    func readOnlyPropertiesAreIgnored(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("groupPolicyConfiguration"))
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let path = "\(kind.collectionPath)/\(Fixture.configurationID(0))"
            let reply = try await harness.send(
                "POST", "\(path)/assign",
                [
                    "assignments": [
                        [
                            "id": "client-chosen", "lastModifiedDateTime": "1999-01-01T00:00:00Z",
                            "source": "policySets",
                            "target": [
                                "@odata.type": "#microsoft.graph.groupAssignmentTarget",
                                "groupId": .string(Fixture.pilot),
                            ],
                        ]
                    ]
                ])
            #expect(reply.status == 200)
            let stored = try #require(try await harness.send("GET", "\(path)/assignments").body?["value"])
            let first = try #require(
                {
                    if case .array(let values) = stored { return values.first }
                    return nil
                }())
            #expect(first["id"]?.stringValue != "client-chosen")
            #expect(first["lastModifiedDateTime"]?.stringValue != "1999-01-01T00:00:00Z")
            #expect(first["source"]?.stringValue == "direct")
        }
    }

    @Test(arguments: Mode.allCases)
    func filtersMustExistAndNoneMeansNoFilter(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("configurationPolicy"))
        func body(_ filter: String?, _ type: String) -> JSONValue {
            [
                "assignments": [
                    [
                        "target": [
                            "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget",
                            "deviceAndAppManagementAssignmentFilterId": filter.map(JSONValue.string) ?? .null,
                            "deviceAndAppManagementAssignmentFilterType": .string(type),
                        ]
                    ]
                ]
            ]
        }
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let path = "\(kind.collectionPath)/\(Fixture.configurationID(0))/assign"
            #expect(try await harness.send("POST", path, body(Fixture.filter, "include")).status == 200)
            #expect(
                try await harness.send("POST", path, body("00000000-0000-4000-8000-0000000000ff", "include")).status
                    == 400)
            #expect(
                try await harness.send("POST", path, body("00000000-0000-0000-0000-000000000000", "none")).status == 200
            )
            #expect(try await harness.send("POST", path, body(nil, "exclude")).status == 400)
        }
    }
}
