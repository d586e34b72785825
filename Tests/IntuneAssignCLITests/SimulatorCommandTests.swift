import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// `intune-assign simulator`, run as a user runs it: a server on loopback, its URL on stdout, a JSONL request log.
@Suite struct SimulatorCommandTests {
    @Test func servesTheExampleTenantWithFaultsAndARequestLog() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("requests-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = ValidateCommandTests.executable
        process.arguments = ["simulator", "--tenant", "examples/tenant.json", "--port", "0", "--request-log", log.path,
                             "--fault", "GET /groups=503"]
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

    @Test func aBrokenTenantFileIsRefusedWithEveryProblem() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tenant-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"tenantId": "x", "configurations": [{"kind": "deviceConfig", "id": "1", "displayName": "a"}]}"#.utf8)
            .write(to: file)
        let result = try ValidateCommandTests().run(["simulator", "--tenant", file.path])
        #expect(result.status == 1)
        #expect(result.stderr == """
            Error: \(file.path) cannot be used:
              tenantId 'x' is not a GUID
              configurations[0] (a): unknown kind 'deviceConfig'

            """)
    }
}
