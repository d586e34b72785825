import Foundation
import IntuneAssignCore
import TestSupport
import Testing

/// Signing in as people and agents do, with the built binary against the simulator on loopback: the laptop case
/// (a terminal and nothing set), a forced device code for `apply` with write scopes, a declined sign-in, a managed
/// identity, and no way at all.
@Suite struct SignInCommandTests {
    /// The Graph and sign-in host, and a metadata address where nothing listens (port 9, discard), so that no test
    /// depends on whether the machine it runs on is an Azure VM.
    static func environment(_ url: String) -> [String: String] {
        [
            "INTUNE_ASSIGN_GRAPH_URL": url, "AZURE_AUTHORITY_HOST": url,
            "AZURE_POD_IDENTITY_AUTHORITY_HOST": "http://127.0.0.1:9",
        ]
    }

    @Test func onATerminalWithNothingSetAPersonSignsInWithADeviceCode() throws {
        let (server, url) = try SimulatorCommandTests().startSimulator([
            "--device-codes", "approve", "--device-code-interval", "1",
        ])
        defer { server.terminate() }
        let command =
            Self.environment(url).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
        let result = try CommandRunner().run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "exec script -qec \"$0\" /dev/null", "env \(command) \(CommandRunner.executable.path) check"],
            environment: [:], mergeOutput: true)
        #expect(result.status == 0, "\(result.stdout)")
        let output = result.stdout.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(
            output.contains(
                "To sign in, open \(url)/simulator/devicelogin in a web browser and enter the code "))
        #expect(
            output.contains(
                "Delegated scopes asked for: CloudPC.Read.All, DeviceManagementApps.Read.All, "
                    + "DeviceManagementConfiguration.Read.All, "
                    + "DeviceManagementManagedDevices.Read.All, DeviceManagementRBAC.Read.All, "
                    + "DeviceManagementServiceConfig.Read.All, "
                    + "Directory.Read.All."))
        #expect(
            output.contains(
                "Signed in with device code through Microsoft Graph Command Line Tools at \(url) (tenant "
                    + "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11).\nSigned in as user adele.vance@northwind.example "
                    + "(Adele Vance), delegated scopes: CloudPC.Read.All DeviceManagementApps.Read.All"))
        #expect(output.hasSuffix("\(Kinds.all.count) of \(Kinds.all.count) kinds readable.\n"))
    }

    @Test func applyAsksForWriteScopesAndADeclinedSignInSaysSo() throws {
        let (server, url) = try SimulatorCommandTests().startSimulator([
            "--device-codes", "approve", "--device-code-interval", "1",
        ])
        defer { server.terminate() }
        let apply = try CommandRunner().run(
            ["apply", "examples/manifests", "--auto-approve", "--sign-in", "device-code"],
            environment: Self.environment(url))
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stderr.contains("Delegated scopes asked for: DeviceManagementApps.ReadWrite.All, "))
        #expect(apply.stderr.contains("DeviceManagementConfiguration.ReadWrite.All"))
        #expect(!apply.stderr.contains(".Read.All, DeviceManagementConfiguration"))
        #expect(apply.stdout.contains("Apply complete"))

        let (declining, declineURL) = try SimulatorCommandTests().startSimulator([
            "--device-codes", "decline", "--device-code-interval", "1",
        ])
        defer { declining.terminate() }
        let plan = try CommandRunner().run(
            ["plan", "examples/manifests", "--sign-in", "device-code"], environment: Self.environment(declineURL))
        #expect(plan.status == 1)
        #expect(
            plan.stderr.contains(
                "Error: 400 authorization_declined: sign-in was declined: the person signing in refused it, or a policy "
                    + "(such as Conditional Access) blocked it; nothing was read"))
        // A manifest error is reported before any sign-in: nothing is sent.
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("sign-in-broken.yaml")
        try "version: 1\nconfigurations:\n  - kind: nope\n".write(to: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: broken) }
        let early = try CommandRunner().run(
            ["plan", broken.path, "--sign-in", "device-code"], environment: Self.environment(declineURL))
        #expect(early.status == 1)
        #expect(!early.stderr.contains("To sign in"))
    }

    @Test func aManagedIdentitySignsInAndNothingSetSaysEveryReason() throws {
        let (server, url) = try SimulatorCommandTests().startSimulator()
        defer { server.terminate() }
        var environment = Self.environment(url)
        environment["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = url
        let identity = try CommandRunner().run(["check", "--verbose"], environment: environment)
        #expect(identity.status == 0, "\(identity.stderr)")
        #expect(
            identity.stdout.hasPrefix(
                "Signed in with managed identity from the instance metadata service (system-assigned identity) at "
                    + "\(url) (tenant 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11).\n"
                    + "Signed in as app 5e5e5e5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e, application permissions: "))
        #expect(
            identity.stderr.hasPrefix(
                """
                sign-in: environment skipped: none of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE is set
                sign-in: github-oidc skipped: not in a GitHub Actions job with `permissions: id-token: write`
                sign-in: access-token skipped: INTUNE_ASSIGN_ACCESS_TOKEN is not set
                sign-in: managed-identity: managed identity from the instance metadata service (system-assigned identity)

                """))

        let nothing = try CommandRunner().run(["check"], environment: Self.environment(url))
        #expect(nothing.status == 1)
        #expect(
            nothing.stderr.hasPrefix(
                """
                Error: no way to sign in was found:
                  environment: none of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE is set
                  github-oidc: not in a GitHub Actions job with `permissions: id-token: write`
                  access-token: INTUNE_ASSIGN_ACCESS_TOKEN is not set
                  managed-identity: no managed identity here: nothing answered at http://127.0.0.1:9 within 1.0 s
                  device-code: not on a terminal, where a person could enter a device code
                To sign in, on a laptop, run it in a terminal
                """))
        let unknown = try CommandRunner().run(["check", "--sign-in", "browser"], environment: Self.environment(url))
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr.contains(
                "--sign-in must be one of: environment, github-oidc, access-token, managed-identity, device-code"))
    }

    /// In GitHub Actions, every credential the run holds, the token it obtained included, is masked with
    /// `::add-mask::` on stderr before it could reach the log; stdout (a plan, JSON) carries no workflow command.
    @Test func inGitHubActionsTheTokensOfTheRunAreMasked() throws {
        let (server, url) = try SimulatorCommandTests().startSimulator(["--require-token"])
        defer { server.terminate() }
        var environment = Self.environment(url)
        environment["AZURE_TENANT_ID"] = "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11"
        environment["AZURE_CLIENT_ID"] = "3c9e2f71-8a4b-4d6e-9f1a-2b7c5d8e0a14"
        environment["AZURE_CLIENT_SECRET"] = "simulator-only-not-a-secret"
        environment["GITHUB_ACTIONS"] = "true"
        let run = try CommandRunner().run(
            ["plan", "examples/manifests", "--format", "json"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let masks = run.stderr.split(separator: "\n").filter { $0.hasPrefix("::add-mask::") }
            .map { String($0.dropFirst("::add-mask::".count)) }
        #expect(masks.contains("simulator-only-not-a-secret"))
        // The access token (a JWT; the simulator's are unsigned), and each of its parts long enough to mask.
        let token = try #require(masks.first { $0.split(separator: ".", omittingEmptySubsequences: false).count == 3 })
        for part in token.split(separator: ".") where part.count >= 16 { #expect(masks.contains(String(part))) }
        #expect(!run.stdout.contains("::"), "the plan on stdout holds no workflow command")
        #expect(!run.stdout.contains(token))
        let plain = try CommandRunner().run(
            ["plan", "examples/manifests", "--format", "json"],
            environment: environment.merging(["GITHUB_ACTIONS": ""]) {
                $1
            })
        #expect(!plain.stderr.contains("::add-mask::"), "outside GitHub Actions nothing is printed")
    }
}
