import Foundation
import IntuneAssignCore
import TestSupport
import Testing

/// `check --field-report FILE` against the example tenant: every kind probed, the answers that settle the thin facts
/// (here, the simulator's: shell scripts' `{id}/assignments` is not routed), and nothing in the file that names the
/// tenant: no id, no GUID, no display name, no error message.
@Suite struct FieldReportCommandTests {
    @Test func theFieldReportCarriesAnswersAndNoNameIdOrGUID() throws {
        let folder = try CommandRunner().temporaryFolder(["README": "the field report goes here"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("report.json").path
        let run = try CommandRunner().run(
            ["check", "--simulate", "examples/tenant.json", "--field-report", file])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Wrote the field report to \(file): property names, counts and status codes only"))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let kinds = try #require(report["kinds"] as? [[String: Any]])
        #expect(kinds.count == Kinds.all.count)
        let shell = try #require(kinds.first { $0["kind"] as? String == "deviceShellScript" })
        #expect((shell["perItem"] as? [String: Any])?["status"] as? Int == 400)
        #expect((shell["perItem"] as? [String: Any])?["errorCode"] as? String == "No method match route template")
        let policies = try #require(kinds.first { $0["kind"] as? String == "configurationPolicy" })
        #expect((policies["itemExpand"] as? [String: Any])?["carriedAssignments"] as? Bool == true)
        #expect((policies["itemExpand"] as? [String: Any])?["assignments"] as? Int == 0, "item expand drops them")

        // The audit log: the query options the endpoint serves, by status (the simulator serves time filters only).
        let audit = try #require(report["auditEvents"] as? [String: Any])
        #expect((audit["recent"] as? [String: Any])?["status"] as? Int == 200)
        #expect((audit["recent"] as? [String: Any])?["actorProperties"] as? [String] != nil)
        #expect((audit["categoryFilter"] as? [String: Any])?["status"] as? Int == 400)

        // Device groups: the family is listed, and the retrieve of the example's policy answers one target inside
        // `value`.
        let groups = try #require(report["deviceGroups"] as? [String: Any])
        #expect(groups["ofDeviceGroupFamily"] as? Int == 1)
        #expect(groups["withTemplateFamily"] as? Int == groups["policies"] as? Int)
        let retrieve = try #require(groups["retrieve"] as? [String: Any])
        #expect(retrieve["status"] as? Int == 200)
        #expect(retrieve["resultInValue"] as? Bool == true)
        #expect(retrieve["targets"] as? Int == 1)
        #expect(
            retrieve["statusProperties"] as? [String] == [
                "@odata.type", "targetId", "validationSucceeded",
            ])

        // Role assignments: listed under their definitions, with the properties intune-assign reads.
        let roles = try #require(report["roleAssignments"] as? [String: Any])
        #expect((roles["definitions"] as? [String: Any])?["count"] as? Int == 2)
        let listed = try #require(roles["assignmentsOfADefinition"] as? [String: Any])
        #expect(listed["status"] as? Int == 200)
        #expect(listed["count"] as? Int == 1)
        let properties = Set(listed["properties"] as? [String] ?? [])
        #expect(properties.isSuperset(of: ["members", "scopeType", "resourceScopes", "roleScopeTagIds"]))

        // Nothing that names the tenant: no run of eight hexadecimal digits (every GUID has one), no display name.
        #expect(text.firstMatch(of: #/[0-9a-fA-F]{8}/#) == nil, "an id-like string in the report")
        let tenant = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Repository.url("examples/tenant.json")))
                as? [String: Any])
        var names: [String] = [tenant["displayName"] as? String ?? ""]
        for key in ["groups", "assignmentFilters", "configurations"] {
            for object in tenant[key] as? [[String: Any]] ?? [] {
                names += ["displayName", "name", "profileName"].compactMap { object[$0] as? String }
            }
        }
        // Nor who changed what: the audit log's actors and the names of the resources it mentions.
        names += ["admin1@northwind.example", "Legacy assignment sync"]
        #expect(names.count > 40)
        for name in names where name.count > 3 { #expect(!text.contains(name), "\(name) is in the report") }
    }
}
