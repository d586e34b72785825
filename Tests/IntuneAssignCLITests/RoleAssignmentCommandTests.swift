import Foundation
import TestSupport
import Testing

/// Intune role assignments end to end with the built binary, on the example's help desk assignment: a change of who
/// may manage whom, worded as admin access, applied from a saved plan and planned again to "No changes", in-process
/// and over loopback; and the entries refused before anything is written, each at its place.
@Suite struct RoleAssignmentCommandTests {
    let cli = CommandRunner()
    static let id = "7a2f9c41-3e8d-4b6a-9c1f-2d5e8b7a4c90"
    static let target = ["--target", "roleAssignment/\(id)"]

    /// A copy of the example manifests (with `access.yaml` replaced by `access`, when given) and tenant.
    func workspace(_ access: String? = nil) throws -> (folder: URL, manifests: URL, tenant: String) {
        let (folder, manifests, tenant) = try cli.exampleCopy("roles")
        if let access {
            try ("version: 1\nconfigurations:\n" + access).write(
                to: manifests.appendingPathComponent("access.yaml"), atomically: true, encoding: .utf8)
        }
        return (folder, manifests, tenant)
    }

    static let wider = """
          - kind: roleAssignment
            name: Help desk - Northwind
            roleDefinition: Help Desk Operator
            members: [ it-pilot, finance ]
            scope: allUsersAndDevices
            scopeTags: [ 0, 3 ]

        """

