import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// The simulator's role assignments, as the field reports them: listed under their role definition, not written
/// through it, and written at `/deviceManagement/roleAssignments/{id}` with the scope rules Graph applies.
@Suite struct RoleAssignmentSimulatorTests {
    static let kind = Kinds.named("roleAssignment")!

    @Test(arguments: Mode.allCases) func writesGoToTheTopLevelPathWithGraphsScopeRules(_ mode: Mode) async throws {
        try await Harness.with(mode, Fixture.tenant(kinds: [Self.kind])) { (harness: Harness) async throws in
            let id = Fixture.configurationID(0)
            let listed = try await harness.send(
                "GET", "/deviceManagement/roleDefinitions/\(Fixture.role)/roleAssignments")
            #expect(listed.status == 200)
            guard case .array(let values)? = listed.body?["value"], let first = values.first else {
                Issue.record("no role assignment listed")
                return
            }
            #expect(first["id"]?.stringValue == id)
            #expect(first["scopeType"]?.stringValue == "resourceScope")

            // LIVE: microsoft-graph-docs #12674: the nested path is not routed for PATCH.
            let nested = try await harness.send(
                "PATCH", "/deviceManagement/roleDefinitions/\(Fixture.role)/roleAssignments/\(id)",
                ["members": [.string(Fixture.pilot)]])
            #expect(nested.status == 400)
            #expect(nested.body?["error"]?["code"]?.stringValue == "No method match route template")

            // LIVE: Microsoft365DSC #6394: scope groups only with the resourceScope type.
            let mixed = try await harness.send(
                "PATCH", "/deviceManagement/roleAssignments/\(id)",
                ["scopeType": "allDevices", "resourceScopes": [.string(Fixture.finance)]])
            #expect(mixed.status == 400)
            #expect(
                mixed.body?["error"]?["message"]?.stringValue?.hasPrefix(
                    "ResourceScopes can only be defined when the ScopeType is set to 'ResourceScope'") == true)

            let written = try await harness.send(
                "PATCH", "/deviceManagement/roleAssignments/\(id)",
                [
                    "members": [.string(Fixture.pilot)], "scopeType": "resourceScope",
                    "resourceScopes": [.string(Fixture.finance)], "roleScopeTagIds": ["0"],
                ])
            #expect(written.status == 200)
            let read = try await harness.send("GET", "/deviceManagement/roleAssignments/\(id)")
            let access = try #require(read.body.flatMap(RoleAccess.init(graph:)))
            #expect(
                access
                    == RoleAccess(
                        members: [GUID(Fixture.pilot)!], scope: .groups([GUID(Fixture.finance)!]), scopeTags: ["0"]))

            // A member that is no group of the directory is refused; nothing changes.
            let stranger = try await harness.send(
                "PATCH", "/deviceManagement/roleAssignments/\(id)",
                ["members": ["00000000-0000-4000-8000-000000000001"]])
            #expect(stranger.status == 400)
            let again = try await harness.send("GET", "/deviceManagement/roleAssignments/\(id)")
            #expect(again.body.flatMap(RoleAccess.init(graph:)) == access)
            // Leaving the resource scope clears the scope groups.
            let all = try await harness.send(
                "PATCH", "/deviceManagement/roleAssignments/\(id)", ["scopeType": "allDevices"])
            #expect(all.status == 200)
            #expect(all.body.flatMap(RoleAccess.init(graph:))?.scope == .allDevices)
        }
    }
}
