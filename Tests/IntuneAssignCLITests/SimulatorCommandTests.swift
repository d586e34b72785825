import Foundation
import IntuneAssignCore
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `intune-assign simulator`, run as a user runs it: a server on loopback, its URL on stdout, a JSONL request log.
@Suite struct SimulatorCommandTests {
    /// What the simulator grants an app whose tenant file entry lists no roles: every permission the kinds use.
    static let everyPermission = [
        "CloudPC.Read.All", "CloudPC.ReadWrite.All", "DeviceManagementApps.Read.All",
        "DeviceManagementApps.ReadWrite.All",
        "DeviceManagementConfiguration.Read.All",
        "DeviceManagementConfiguration.ReadWrite.All", "DeviceManagementManagedDevices.Read.All",
        "DeviceManagementManagedDevices.ReadWrite.All", "DeviceManagementRBAC.Read.All",
        "DeviceManagementRBAC.ReadWrite.All", "DeviceManagementServiceConfig.Read.All",
        "DeviceManagementServiceConfig.ReadWrite.All", "Directory.Read.All",
    ].joined(separator: " ")

    @Test func servesTheExampleTenantWithFaultsAndARequestLog() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("requests-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = [
            "simulator", "--tenant", "examples/tenant.json", "--port", "0", "--request-log", log.path,
            "--fault", "GET /groups=503",
        ]
        process.currentDirectoryURL = Repository.root
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        defer { process.terminate() }

        // The first line names the URL.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix("Simulating tenant 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11 at http://127.0.0.1:"))
        let url = try #require(text.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") })

        let session = URLSession(configuration: .ephemeral)
        let groups = try #require(URL(string: "\(url)/beta/groups?$top=2"))
        let (_, first) = try await session.data(from: groups)
        #expect((first as? HTTPURLResponse)?.statusCode == 503)
        let (body, second) = try await session.data(from: groups)
        #expect((second as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("\"@odata.nextLink\":\"\(url)/beta/groups?"))

        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"path\":\"/beta/groups\"") == true)
        #expect(lines.first?.contains("\"status\":503") == true)
        #expect(lines.last?.contains("\"status\":200") == true)
    }

    /// Starts `intune-assign simulator` on the example tenant, on a free port; returns the process and its URL.
    func startSimulator(_ extra: [String] = []) throws -> (Process, String) {
        try CommandRunner().startSimulator(["--tenant", "examples/tenant.json"] + extra)
    }

    @Test func checkSignsInOverHTTPAndNamesMissingPermissions() throws {
        let (server, url) = try startSimulator([
            "--forbid", "/deviceAppManagement/mobileApps", "--forbid", "/deviceManagement/auditEvents", "--forbid",
            "/users",
        ])
        defer { server.terminate() }
        let environment = CommandRunner.exampleSignIn(at: url)
        let result = try CommandRunner().run(["check"], environment: environment)
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                Signed in with client secret of app 3c9e2f71-8a4b-4d6e-9f1a-2b7c5d8e0a14 at \(url) (tenant 6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11).
                Signed in as app 3c9e2f71-8a4b-4d6e-9f1a-2b7c5d8e0a14, application permissions: \(Self.everyPermission).
                The audit log (plan --blame) cannot be read: needs the permission DeviceManagementApps.Read.All (Graph answered 403); plans run, saying blame unavailable.
                What a change reaches (plan --reach) cannot all be counted: needs the permission User.Read.All (Graph answered 403); plans run, saying so.
                \(Kinds.all.count - 1) of \(Kinds.all.count) kinds readable.

                """)
        #expect(
            result.stderr == """
                Cannot read:
                  mobileApp: GET /deviceAppManagement/mobileApps: needs the application permission DeviceManagementConfiguration.Read.All (and DeviceManagementConfiguration.ReadWrite.All to apply)

                """)
        #expect(!(result.stdout + result.stderr).contains("simulator-only-not-a-secret"))
        let wrong = try CommandRunner().run(
            ["check"], environment: environment.merging(["AZURE_CLIENT_SECRET": "nope"]) { $1 })
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("Error: 401 invalid_client: AADSTS7000215: Invalid client secret provided."))
    }

    @Test func checkRunsOnTheSimulatorInProcessAndRefusesUnknownClouds() throws {
        let simulated = try CommandRunner().run(["check", "--simulate", "examples/tenant.json"])
        #expect(simulated.status == 0)
        #expect(simulated.stdout.hasSuffix("\(Kinds.all.count) of \(Kinds.all.count) kinds readable.\n"))
        let mars = try CommandRunner().run(["check", "--cloud", "mars"])
        #expect(mars.status == 64)
        #expect(mars.stderr.contains("--cloud must be one of: global, usgov, usgov-dod, china"))
        let plain = try CommandRunner().run(
            ["check", "--graph-url", "http://graph.example.com"],
            environment: ["INTUNE_ASSIGN_ACCESS_TOKEN": "x"])
        #expect(plain.status == 1)
        #expect(plain.stderr.contains("is not an https:// URL"))
    }

    @Test func aBrokenTenantFileIsRefusedWithEveryProblem() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tenant-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(
            #"{"tenantId": "x", "configurations": [{"kind": "deviceConfig", "id": "1", "displayName": "a"}]}"#.utf8
        )
        .write(to: file)
        let result = try CommandRunner().run(["simulator", "--tenant", file.path])
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                Error: \(file.path) cannot be used:
                  tenantId 'x' is not a GUID
                  configurations[0] (a): unknown kind 'deviceConfig'

                """)
    }
}
