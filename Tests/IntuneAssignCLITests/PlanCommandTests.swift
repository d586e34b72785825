import Foundation
import TestSupport
import Testing

/// `intune-assign plan` and `show`, run as the built executable against the simulator — in-process (`--simulate`)
/// and over loopback HTTP with a client secret — checking output, exit codes 0/1/2, and that nothing secret leaks.
@Suite struct PlanCommandTests {
    let cli = CommandRunner()

    func golden(_ name: String) throws -> String {
        try String(contentsOf: Golden.url(name), encoding: .utf8)
    }

    @Test func theReadmeCommandShowsTheExamplePlan() throws {
        let result = try cli.run(["plan", "examples/manifests", "--simulate", "examples/tenant.json"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == (try golden("all.txt")))
        let json = try cli.run(["plan", "examples/manifests", "--simulate", "examples/tenant.json", "--format", "json"])
        #expect(json.stdout == (try golden("all.json")))
        let markdown = try cli.run([
            "plan", "examples/manifests", "--simulate", "examples/tenant.json", "--format", "markdown",
        ])
        #expect(markdown.stdout == (try golden("all.md")))
    }

    @Test func detailedExitCodeIsTwoForChangesAndZeroForNone() throws {
        let changes = try cli.run([
            "plan", "examples/manifests", "--simulate", "examples/tenant.json", "--detailed-exitcode",
        ])
        #expect(changes.status == 2)
        let converged = try cli.run([
            "plan", "examples/manifests/aliases.yaml", "examples/manifests/compliance.yaml",
            "--simulate", "examples/tenant.json", "--detailed-exitcode",
        ])
        #expect(converged.status == 0)
        #expect(converged.stdout.hasSuffix("\nNo changes. The tenant matches the manifests.\n"))
    }

    @Test func aSavedPlanShowsAsItWasPlanned() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try cli.run([
            "plan", "examples/manifests", "--simulate", "examples/tenant.json", "--out", file.path,
        ])
        #expect(result.status == 0)
        #expect(
            result.stderr
                == "Saved the plan to \(file.path). Apply exactly this plan with: intune-assign apply \(file.path)\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == (try golden("all.json")))
        let shown = try cli.run(["show", file.path])
        #expect(shown.status == 0)
        #expect(shown.stdout == result.stdout)
        let markdown = try cli.run(["show", file.path, "--format", "markdown"])
        #expect(markdown.stdout == (try golden("all.md")))
        try Data("{\"format_version\": 7}".utf8).write(to: file)
        let refused = try cli.run(["show", file.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the plan has format version 7; this intune-assign reads version 1"))
    }

    @Test func targetLimitsThePlan() throws {
        let result = try cli.run([
            "plan", "examples/manifests", "--simulate", "examples/tenant.json",
            "--target", "deviceConfiguration/3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93",
        ])
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix(
                "Tenant 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11 at https://graph.microsoft.com: 1 configuration read (limited to --target deviceConfiguration/3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93).\n"
            ))
        #expect(
            result.stdout.hasSuffix(
                "\nPlan: 1 configuration to change (0 to add, 1 to update, 0 to remove), 1 Graph call.\n"))
        let bad = try cli.run([
            "plan", "examples/manifests", "--simulate", "examples/tenant.json", "--target", "deviceConfig/1",
        ])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--target deviceConfig/1: unknown kind deviceConfig"))
    }