    @Test(arguments: SimulatorPlace.allCases)
    func aWiderScopeIsWordedAsAdminAccessAppliedAndConverges(_ place: SimulatorPlace) throws {
        let (folder, manifests, tenant) = try workspace(Self.wider)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (simulate, environment, server) = try cli.simulating(tenant, place)
        defer { server?.terminate() }

        let (file, plan) = try cli.planSaved(
            manifests.path, Self.target, into: folder, simulate: simulate, environment: environment)
        #expect(
            plan.stdout.contains(
                """
                ~ roleAssignment "Help desk - Northwind" (7a2f9c41-3e8d-4b6a-9c1f-2d5e8b7a4c90)
                      members of group "IT Pilot" (3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01) may manage its scope
                    + members of group "Finance" (7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b) may manage its scope
                    ~ scope: the users and devices in group "All Staff" (0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40) → all users and all devices
                    + scope tag 3
                    = members of group "IT Pilot" (3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01), group "Finance" (7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b) may manage all users and all devices as "Help Desk Operator", seeing scope tags 0, 3
                    → PATCH /deviceManagement/roleAssignments/7a2f9c41-3e8d-4b6a-9c1f-2d5e8b7a4c90 with its members, scope and scope tags

                Plan: 1 configuration to change (2 to add, 1 to update, 0 to remove), 1 Graph call.

                """), "\(plan.stdout)")
        // The saved plan carries the PATCH's exact body: no scope groups with a scope type other than resourceScope.
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.contains("\"role_access\""))
        #expect(saved.contains("\"scopeType\": \"allDevicesAndLicensedUsers\""))
        try cli.expectAppliedAndConverged(
            file, manifests.path, Self.target, simulate: simulate, environment: environment)

        // Back to the example's scope: one scope group, one member fewer, the tag removed.
        try FileManager.default.removeItem(at: manifests.appendingPathComponent("access.yaml"))
        try FileManager.default.copyItem(
            at: Repository.url("examples/manifests/access.yaml"), to: manifests.appendingPathComponent("access.yaml"))
        let back = try cli.run(["plan", manifests.path] + Self.target + simulate, environment: environment)
        #expect(
            back.stdout.contains(
                "    - members of group \"Finance\" (7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b) may no longer manage its "
                    + "scope\n"), "\(back.stdout)")
        #expect(back.stdout.contains("    - scope tag 3\n"))
        let restored = try cli.run(
            ["apply", manifests.path, "--auto-approve"] + Self.target + simulate, environment: environment)
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
    }

    @Test func entriesThatCannotBeRightAreRefusedAtTheirPlaceAndNothingIsWritten() throws {
        // Assignments on a role assignment, and role keys on a kind that has assignments: validate says so offline.
        let (folder, manifests, tenant) = try workspace(
            """
              - kind: roleAssignment
                name: Help desk - Northwind
                assignments: [ { group: it-pilot } ]
                members: [ it-pilot ]
              - kind: deviceConfiguration
                name: Wi-Fi - Offices
                assignments: []
                members: [ it-pilot ]

            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = manifests.appendingPathComponent("access.yaml").path
        let validate = try cli.run(["validate", manifests.path])
        #expect(validate.status == 1)
        for expected in [
            "\(file):5:5: error: a roleAssignment has no `assignments`",
            "\(file):3:5: error: missing `roleDefinition` in this roleAssignment",
            "\(file):3:5: error: missing `scope` in this roleAssignment",
            "\(file):10:5: error: `members` is only for roleAssignment; deviceConfiguration is assigned through "
                + "`assignments:`",
        ] {
            #expect(validate.stderr.contains(expected), "\(expected)\n\(validate.stderr)")
        }

        // A role it is not under: the plan stops there, before anything is written.
        try """
        version: 1
        configurations:
          - kind: roleAssignment
            name: Help desk - Northwind
            roleDefinition: Application Manager
            members: [ it-pilot ]
            scope: allUsers

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: tenant))
        let apply = try cli.run(["apply", manifests.path, "--simulate", tenant, "--auto-approve"] + Self.target)
        #expect(apply.status == 1)
        #expect(
            apply.stderr.contains(
                "\(file):5:21: error: this role assignment is under role \"Help Desk Operator\" "
                    + "(9e0cc482-82df-4ab2-a24c-0c23a3f52e1e), not the `roleDefinition` written here"),
            "\(apply.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == before)
    }

    @Test func accessChangedInThePortalIsAdoptedIntoItsLines() throws {
        let (folder, manifests, tenant) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        // In the portal: Finance joins the members, and the scope becomes All devices.
        try cli.editConfiguration(tenant, id: Self.id) {
            $0["access"] = [
                "members": ["3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01", "7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b"],
                "scopeType": "allDevices", "resourceScopes": [String](), "roleScopeTagIds": ["0"],
            ]
        }

        let file = manifests.appendingPathComponent("access.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        let run = try cli.run(["export", "--into", manifests.path, "--simulate", tenant] + Self.target)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let adopted = try String(contentsOf: file, encoding: .utf8)
        let changed = zip(adopted.components(separatedBy: "\n"), original.components(separatedBy: "\n")).filter {
            $0 != $1
        }.map(\.0)
        #expect(
            changed == [
                "    members: [ it-pilot, finance ]                    # the groups whose members hold the role",
                "    scope: allDevices                     # whose users and devices they may manage",
            ])
        let plan = try cli.run(["plan", manifests.path, "--simulate", tenant, "--detailed-exitcode"] + Self.target)
        #expect(plan.status == 0, "\(plan.stdout)")

        // A list written over several lines is not rewritten: nothing is written, and the place is said.
        try original.replacingOccurrences(of: "    members: [ it-pilot ]", with: "    members:\n      - it-pilot")
            .write(to: file, atomically: true, encoding: .utf8)
        let block = try String(contentsOf: file, encoding: .utf8)
        let refused = try cli.run(["export", "--into", manifests.path, "--simulate", tenant] + Self.target)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "\(file.path):11:7: `members` is written over several lines; write it on one line to adopt drift"),
            "\(refused.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == block)
    }

    @Test func aGroupThatOnlyHoldsARoleIsNeverUnused() throws {
        let (folder, _, tenant) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let interns = "6d1e8b3a-4f2c-4a9d-b7e5-0c3f9a2d1e84"
        let unused = try cli.run(["usage", interns, "--simulate", tenant])
        #expect(unused.stdout.contains("is used by none of the"), "\(unused.stdout)")
        // The former interns become the help desk's members in the portal.
        try cli.editConfiguration(tenant, id: Self.id) {
            var access = $0["access"] as? [String: Any] ?? [:]
            access["members"] = [interns]
            $0["access"] = access
        }
        let used = try cli.run(["usage", interns, "--simulate", tenant, "--manifests", "examples/manifests"])
        #expect(
            used.stdout.contains(
                "  roleAssignment \"Help desk - Northwind\" (7a2f9c41-3e8d-4b6a-9c1f-2d5e8b7a4c90): its members hold "
                    + "role \"Help Desk Operator\" — in the manifests, removed by the plan\n"), "\(used.stdout)")
    }
}
