import Foundation
import IntuneAssignCore
import ManifestYAML
import TestSupport
import Testing

/// Fleets (issue 28), run with the built binary on `examples/fleet`: validate, plan, shards, show, apply by waves,
/// and each tenant's plan equal to a single-tenant plan of its merged manifests.
@Suite struct FleetCommandTests {
    let cli = CommandRunner()
    static let fleet = "examples/fleet/fleet.yaml"

    /// A scratch copy of the example fleet's simulated tenants, removed when `body` ends.
    func withTenants(_ body: (String, URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tenants = folder.appendingPathComponent("tenants")
        try FileManager.default.copyItem(
            at: Repository.root.appendingPathComponent("examples/fleet/tenants"), to: tenants)
        try body(tenants.path, folder)
    }

    @Test func validateChecksEveryTenantsMergedManifests() throws {
        let run = try cli.run(["validate", "--fleet", Self.fleet])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout == """
                Valid fleet: 3 tenants, 2 waves, a baseline of 1 path.
                  contoso: 3 files, 3 configurations, 5 assignments.
                  fabrikam: 3 files, 5 configurations, 6 assignments.
                  tailspin: 2 files, 4 configurations, 7 assignments.

                """)
    }

    @Test func anOverlayConflictOrAnUndefinedVariableStopsEverythingWithItsPlace() throws {
        try withTenants { tenants, folder in
            let base = Repository.root.appendingPathComponent("examples/fleet")
            let copy = folder.appendingPathComponent("fleet")
            try FileManager.default.copyItem(at: base, to: copy)
            let overlay = copy.appendingPathComponent("overlays/contoso/contoso.yaml")
            let text = try String(contentsOf: overlay, encoding: .utf8)
            try text.replacingOccurrences(of: "    override: true               # replaces", with: "    # replaces")
                .write(to: overlay, atomically: true, encoding: .utf8)
            let fleetFile = copy.appendingPathComponent("fleet.yaml")
            let fleetText = try String(contentsOf: fleetFile, encoding: .utf8)
            try fleetText.replacingOccurrences(of: "variables: { site: Lyon }", with: "variables: { town: Lyon }")
                .write(to: fleetFile, atomically: true, encoding: .utf8)
            let run = try cli.run(["plan", "--fleet", fleetFile.path, "--simulate-fleet", tenants])
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            let overlayPath = copy.path + "/overlays/contoso/contoso.yaml"
            #expect(
                run.stderr.contains(
                    "\(overlayPath):12:11: error: configurationPolicy with name \"Defender Antivirus\" is also in the "
                        + "baseline (at \(copy.path)/baseline/windows.yaml:21:11); write `override: true` on this "
                        + "entry"), "\(run.stderr)")
            #expect(
                run.stderr.contains(
                    "\(copy.path)/baseline/aliases.yaml:10:3: error: tenant 'tailspin' defines no variable 'site'"))
            #expect(run.stderr.contains("nothing was sent to Graph"))
        }
    }

    @Test func badSelectionsAreRefusedBeforeAnythingIsSent() throws {
        let unknown = try cli.run(["plan", "--fleet", Self.fleet, "--tenants", "contosso", "--simulate-fleet", "/nope"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no tenant 'contosso' in this fleet; did you mean 'contoso'?"))
        let shard = try cli.run(["plan", "--fleet", Self.fleet, "--shard", "5/4"])
        #expect(shard.status != 0)
        #expect(shard.stderr.contains("shard 5/4 does not exist; shards are numbered 1 to 4"))
        let wave = try cli.run(["apply", "--fleet", Self.fleet, "/tmp", "--wave", "canery"])
        #expect(wave.status != 0)
        #expect(wave.stderr.contains("the fleet has no wave 'canery'; its waves are: canary, everyone"))
        // A wave and --tenants select together: a group in --tenants counts by its members.
        let both = try cli.run([
            "apply", "--fleet", Self.fleet, "/nonexistent", "--wave", "canary", "--tenants", "@europe",
        ])
        #expect(both.stderr.contains("/nonexistent holds no fleet.json"), "\(both.stderr)")
        let neither = try cli.run(["apply", "--fleet", Self.fleet, "/tmp", "--wave", "canary", "--tenants", "fabrikam"])
        #expect(neither.stderr.contains("no tenant is both in wave 'canary' and in --tenants"))
    }

    @Test func eachTenantsPlanIsTheSingleTenantPlanOfItsMergedManifests() throws {
        try withTenants { tenants, folder in
            let out = folder.appendingPathComponent("plans").path
            let run = try cli.run(["plan", "--fleet", Self.fleet, "--simulate-fleet", tenants, "--out", out])
            #expect(run.status == 1, "tailspin's missing group fails the fleet")
            #expect(run.stdout.contains("Exit status 1, from tenant tailspin."))
            #expect(run.stdout.contains("no group is named \"Lyon Pilot\" in the tenant"))
            // The merged manifests of each tenant, written out as ordinary manifests and planned on their own.
            let loaded = try FleetFiles.load(Self.fleet)
            for tenant in loaded.tenants where tenant.tenant.name != "tailspin" {
                let merged = folder.appendingPathComponent("merged-\(tenant.tenant.name)")
                try FileManager.default.createDirectory(at: merged, withIntermediateDirectories: true)
                for (index, manifest) in tenant.result.manifests.enumerated() {
                    try ManifestWriter.yaml(manifest).write(
                        to: merged.appendingPathComponent("\(index).yaml"), atomically: true, encoding: .utf8)
                }
                let file = "\(tenants)/\(tenant.tenant.name).json"
                let single = try cli.run(["plan", merged.path, "--simulate", file, "--format", "json"])
                #expect(single.status == 0, "\(single.stderr)")
                let fleetPlan = try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: "\(out)/\(tenant.tenant.name).plan.json")))
                let singlePlan = try JSONSerialization.jsonObject(with: Data(single.stdout.utf8))
                let configurations = { (plan: Any) in
                    try JSONSerialization.data(
                        withJSONObject: (plan as? [String: Any])?["configurations"] ?? [], options: .sortedKeys)
                }
                #expect(try configurations(fleetPlan) == configurations(singlePlan), "\(tenant.tenant.name)")
            }
        }
    }

    @Test func theMatrixsShardsSplitTheFleetAndShowMergesThemIntoOneReport() throws {
        try withTenants { tenants, folder in
            // The matrix names each shard's tenants; each shard's plan plans exactly those.
            let matrix = try cli.run(["fleet", "matrix", "--fleet", Self.fleet, "--shards", "2"])
            #expect(matrix.status == 0, "\(matrix.stderr)")
            let include = try #require(
                (try JSONSerialization.jsonObject(with: Data(matrix.stdout.utf8)) as? [String: Any])?["include"]
                    as? [[String: String]])
            #expect(include.count == 2)
            var names: [String] = []
            var outs: [String] = []
            for (position, job) in include.enumerated() {
                let out = folder.appendingPathComponent("shard\(position)").path
                outs.append(out)
                let run = try cli.run([
                    "plan", "--fleet", Self.fleet, "--simulate-fleet", tenants, "--shard", job["shard"] ?? "", "--out",
                    out, "--format", "json",
                ])
                let index = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
                let planned = ((index?["tenants"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
                #expect(planned.joined(separator: ", ") == job["tenants"])
                names += planned
            }
            #expect(names.sorted() == ["contoso", "fabrikam", "tailspin"])
            // Azure Pipelines' form names the same shards; a shard that would hold nobody is left out.
            let azure = try cli.run(["fleet", "matrix", "--fleet", Self.fleet, "--shards", "2", "--format", "azure"])
            let jobs = try #require(
                try JSONSerialization.jsonObject(with: Data(azure.stdout.utf8)) as? [String: [String: String]])
            #expect(jobs.values.compactMap { $0["shard"] }.sorted() == include.compactMap { $0["shard"] }.sorted())
            let wide = try cli.run(["fleet", "matrix", "--fleet", Self.fleet, "--shards", "8"])
            let wideJobs = try #require(
                (try JSONSerialization.jsonObject(with: Data(wide.stdout.utf8)) as? [String: Any])?["include"]
                    as? [[String: String]])
            #expect(wideJobs.count <= 3, "8 shards of 3 tenants: at most 3 jobs, not 8")
            #expect(wideJobs.flatMap { ($0["tenants"] ?? "").components(separatedBy: ", ") }.count == 3)
            let tooWide = try cli.run(["fleet", "matrix", "--fleet", Self.fleet, "--shards", "257"])
            #expect(tooWide.status == 64 && tooWide.stderr.contains("--shards must be between 1 and 256"))
            let shown = try cli.run(["show"] + outs + ["--format", "markdown"])
            #expect(shown.status == 0)
            #expect(shown.stdout.hasPrefix("### intune-assign fleet plan\n\n**Fleet plan: 3 tenants: "))
            #expect(shown.stdout.contains("| contoso | changes | 2 | 0 | 0 | 2 |"))
            #expect(shown.stdout.utf8.count <= 65_536)
        }
    }

    @Test func showSaysOfATenantWhatItsPlanSaid() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-show-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let plan = try cli.run([
            "plan", "--fleet", Self.fleet, "--simulate-fleet", "examples/fleet/tenants", "--out", out.path,
        ])
        #expect(plan.status == 1, "tailspin's manifests name a group its tenant lacks")
        let shown = try cli.run(["show", out.path])
        // A tenant stopped by its manifests is shown so, with its errors, not as "failed".
        #expect(shown.stdout.contains("  tailspin  manifest errors\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("error: no group is named \"Lyon Pilot\" in the tenant"))
        #expect(
            shown.stdout.hasSuffix(
                "Fleet plan: 3 tenants: 2 changes, 1 manifest errors. Exit status 1, from tenant tailspin.\n"))
    }

    @Test func aFleetApplyKeepsItsFreshPlansWarnings() throws {
        // A copy of the example fleet whose contoso tenant holds an exclusion on an account-driven enrollment
        // profile (a kind that takes includes only), which contoso's overlay now manages.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-warn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Repository.url("examples/fleet"), to: folder)
        let tenantFile = folder.appendingPathComponent("tenants/contoso.json")
        var tenant = try JSONSerialization.jsonObject(with: Data(contentsOf: tenantFile)) as! [String: Any]
        let groups = tenant["groups"] as! [[String: Any]]
        let staff = groups.first { $0["displayName"] as? String == "All Staff" }!["id"] as! String
        let glass = groups.first { $0["displayName"] as? String == "Break Glass Accounts" }!["id"] as! String
        let profile = "7d9f1b3c-5e7a-4c9e-8b1d-3f5a7c9e1b77"
        var configurations = tenant["configurations"] as! [[String: Any]]
        configurations.append([
            "kind": "appleUserInitiatedEnrollmentProfile", "id": profile, "displayName": "Account-driven enrollment",
            "assignments": [
                [
                    "id": "\(profile)_x",
                    "target": ["@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": glass],
                ]
            ],
        ])
        tenant["configurations"] = configurations
        try JSONSerialization.data(withJSONObject: tenant).write(to: tenantFile)
        try """
        version: 1
        configurations:
          - kind: appleUserInitiatedEnrollmentProfile
            id: \(profile)
            assignments:
              - group: \(staff)
        """.write(
            to: folder.appendingPathComponent("overlays/contoso/enrollment.yaml"), atomically: true, encoding: .utf8)
        let fleet = folder.appendingPathComponent("fleet.yaml").path
        let tenants = folder.appendingPathComponent("tenants").path
        let plans = folder.appendingPathComponent("plans").path
        _ = try cli.run(["plan", "--fleet", fleet, "--simulate-fleet", tenants, "--tenants", "contoso", "--out", plans])
        let apply = try cli.run(["apply", "--fleet", fleet, plans, "--simulate-fleet", tenants, "--wave", "canary"])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        #expect(
            apply.stdout.contains(
                "warning: the tenant holds an exclusion of group \(glass) on this "
                    + "appleUserInitiatedEnrollmentProfile"), "\(apply.stdout)")
    }

    @Test func usageAsksEveryTenantTheSameQuestionAgainstItsOwnManifests() throws {
        let run = try cli.run([
            "usage", "--fleet", Self.fleet, "--simulate-fleet", "examples/fleet/tenants", "--name",
            "Break Glass Accounts", "--format", "json",
        ])
        #expect(run.status == 1, "tailspin's manifests do not plan")
        let root = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let tenants = try #require(root?["tenants"] as? [[String: Any]])
        #expect(tenants.compactMap { $0["name"] as? String } == ["contoso", "fabrikam", "tailspin"])
        // Each tenant's own group of that name, and each tenant's own manifests' verdict on it.
        let usedBy = tenants.prefix(2).map { tenant -> [String: String] in
            let subject = (tenant["subjects"] as? [[String: Any]])?.first
            let entries = (subject?["used_by"] as? [[String: Any]]) ?? []
            return Dictionary(
                uniqueKeysWithValues: entries.map {
                    (
                        $0["display_name"] as? String ?? "",
                        (($0["manifests"] as? [String: Any])?["status"] as? String) ?? ""
                    )
                })
        }
        #expect(usedBy[0]["Windows - Compliance"] == "kept")
        #expect(usedBy[1]["Windows - Compliance"] == "remove", "fabrikam's overlay drops the exclusion")
        #expect(usedBy.allSatisfy { $0.count == 2 })
        #expect((tenants[2]["error"] as? String)?.contains("do not plan") == true)
        let text = try cli.run([
            "usage", "--fleet", Self.fleet, "--simulate-fleet", "examples/fleet/tenants", "--tenants", "contoso",
            "--all-devices",
        ])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("== contoso ==\nAll devices "), "\(text.stdout)")
    }

    @Test func onATerminalALiveLineShowsTheFleetMovingAndCILogsKeepALinePerTenant() throws {
        // Slow answers (0.4 s each) keep the run going past the first redraw of the live line.
        let command =
            "plan --fleet \(Self.fleet) --simulate-fleet examples/fleet/tenants --simulate-latency-ms 400 --no-color"
        let terminal = try cli.runOnTerminal(command)
        #expect(terminal.stdout.contains("\r\u{1B}[KFleet: "), "\(terminal.stdout)")
        #expect(terminal.stdout.contains(" of 3 tenants done, "))
        #expect(
            terminal.stdout.contains("\u{1B}[Kcontoso: changes (+2 ~0 -0), "), "a tenant's line replaces the live line")
        // Off a terminal: the lines per tenant, and no live line.
        let log = try cli.run(command.split(separator: " ").map(String.init))
        #expect(!log.stderr.contains("Fleet: "))
        #expect(log.stderr.contains("contoso: changes (+2 ~0 -0), "))
    }

    @Test func applyGoesWaveByWaveRefusesWhatMovedAndConverges() throws {
        try withTenants { tenants, folder in
            let out = folder.appendingPathComponent("plans").path
            _ = try cli.run(["plan", "--fleet", Self.fleet, "--simulate-fleet", tenants, "--out", out])
            let canary = try cli.run([
                "apply", "--fleet", Self.fleet, out, "--simulate-fleet", tenants, "--wave", "canary",
            ])
            #expect(canary.status == 0, "\(canary.stdout)\(canary.stderr)")
            #expect(canary.stdout.hasSuffix("Fleet apply: 1 tenant: 1 applied.\n"))
            // Someone changes fabrikam in the portal after the plan was reviewed: its apply is refused, alone.
            let fabrikam = URL(fileURLWithPath: "\(tenants)/fabrikam.json")
            var tenant = try JSONSerialization.jsonObject(with: Data(contentsOf: fabrikam)) as! [String: Any]
            var configurations = tenant["configurations"] as! [[String: Any]]
            let index = configurations.firstIndex { $0["displayName"] as? String == "Windows - Compliance" }!
            configurations[index]["assignments"] = []
            tenant["configurations"] = configurations
            try JSONSerialization.data(withJSONObject: tenant).write(to: fabrikam)
            let everyone = try cli.run([
                "apply", "--fleet", Self.fleet, out, "--simulate-fleet", tenants, "--wave", "everyone",
            ])
            #expect(everyone.status == 1)
            #expect(everyone.stdout.contains("Fleet apply: 3 tenants: 1 applied, 2 failed."), "\(everyone.stdout)")
            #expect(everyone.stdout.contains("its plan was not made (manifest errors)"))
            let replan = try cli.run([
                "plan", "--fleet", Self.fleet, "--simulate-fleet", tenants, "--tenants", "contoso",
                "--detailed-exitcode",
            ])
            #expect(replan.status == 0, "\(replan.stdout)")
            #expect(replan.stdout.hasSuffix("Fleet plan: 1 tenant: 1 no changes.\n"))
        }
    }
}

