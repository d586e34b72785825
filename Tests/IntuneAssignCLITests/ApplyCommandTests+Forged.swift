import Foundation
import TestSupport
import Testing

/// A plan file is a record of what was reviewed, never the source of writes: forged and edited files are refused
/// with nothing written, with `--manifests` (the pipelines' merge step) and without (a person at a terminal).
extension ApplyCommandTests {
    static let bitLocker = "c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81"
    static let breakGlass = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"

    /// Edits one configuration of a plan file as JSON.
    func editPlan(_ path: String, id: String, _ change: (inout [String: Any]) -> Void) throws {
        try edit(path) { plan in
            var configurations = plan["configurations"] as? [[String: Any]] ?? []
            let index = configurations.firstIndex { $0["id"] as? String == id }
            #expect(index != nil, "no configuration \(id) in the plan")
            if let index { change(&configurations[index]) }
            plan["configurations"] = configurations
        }
    }

    /// The high finding: a plan of other manifests (All devices on the Windows compliance policy, its break-glass
    /// exclusion gone), with the merged manifests' digest pasted in, passes the digest check and is refused by
    /// the fresh plan of the merged manifests, with nothing written.
    @Test func aForgedPlanWithTheMergedDigestPastedInIsRefusedWithNothingWritten() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let reviewed = folder.appendingPathComponent("plan.json").path
        let forged = folder.appendingPathComponent("forged.json").path
        #expect(try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--out", reviewed]).status == 0)
        let attack = folder.appendingPathComponent("attack")
        try FileManager.default.createDirectory(at: attack, withIntermediateDirectories: true)
        try Data(
            """
            version: 1
            configurations:
              - kind: deviceCompliancePolicy
                id: 6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87
                assignments: [ { allDevices: {} } ]

            """.utf8
        ).write(to: attack.appendingPathComponent("compliance.yaml"))
        #expect(try cli.run(["plan", attack.path, "--simulate", tenant, "--out", forged]).status == 0)
        let digest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reviewed))) as? [String: Any]
        )["manifest_digest"]
        try edit(forged) { $0["manifest_digest"] = digest }

        let bytes = try Data(contentsOf: URL(fileURLWithPath: tenant))
        let refused = try cli.run(["apply", forged, "--manifests", "examples/manifests", "--simulate", tenant])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("is not the plan these manifests give"), "\(refused.stderr)")
        #expect(
            refused.stderr.contains(
                "deviceCompliancePolicy \"Windows - BitLocker, Secure Boot, Defender\" (6a9d2c5f-8b1e-4d7a-a3c6-2e5f9b1d4c87): "
            ), "\(refused.stderr)")
        #expect(refused.stderr.hasSuffix("Nothing was changed. Make the plan again from the merged manifests.\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == bytes, "nothing written")
        // The reviewed plan itself still applies.
        let applied = try cli.run(["apply", reviewed, "--manifests", "examples/manifests", "--simulate", tenant])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
    }

    /// The medium findings: each edit of a plan file that keeps its calls consistent with its changes — a hidden
    /// removal, an `unmanaged` All users target, an edited `before` — and an edited call, refused with and without
    /// `--manifests`, with nothing written; the summary and the removal guard never see the hidden removal.
    @Test(arguments: ["hidden removal", "unmanaged All users", "edited before", "edited call"])
    func anEditedPlanFileIsRefusedWithNothingWritten(_ edit: String) throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let planFile = folder.appendingPathComponent("plan.json").path
        #expect(try cli.run(["plan", "examples/manifests", "--simulate", tenant, "--out", planFile]).status == 0)
        try editPlan(planFile, id: Self.bitLocker) { configuration in
            var changes = configuration["changes"] as? [[String: Any]] ?? []
            var calls = configuration["calls"] as? [[String: Any]] ?? []
            var body = calls.first?["body"] as? [String: Any] ?? [:]
            var sent = body["assignments"] as? [[String: Any]] ?? []
            /// Whether an assignment targets the break-glass group.
            func breakGlass(_ value: Any?) -> Bool {
                ((value as? [String: Any])?["target"] as? [String: Any])?["groupId"] as? String == Self.breakGlass
            }
            switch edit {
            case "hidden removal":
                // The unchanged exclusion deleted from the changes and from the call: the call removes it.
                changes.removeAll { breakGlass($0["before"]) }
                sent.removeAll { breakGlass($0) }
            case "unmanaged All users":
                let allUsers: [String: Any] = [
                    "@odata.type": "#microsoft.graph.deviceManagementConfigurationPolicyAssignment",
                    "target": ["@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget"],
                ]
                configuration["unmanaged"] = [allUsers]
                sent.append(allUsers)
            case "edited before":
                // The exclusion shown as an inclusion of the same group before and after: kept as it is.
                for index in changes.indices where breakGlass(changes[index]["before"]) {
                    for side in ["before", "after"] {
                        var assignment = changes[index][side] as? [String: Any] ?? [:]
                        var target = assignment["target"] as? [String: Any] ?? [:]
                        target["@odata.type"] = "#microsoft.graph.groupAssignmentTarget"
                        assignment["target"] = target
                        changes[index][side] = assignment
                    }
                    changes[index]["target"] = ["type": "group", "id": Self.breakGlass]
                }
                for index in sent.indices where breakGlass(sent[index]) {
                    sent[index]["target"] = [
                        "@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": Self.breakGlass,
                    ]
                }
            default:
                sent.removeAll { breakGlass($0) }
            }
            body["assignments"] = sent
            calls[0]["body"] = body
            configuration["changes"] = changes
            configuration["calls"] = calls
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: tenant))
        let show = try cli.run(["show", planFile])
        for extra in [[], ["--manifests", "examples/manifests"]] {
            let run = try cli.run(["apply", planFile, "--simulate", tenant, "--max-removals", "3"] + extra)
            #expect(run.status == 1, "\(edit) \(extra): \(run.stdout)\(run.stderr)")
            let message =
                edit == "edited call"
                ? "its calls are not the ones its changes call for, so the file was edited after planning"
                : extra.isEmpty
                    ? "does not re-derive from what the tenant holds" : "is not the plan these manifests give"
            #expect(run.stderr.contains(message), "\(edit) \(extra): \(run.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == bytes, "\(edit) \(extra): nothing written")
        }
        if edit == "hidden removal" {
            // What a reviewer of the edited file would have seen: the exclusion nowhere, three removals.
            #expect(!show.stdout.contains("Break Glass Accounts\" (\(Self.breakGlass))\n    ~ All devices"))
            #expect(show.stdout.contains("3 to remove"))
        }
    }
}
