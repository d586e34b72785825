import Foundation
import TestSupport
import Testing

/// Rules as code on the bundled tenant: a plan whose manifests break a rule fails (exit 1) naming the rule, the
/// configuration and its manifest place, and is not saved; a rule broken outside the manifests is a warning, or an
/// error with --strict-rules; `rules` lists what the tenant breaks now; `validate --rules` checks the file.
@Suite struct RulesCommandTests {
    let cli = CommandRunner()

    @Test func aPlanWhoseManifestsBreakARuleFailsAndIsNotSaved() throws {
        let folder = try cli.temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plan.json")
        let run = try cli.run([
            "plan", "examples/manifests", "--simulate", "examples/tenant.json", "--rules", "examples/rules.yaml",
            "--out", out.path,
        ])
        #expect(run.status == 1)
        #expect(
            run.stdout.contains(
                "  ✗ rule \"Break-glass accounts stay out of compliance and settings policies\": configurationPolicy "
                    + "\"Defender onboarding\" (29501fa7-f34d-55ef-9b86-07ce44f8fea8) lacks exclude group break-glass "
                    + "(examples/manifests/windows.yaml:25:5)\n"), "\(run.stdout)")
        #expect(run.stderr.contains("The plan breaks the tenant's rules (above); it was not saved."))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let markdown = try cli.run([
            "plan", "examples/manifests", "--simulate", "examples/tenant.json", "--rules", "examples/rules.yaml",
            "--format", "markdown",
        ])
        #expect(
            markdown.stdout.hasPrefix("### intune-assign plan\n\n> [!CAUTION]\n> **Rules broken: 2 by the manifests."))
    }

    @Test func aRuleBrokenOutsideTheManifestsWarnsOrFailsWhenStrict() throws {
        let folder = try cli.temporaryFolder([
            "rules.yaml": """
            version: 1
            rules:
              - name: Legacy profiles exclude break-glass
                select: { kinds: [deviceConfiguration], names: ["legacy *"] }
                require:
                  - exclude: break-glass
            """
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("rules.yaml").path
        let base = ["plan", "examples/manifests", "--simulate", "examples/tenant.json", "--rules", rules]
        let warned = try cli.run(base)
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(
            warned.stdout.contains(
                "  ! rule \"Legacy profiles exclude break-glass\": deviceConfiguration \"Legacy VPN profile (unmanaged)\""
            ),
            "\(warned.stdout)")
        #expect(warned.stdout.contains("lacks exclude group break-glass, outside the manifests\n"))
        let strict = try cli.run(base + ["--strict-rules"])
        #expect(strict.status == 1)
    }

    @Test func rulesListsWhatTheTenantBreaksNowAndValidateChecksTheFile() throws {
        let run = try cli.run([
            "rules", "examples/manifests", "--rules", "examples/rules.yaml", "--simulate", "examples/tenant.json",
        ])
        #expect(run.status == 1)
        #expect(run.stdout.hasSuffix("2 violations of 3 rules in tenant 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11.\n"))
        let json = try cli.run([
            "rules", "examples/manifests", "--rules", "examples/rules.yaml", "--simulate", "examples/tenant.json",
            "--format", "json",
        ])
        let root = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let report = try #require(root?["report"] as? [String: Any])
        #expect((report["violations"] as? [[String: Any]])?.count == 2)

        let valid = try cli.run(["validate", "examples/manifests", "--rules", "examples/rules.yaml"])
        #expect(valid.stdout.hasSuffix("Rules: 3 rules in examples/rules.yaml.\n"))
        // Without the manifests that define the alias, the rule's reference is an error at its place, and nothing
        // is sent to Graph.
        let alone = try cli.run(["rules", "--rules", "examples/rules.yaml", "--simulate", "examples/tenant.json"])
        #expect(alone.status == 1)
        #expect(alone.stderr.contains("examples/rules.yaml:11:18: error: unknown group alias 'break-glass'"))
        #expect(alone.stderr.contains("nothing was sent to Graph"))
    }

    @Test func eachTenantOfAFleetIsCheckedAndReachedWithOneSummary() throws {
        let folder = try cli.temporaryFolder([
            "rules.yaml": """
            version: 1
            rules:
              - name: Break-glass out of compliance
                select: { kinds: [deviceCompliancePolicy] }
                require:
                  - exclude: break-glass
            """
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("plans")
        let run = try cli.run([
            "plan", "--fleet", "examples/fleet/fleet.yaml", "--simulate-fleet", "examples/fleet/tenants", "--tenants",
            "contoso", "--tenants", "fabrikam", "--rules", folder.appendingPathComponent("rules.yaml").path, "--reach",
            "--out", out.path,
        ])
        #expect(run.status == 1)
        #expect(run.stdout.contains("  fabrikam  rules broken     +4 ~0 -1  4 calls\n"), "\(run.stdout)")
        #expect(
            run.stdout.contains(
                "Fleet plan: 2 tenants: 1 changes, 1 rules broken. Exit status 1, from tenant fabrikam. Reach across the "
                    + "fleet: "), "\(run.stdout)")
        // Only the tenant that keeps the rules has a plan to apply.
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("contoso.plan.json").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("fabrikam.plan.json").path))
    }

    @Test func applyRefusesAPlanThatBreaksTheRulesWithNothingWritten() throws {
        let folder = try cli.temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tenant = folder.appendingPathComponent("tenant.json")
        try FileManager.default.copyItem(at: Repository.url("examples/tenant.json"), to: tenant)
        let before = try Data(contentsOf: tenant)
        let run = try cli.run([
            "apply", "examples/manifests", "--simulate", tenant.path, "--auto-approve", "--rules",
            "examples/rules.yaml",
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("refusing the plan: Rules broken: 2 by the manifests."), "\(run.stderr)")
        #expect(run.stderr.contains("Nothing was changed."))
        #expect(try Data(contentsOf: tenant) == before)
        let plan = folder.appendingPathComponent("plan.json")
        _ = try cli.run(["plan", "examples/manifests", "--simulate", tenant.path, "--out", plan.path])
        let saved = try cli.run(["apply", plan.path, "--simulate", tenant.path, "--rules", "examples/rules.yaml"])
        #expect(saved.status == 64)
        #expect(saved.stderr.contains("give --manifests PATH with a plan file"))
        let checked = try cli.run([
            "apply", plan.path, "--manifests", "examples/manifests", "--simulate", tenant.path, "--rules",
            "examples/rules.yaml",
        ])
        #expect(checked.status == 1)
        #expect(try Data(contentsOf: tenant) == before)
    }
}