/// The example fleet loaded as the command loads it, for the tests to write each tenant's merged manifests.
enum FleetFiles {
    static func load(_ path: String) throws -> FleetManifests {
        let root = Repository.root.appendingPathComponent((path as NSString).deletingLastPathComponent)
        let source = ManifestSource(
            path: path, bytes: [UInt8](try Data(contentsOf: Repository.root.appendingPathComponent(path))))
        let fleet = try #require(FleetLoader.load(source).fleet)
        func sources(_ folder: String) throws -> [ManifestSource] {
            let url = root.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: url.path).sorted().map { name in
                ManifestSource(
                    path: "\(folder)/\(name)", bytes: [UInt8](try Data(contentsOf: url.appendingPathComponent(name))))
            }
        }
        var overlays: [String: [ManifestSource]] = [:]
        for tenant in fleet.tenants { for overlay in tenant.overlays { overlays[overlay] = try sources(overlay) } }
        return FleetManifests.load(
            fleet.tenants, baseline: try fleet.baseline.flatMap(sources), overlays: overlays)
    }
}

/// The README's fleet loop runs as written: every line it shows is in the real output of its command.
@Suite struct FleetReadmeTests {
    @Test func theReadmesFleetLoopIsTheRealOutput() throws {
        #expect(try ReadmeTests.runSection("## Many tenants") == 4)
    }
}