    @Test func namesThatDoNotResolveStopThePlanWithTheirPlaceAndNothingIsPlanned() throws {
        let folder = try cli.temporaryFolder([
            "m.yaml": """
            version: 1
            tenant: 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11
            configurations:
              - kind: deviceConfiguration
                id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
                assignments:
                  - group: { name: All Staf }
                  - group: 0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40
                    filter: { include: { name: Corporate Window } }

            """
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.yaml").path
        let result = try cli.run(["plan", path, "--simulate", "examples/tenant.json", "--detailed-exitcode"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr == """
                \(path):7:16: error: no group is named "All Staf" in the tenant; check the name (Entra compares it without regard to case) or give the group's id
                      - group: { name: All Staf }
                               ^
                \(path):9:28: error: no assignment filter is named "Corporate Window" in the tenant; did you mean "Corporate Windows"?
                        filter: { include: { name: Corporate Window } }
                                           ^
                2 errors in 1 file; nothing was sent to Graph.

                """)
    }

    @Test func anAutopilotDeviceTheTenantDoesNotHaveStopsThePlan() throws {
        let folder = try cli.temporaryFolder([
            "m.yaml": """
            version: 1
            configurations:
              - kind: windowsAutopilotDeploymentProfile
                id: 1b4c7e2a-9d3f-4a6b-8c1e-5f2d7a9b3c60
                mode: additive
                assignments: []
                devices: [ 00000000-0000-4000-8000-00000000dead ]

            """
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try cli.run(["plan", folder.path, "--simulate", "examples/tenant.json"])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "\(folder.path)/m.yaml:3:5: error: Autopilot device 00000000-0000-4000-8000-00000000dead in `devices:` is not a device identity in the tenant"
            ))
    }

    @Test func manifestsForAnotherTenantAreRefused() throws {
        let folder = try cli.temporaryFolder([
            "m.yaml": "version: 1\ntenant: 11111111-1111-4111-8111-111111111111\nconfigurations: []\n"
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try cli.run(["plan", folder.path, "--simulate", "examples/tenant.json"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "m.yaml:2:9: error: these manifests are for tenant 11111111-1111-4111-8111-111111111111, but the credentials signed in to tenant 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11"
            ))
    }

    @Test func overLoopbackWithASecretNothingSecretIsShownAndVerboseListsRequests() throws {
        let (server, url) = try SimulatorCommandTests().startSimulator()
        defer { server.terminate() }
        let environment = CommandRunner.exampleSignIn(at: url)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try cli.run(
            ["plan", "examples/manifests", "--verbose", "--detailed-exitcode", "--out", file.path],
            environment: environment)
        #expect(result.status == 2)
        let expected = try golden("all.txt").replacingOccurrences(of: "https://graph.microsoft.com", with: url)
        #expect(result.stdout == expected)
        // Through a pipe: how it signed in and why the methods before were skipped, the request lines and the
        // saved-plan line, and no progress line.
        #expect(
            result.stderr.split(separator: "\n").allSatisfy {
                $0.hasPrefix("graph: ") || $0.hasPrefix("Saved the plan to ") || $0.hasPrefix("sign-in: ")
            })
        #expect(result.stderr.contains("sign-in: environment: client secret of app "))
        let requests = result.stderr.split(separator: "\n").filter { $0.hasPrefix("graph: ") }
        // Sign-in is not a Graph request, and /organization is not needed (the token names the tenant). The reads:
        // 19 kind lists (with their assignments, for the kinds read by list expand) + the filter list + 3 group names
        // = 23 requests in 2 batches; the 6 configurations whose kinds are read per item + 1 profile's devices = 7
        // in 1 batch; the 1 policy's enrollment-time device group in 1 batch (a POST action, read on its own round);
        // one getByIds for the display names; one batch checking that the 2 Autopilot devices the manifests list
        // exist.
        // And the role assignments under the 2 role definitions, in 1 batch after the definitions' list.
        #expect(requests.count == 7, "\(requests)")
        #expect(
            requests.allSatisfy {
                $0.hasPrefix("graph: POST /beta/$batch 200 ")
                    || $0.hasPrefix("graph: POST /beta/directoryObjects/getByIds 200 ")
            })
        let saved = try String(contentsOf: file, encoding: .utf8)
        for text in [result.stdout, result.stderr, saved] {
            #expect(!text.contains("simulator-only-not-a-secret"))
            #expect(!text.contains("Bearer"))
            #expect(!text.contains("eyJ"), "no JWT")
        }
    }

    @Test func aKindTheCredentialsCannotReadIsAnErrorNamingThePermission() throws {
        let (server, url) = try SimulatorCommandTests().startSimulator([
            "--forbid", "/deviceManagement/deviceHealthScripts",
        ])
        defer { server.terminate() }
        let environment = CommandRunner.exampleSignIn(at: url)
        let result = try cli.run(["plan", "examples/manifests"], environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("Error: GET /beta/deviceManagement/deviceHealthScripts: 403 Forbidden"))
        #expect(result.stderr.contains("DeviceManagementConfiguration.Read.All"))
        #expect(result.stderr.contains("Nothing was changed."))
    }

    /// On a terminal: a progress line while reading takes more than a second (cleared afterwards), and colour.
    @Test(.enabled(if: CommandRunner.scriptAvailable, "needs util-linux script for a pseudo-terminal"))
    func progressAndColourOnATerminal() throws {
        let (server, url) = try SimulatorCommandTests().startSimulator(["--latency-ms", "500"])
        defer { server.terminate() }
        let environment = CommandRunner.exampleSignIn(at: url)
        let result = try cli.runOnTerminal("plan examples/manifests", environment: environment)
        #expect(result.status == 0)
        #expect(result.stdout.contains("\r\u{1B}[KReading the tenant: 33 of 33 configurations, "))
        #expect(result.stdout.contains("\u{1B}[32m+ group \"Finance\""))
        #expect(result.stdout.contains("\u{1B}[1mPlan: 10 configurations to change"))
    }
}
