import Foundation
import TestSupport
import Testing

/// `plan --blame`: each drifted line says who changed its configuration, from the simulated tenant's audit log, in
/// text, markdown and JSON; a missing permission is said and never fails the plan.
@Suite struct BlameCommandTests {
    let cli = CommandRunner()

    /// A scratch copy of the example tenant, with `edit` applied to its JSON, for `body`.
    func withTenant(edit: (inout [String: Any]) -> Void = { _ in }, _ body: (String) throws -> Void) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("blame-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        var tenant =
            try JSONSerialization.jsonObject(with: Data(contentsOf: Repository.url("examples/tenant.json")))
            as! [String: Any]
        edit(&tenant)
        try JSONSerialization.data(withJSONObject: tenant).write(to: file)
        try body(file.path)
    }

    @Test func driftedLinesSayWhoChangedThemAndWhen() throws {
        // A later edit that is not an assignment change does not hide the assignment change before it.
        let edit: (inout [String: Any]) -> Void = { tenant in
            var events = tenant["auditEvents"] as! [[String: Any]]
            var patch = events[0]
            patch["id"] = "a0d10000-0000-4000-8000-00000000e099"
            patch["activityDateTime"] = "2026-11-25T10:00:00Z"
            events.append(patch)
            tenant["auditEvents"] = events
        }
        try withTenant(edit: edit) { tenant in
            let run = try cli.run([
                "plan", "examples/manifests", "--simulate", tenant, "--blame", "--since", "2026-09-01",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(
                run.stdout.contains(
                    "    - group \"Finance\" (7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b), intent available — changed by "
                        + "admin1@northwind.example (Assign MobileApp), 2026-11-20 14:02 UTC\n"), "\(run.stdout)")
            // An app's change names the app; a failed activity after it changed nothing and is not taken.
            #expect(
                run.stdout.contains(
                    "filter exclude \"Corporate Windows\" → include \"Corporate Windows\" — changed by app Legacy "
                        + "assignment sync (Assign ConfigurationPolicy), 2026-11-27 06:45 UTC\n"))
            #expect(run.stdout.contains("— author unknown (no audit event since 2026-09-01)\n"))
            // Blame is a report: the plan is the same plan.
            let plain = try cli.run(["plan", "examples/manifests", "--simulate", tenant])
            #expect(run.stdout.hasSuffix(plain.stdout.components(separatedBy: "\n").suffix(2).joined(separator: "\n")))
        }
    }

    @Test func jsonCarriesTheBlameStructuredAndOurOwnChangesSaySo() throws {
        try withTenant { tenant in
            // A change made outside the manifests by this tool's own identity (the simulator's unsigned client).
            let change = try cli.changeOutsideTheManifests(
                """
                version: 1
                configurations:
                  - kind: deviceCompliancePolicy
                    id: 6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87
                    assignments: []
                """, tenant: tenant)
            #expect(change.status == 0, "\(change.stdout)\(change.stderr)")
            let run = try cli.run([
                "plan", "examples/manifests", "--simulate", tenant, "--blame", "--since", "30d", "--format", "json",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let root = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let blame = try #require(root?["blame"] as? [String: Any])
            #expect(blame["status"] as? String == "read")
            #expect(blame["complete"] as? Bool == true)
            let entries = try #require(blame["configurations"] as? [[String: Any]])
            let compliance = try #require(
                entries.first { $0["id"] as? String == "6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87" })
            let by = try #require(compliance["changed_by"] as? [String: Any])
            #expect(by["ours"] as? Bool == true)
            #expect(by["actor_type"] as? String == "application")
            #expect(by["activity"] as? String == "Assign DeviceCompliancePolicy")
            #expect((by["event_id"] as? String)?.isEmpty == false)
            let text = try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--blame"])
            #expect(text.stdout.contains("— changed by this plan's own identity ("), "\(text.stdout)")
        }
    }

    @Test func aMissingPermissionIsSaidAndTheExitStatusIsUnchanged() throws {
        let (server, url) = try cli.startSimulator([
            "--tenant", "examples/tenant.json", "--forbid", "/deviceManagement/auditEvents",
        ])
        defer { server.terminate() }
        let environment = CommandRunner.exampleSignIn(at: url)
        let run = try cli.run(
            ["plan", "examples/manifests", "--blame", "--detailed-exitcode", "--format", "markdown"],
            environment: environment)
        #expect(run.status == 2, "changes, as without --blame: \(run.stderr)")
        #expect(
            run.stdout.contains(
                "_Blame unavailable: needs the permission DeviceManagementApps.Read.All (Graph answered 403)._"),
            "\(run.stdout)")
        let bad = try cli.run(["plan", "examples/manifests", "--blame", "--since", "last week"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--since takes days (30d) or a date"))
    }

    @Test(arguments: ["400", "500"])
    func anAuditLogThatFailsIsSaidAndThePlanIsUnchanged(_ status: String) throws {
        let (server, url) = try cli.startSimulator([
            "--tenant", "examples/tenant.json", "--fault", "GET /deviceManagement/auditEvents=\(status)x50",
        ])
        defer { server.terminate() }
        let run = try cli.run(
            ["plan", "examples/manifests", "--blame", "--detailed-exitcode"],
            environment: CommandRunner.exampleSignIn(at: url))
        #expect(run.status == 2, "changes, as without --blame: \(run.stderr)")
        #expect(
            run.stdout.contains("Blame unavailable: GET /beta/deviceManagement/auditEvents: \(status) "),
            "\(run.stdout)")
        #expect(
            run.stdout.hasSuffix(
                "Plan: 10 configurations to change (6 to add, 4 to update, 3 to remove), 11 Graph calls.\n"))
    }

    @Test func eachTenantOfAFleetIsBlamedOnItsOwn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-blame-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try cli.run([
            "plan", "--fleet", "examples/fleet/fleet.yaml", "--simulate-fleet", "examples/fleet/tenants", "--blame",
            "--tenants", "contoso", "--out", folder.path,
        ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let plan =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("contoso.plan.json"))) as? [String: Any]
        let blame = try #require(plan?["blame"] as? [String: Any])
        #expect(blame["status"] as? String == "read")
        #expect((blame["configurations"] as? [Any])?.count == 2)
    }
}
