import Foundation
import TestSupport
import Testing

/// A fleet served over loopback as Graph serves every tenant at one host (issue 28, item 8): each tenant signs in at
/// its own `/{tenant}/oauth2/v2.0/token` (by id or domain) with the fleet's one app, and each request reaches the
/// tenant its token names. Plan and apply go through it as through `--simulate-fleet`.
@Suite struct FleetServerTests {
    let cli = CommandRunner()
    static let fleet = "examples/fleet/fleet.yaml"
    /// The fleet's multi-tenant apps, consented in every example tenant: the pipelines' read-only and write apps.
    static let reader = [
        "AZURE_CLIENT_ID": "8d0b2f4a-6c81-4e9f-a7b5-1c3e5a7c9e24",
        "AZURE_CLIENT_SECRET": "simulator-only-not-a-secret-fleet-read",
    ]
    static let writer = [
        "AZURE_CLIENT_ID": "9e1c3a5b-7d92-4f0a-8b6c-2d4e6f8a0b13",
        "AZURE_CLIENT_SECRET": "simulator-only-not-a-secret-fleet-write",
    ]

    /// A scratch copy of the example tenants, served by `simulator --fleet`, for `body` with the server's URL.
    /// `edit` may change each tenant file (by name) before it is served.
    func withServer(
        edit: (String, inout [String: Any]) -> Void = { _, _ in }, _ body: (String, URL) throws -> Void
    ) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tenants = folder.appendingPathComponent("tenants")
        try FileManager.default.copyItem(at: Repository.url("examples/fleet/tenants"), to: tenants)
        for name in ["contoso", "fabrikam", "tailspin"] {
            let file = tenants.appendingPathComponent("\(name).json")
            var tenant = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
            edit(name, &tenant)
            try JSONSerialization.data(withJSONObject: tenant).write(to: file)
        }
        let (server, url) = try cli.startSimulator(["--fleet", tenants.path])
        defer { server.terminate() }
        try body(url, folder)
    }

    /// The `configurations` of each tenant's saved plan in `folder`, as JSON text, by tenant name.
    func plans(in folder: String) throws -> [String: String] {
        var plans: [String: String] = [:]
        for name in ["contoso", "fabrikam"] {
            let plan = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name).plan.json")))
            let configurations = (plan as? [String: Any])?["configurations"] ?? []
            plans[name] = String(
                decoding: try JSONSerialization.data(withJSONObject: configurations, options: .sortedKeys),
                as: UTF8.self)
        }
        return plans
    }

    @Test func eachTenantSignsInOnItsOwnAndPlansAsInProcess() throws {
        try withServer { url, folder in
            let environment = Self.reader.merging(["AZURE_AUTHORITY_HOST": url, "INTUNE_ASSIGN_GRAPH_URL": url]) { $1 }
            let out = folder.appendingPathComponent("loopback").path
            let run = try cli.run(
                ["plan", "--fleet", Self.fleet, "--out", out, "--verbose"], environment: environment)
            // tailspin's group name does not resolve: that tenant fails, the others plan.
            #expect(run.status == 1)
            #expect(
                run.stdout.hasSuffix(
                    "Fleet plan: 3 tenants: 2 changes, 1 manifest errors. Exit status 1, from tenant tailspin.\n"))
            // Each tenant got a token of its own tenant: by id (contoso) and by domain (fabrikam, tailspin).
            for (name, id) in [
                ("contoso", "4a6c8e0f-1b3d-4f5a-8c7e-9d0b2f4a6c81"),
                ("fabrikam", "5b7d9f1a-2c4e-4a6b-9d8f-0e1c3a5b7d92"),
                ("tailspin", "6c8e0a2b-3d5f-4b7c-8e9a-1f2d4b6c8e03"),
            ] {
                #expect(
                    run.stderr.contains(
                        "sign-in: \(name): client secret of app \(Self.reader["AZURE_CLIENT_ID"]!) at \(url) (tenant \(id))"
                    ),
                    "\(run.stderr)")
            }
            #expect(!(run.stdout + run.stderr).contains("simulator-only-not-a-secret-fleet-read"))
            // The plans equal those made in-process on the same files.
            let inProcess = folder.appendingPathComponent("in-process").path
            _ = try cli.run([
                "plan", "--fleet", Self.fleet, "--simulate-fleet", folder.appendingPathComponent("tenants").path,
                "--out",
                inProcess,
            ])
            #expect(try plans(in: out) == plans(in: inProcess))
        }
    }

    @Test func theReadAppCannotWriteAndTheWriteAppAppliesToEachTenant() throws {
        try withServer { url, folder in
            let host = ["AZURE_AUTHORITY_HOST": url, "INTUNE_ASSIGN_GRAPH_URL": url]
            let out = folder.appendingPathComponent("plans").path
            _ = try cli.run(
                ["plan", "--fleet", Self.fleet, "--out", out], environment: Self.reader.merging(host) { $1 })
            let refused = try cli.run(
                ["apply", "--fleet", Self.fleet, out, "--tenants", "contoso"],
                environment: Self.reader.merging(host) { $1 })
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("not authorized to perform this operation"), "\(refused.stdout)")
            let applied = try cli.run(
                ["apply", "--fleet", Self.fleet, out, "--tenants", "contoso", "fabrikam"],
                environment: Self.writer.merging(host) { $1 })
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            #expect(applied.stdout.hasSuffix("Fleet apply: 2 tenants: 2 applied.\n"))
            // Each tenant's writes landed in that tenant: both now match their manifests.
            let again = try cli.run(
                ["plan", "--fleet", Self.fleet, "--tenants", "contoso", "fabrikam", "--detailed-exitcode"],
                environment: Self.reader.merging(host) { $1 })
            #expect(again.status == 0, "\(again.stdout)")
            #expect(again.stdout.hasSuffix("Fleet plan: 2 tenants: 2 no changes.\n"))
        }
    }

    @Test func aSignInToNoTenantOfTheFleetIsRefused() throws {
        try withServer { url, _ in
            let unknown = try cli.run(
                ["check"],
                environment: Self.reader.merging([
                    "AZURE_TENANT_ID": "nowhere.example", "AZURE_AUTHORITY_HOST": url, "INTUNE_ASSIGN_GRAPH_URL": url,
                ]) { $1 })
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("AADSTS90002: Tenant 'nowhere.example' not found."), "\(unknown.stderr)")
        }
    }

    @Test func checkSaysForEachTenantWhoSignedInAndWhatItLacks() throws {
        let edit: (String, inout [String: Any]) -> Void = { name, tenant in
            // fabrikam granted the read app one permission only; tailspin never consented it.
            if name == "fabrikam" {
                var app = tenant["readOnlyApplication"] as? [String: Any] ?? [:]
                app["roles"] = ["DeviceManagementConfiguration.Read.All"]
                tenant["readOnlyApplication"] = app
            }
            if name == "tailspin" { tenant["readOnlyApplication"] = nil }
        }
        try withServer(edit: edit) { url, _ in
            let run = try cli.run(
                ["check", "--fleet", Self.fleet],
                environment: Self.reader.merging(["AZURE_AUTHORITY_HOST": url, "INTUNE_ASSIGN_GRAPH_URL": url]) { $1 })
            #expect(run.status == 1)
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 4, "\(run.stdout)")
            let app = Self.reader["AZURE_CLIENT_ID"]!
            #expect(
                lines.first
                    == "contoso: signed in with client secret of app \(app) at \(url) (tenant "
                    + "4a6c8e0f-1b3d-4f5a-8c7e-9d0b2f4a6c81); 41 of 41 kinds readable.")
            #expect(lines.dropFirst().first?.hasPrefix("fabrikam: signed in with client secret of app \(app)") == true)
            #expect(lines.dropFirst().first?.contains("; missing the application permission ") == true, "\(lines)")
            #expect(lines.dropFirst(2).first?.hasPrefix("tailspin: signing in or reading failed: ") == true, "\(lines)")
            #expect(lines.last == "1 of 3 tenants can be planned with every kind.")
            #expect(!run.stdout.contains("simulator-only-not-a-secret-fleet-read"))
        }
    }
}
