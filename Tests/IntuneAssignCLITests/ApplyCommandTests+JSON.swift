import Foundation
import TestSupport
import Testing

/// `apply --format json`: stdout is one JSON document, the report, for programs; progress stays on stderr; nobody is
/// asked, so manifests are applied only with `--auto-approve`.
extension ApplyCommandTests {
    /// The JSON document on stdout.
    func report(_ stdout: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    @Test func applyInJSONReportsEveryConfigurationAndThenNothingToApply() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let arguments = ["apply", "examples/manifests", "--simulate", tenant, "--format", "json"]

        let unasked = try cli.run(arguments)
        #expect(unasked.status == 1)
        #expect(unasked.stderr.contains("not applying without confirmation"))
        #expect(unasked.stdout.isEmpty, "no report when nothing was applied: \(unasked.stdout)")

        let applied = try cli.run(arguments + ["--auto-approve"])
        #expect(applied.status == 0, "\(applied.stderr)")
        let document = try report(applied.stdout)
        #expect(document["format_version"] as? Int == 1)
        #expect(document["outcome"] as? String == "applied")
        let configurations = try #require(document["configurations"] as? [[String: Any]])
        #expect(!configurations.isEmpty)
        #expect(configurations.allSatisfy { $0["state"] as? String == "changed" && $0["failure"] is NSNull })
        #expect(configurations.allSatisfy { ($0["calls_made"] as? Int) == ($0["calls"] as? Int) })
        // Progress went to stderr, one line per configuration.
        #expect(applied.stderr.components(separatedBy: "written: ").count - 1 == configurations.count)

        let again = try cli.run(arguments + ["--auto-approve"])
        #expect(again.status == 0)
        let nothing = try report(again.stdout)
        #expect(nothing["outcome"] as? String == "nothing to apply")
        #expect((nothing["configurations"] as? [Any])?.isEmpty == true)
    }
}
