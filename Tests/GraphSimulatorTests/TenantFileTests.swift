import Foundation
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import ManifestYAML
import TestSupport
import Testing

/// Tenant files: the schema, loading and checking, saving, and the bundled example tenant.
@Suite struct TenantFileTests {
    static let schemaURL = Repository.url("schemas/tenant.schema.json")
    static let exampleURL = Repository.url("examples/tenant.json")

    @Test func committedSchemaIsTheGeneratedOne() throws {
        #expect(
            try String(contentsOf: Self.schemaURL, encoding: .utf8) == TenantSchema.text,
            "regenerate with: swift run intune-assign schema --tenant > schemas/tenant.schema.json")
    }

    @Test func exampleTenantLoadsAndSavesTheSame() throws {
        let tenant = try SimulatedTenant.load(try Data(contentsOf: Self.exampleURL))
        #expect(tenant.problems().isEmpty)
        let saved = try tenant.fileData()
        #expect(try SimulatedTenant.load(saved) == tenant)
        #expect(try SimulatedTenant.load(saved).fileData() == saved, "saving is deterministic")
    }

    @Test func problemsAreListedAllAtOnce() throws {
        let text = """
            {"tenantId": "not-a-guid",
             "groups": [{"id": "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01", "displayName": "a"},
                        {"id": "3F1D2A64-9C1B-4C7E-8D2A-5B6F7E8D9A01", "displayName": "b"}],
             "configurations": [
               {"kind": "deviceConfig", "id": "1", "displayName": "typo"},
               {"kind": "roleScopeTag", "id": "abc", "displayName": "not a number"},
               {"kind": "mobileApp", "id": "4df81c9c-1c9c-4df8-9c1c-f84d9c1cf84d", "displayName": "app", "priority": 1,
                "assignments": [{"id": "x", "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget"}},
                                {"target": {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}}]}],
             "autopilotDevices": [{"id": "9a3e5c71-2b8d-4f6a-9c1e-7d3b5a9f1c28", "serialNumber": "X",
                                   "deploymentProfileId": "1b4c7e2a-9d3f-4a6b-8c1e-5f2d7a9b3c60"}]}
            """
        do {
            _ = try SimulatedTenant.load(Data(text.utf8))
            Issue.record("a broken tenant file loaded")
        } catch {
            #expect(
                error.problems == [
                    "tenantId 'not-a-guid' is not a GUID",
                    "groups[1]: id 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01 is used twice",
                    "configurations[0] (typo): unknown kind 'deviceConfig'",
                    "configurations[1] (not a number): id 'abc' is not a roleScopeTag id",
                    "configurations[2] (app): only enrollment configurations have a priority",
                    "configurations[2] (app).assignments[0]: a group target needs `groupId`",
                    "configurations[2] (app).assignments[1]: needs an `id`",
                    "autopilotDevices[0]: deployment profile 1b4c7e2a-9d3f-4a6b-8c1e-5f2d7a9b3c60 is not in configurations",
                ])
        }
        #expect(throws: SimulatedTenant.FileError.self) { try SimulatedTenant.load(Data("{}".utf8)) }
    }

    @Test(.enabled(if: PythonJSONSchema.enabled, "needs python3 with jsonschema"))
    func schemaAcceptsRealTenantsAndRejectsBrokenOnes() throws {
        let example = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: Self.exampleURL))
        let everyKind = try JSONDecoder().decode(
            JSONValue.self, from: Fixture.tenant(kinds: Kinds.all, perKind: 2).fileData())
        let broken: [JSONValue] = [
            ["tenantId": "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11", "groups": [["id": "x", "displayName": "a"]]],
            [
                "tenantId": "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11",
                "configurations": [["kind": "deviceConfig", "id": "1", "displayName": "a"]],
            ],
            ["tenantId": "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11", "unknownKey": true],
        ]
        let verdicts = try PythonJSONSchema.verdicts(schema: Self.schemaURL, instances: [example, everyKind] + broken)
        #expect(verdicts == ["accepts", "accepts", "rejects", "rejects", "rejects"])
    }

    /// The example tenant belongs to the example manifests: every configuration, group, filter and device they
    /// name exists in it, and every name matches exactly one object — so that `plan` on the example has a plan
    /// to show rather than an error.
    @Test func exampleTenantHoldsEverythingTheExampleManifestsName() throws {
        let tenant = try SimulatedTenant.load(try Data(contentsOf: Self.exampleURL))
        let sources = try Repository.files(under: "examples/manifests", extensions: [".yaml"]).map {
            ManifestSource(path: $0.lastPathComponent, bytes: [UInt8](try Data(contentsOf: $0)))
        }
        let result = ManifestLoader.load(sources)
        #expect(result.diagnostics.isEmpty)
        #expect(result.state.tenant.map(\.description) == tenant.tenantId)
        func exists(_ form: ObjectReference.Form, in objects: [(id: String, name: String)]) -> Bool {
            switch form {
            case .id(let id): objects.contains { GUID($0.id) == id }
            case .name(let name): objects.count { $0.name.lowercased() == name.lowercased() } == 1
            case .alias: false
            }
        }
        let groups = tenant.groups.map { ($0.id, $0.displayName) }
        let filters = tenant.assignmentFilters.map { ($0.id, $0.displayName) }
        for alias in result.state.groupAliases.values {
            #expect(exists(alias.meaning, in: groups), "group \(alias.name)")
        }
        for alias in result.state.filterAliases.values {
            #expect(exists(alias.meaning, in: filters), "filter \(alias.name)")
        }
        for configuration in result.state.configurations {
            let candidates = tenant.configurations.filter { $0.kind == configuration.kind.name }
            switch configuration.reference {
            case .id(let id):
                #expect(candidates.contains { ConfigurationID($0.id, form: configuration.kind.idForm) == id }, "\(id)")
            case .name(let name):
                #expect(candidates.count { $0.displayName == name } == 1, "\(name)")
            }
            for device in configuration.devices ?? [] {
                #expect(
                    tenant.autopilotDevices.contains { DeviceID(text: $0.id) == device }
                        || tenant.appleDevices.contains { DeviceID(serial: $0.serialNumber) == device },
                    "device \(device)")
            }
        }
        // Something to plan: at least one policy-set assignment, and some assignments that differ from the manifests.
        #expect(
            tenant.configurations.contains { $0.assignments.contains { $0["source"]?.stringValue == "policySets" } })
        #expect(tenant.configurations.contains { $0.priority == 0 })
    }
}
