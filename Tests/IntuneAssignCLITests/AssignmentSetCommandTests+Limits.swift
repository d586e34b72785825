import Foundation
import TestSupport
import Testing

/// Sets cannot multiply without a bound: a configuration that would expand past 1,000 assignments, or manifests
/// that would expand past 250,000 in all, are a `validate` error at the `use:` that goes over, counted before any
/// expansion is allocated.
extension AssignmentSetCommandTests {
    /// A manifest with one set of `size` distinct groups, and `configurations` device configurations that each use
    /// it `uses` times.
    static func multiplying(size: Int, configurations: Int, uses: Int) -> String {
        var text = "version: 1\nassignmentSets:\n  big:\n"
        for index in 0..<size { text += "    - group: \(guid(0xA, index))\n" }
        text += "configurations:\n"
        for configuration in 0..<configurations {
            text += "  - kind: deviceConfiguration\n    id: \(guid(0xC, configuration))\n    assignments:\n"
            text += String(repeating: "      - use: big\n", count: uses)
        }
        return text
    }

    /// A GUID of version 4 shape whose first digit is `prefix` and whose last twelve digits are `number`.
    static func guid(_ prefix: Int, _ number: Int) -> String {
        let tail = String(number, radix: 16)
        return String(prefix, radix: 16) + "0000000-0000-4000-8000-" + String(repeating: "0", count: 12 - tail.count)
            + tail
    }

    @Test func aConfigurationPastOneThousandAssignmentsIsAnErrorAtTheUse() throws {
        let cli = CommandRunner()
        let folder = try cli.temporaryFolder(["sets.yaml": Self.multiplying(size: 600, configurations: 1, uses: 2)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try cli.run(["validate", folder.path])
        #expect(run.status == 1)
        // The second `- use: big` (line 609, column 9) takes the configuration to 1,200.
        #expect(
            run.stderr.contains(
                "/sets.yaml:609:9: error: with set 'big', this deviceConfiguration would have 1200 or more assignments, "
                    + "more than the 1000 one configuration may have; split the set, or list fewer uses"),
            "\(run.stderr)")
        #expect(!run.stderr.contains("twice"), "nothing expanded, so no duplicate is reported")
    }

    @Test func manifestsPastTheRunsTotalAreOneErrorAtTheUseThatGoesOver() throws {
        let cli = CommandRunner()
        // 300 configurations of 900 assignments: the 278th goes past 250,000.
        let folder = try cli.temporaryFolder([
            "sets.yaml": Self.multiplying(size: 900, configurations: 300, uses: 1)
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try cli.run(["validate", folder.path])
        #expect(run.status == 1)
        let errors = run.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(errors)")
        // Line of the 278th configuration's use: 4 lines of header and set, 900 entries, then 4 lines each.
        let line = 3 + 900 + 1 + 277 * 4 + 4
        #expect(
            errors.first?.contains(
                "/sets.yaml:\(line):9: error: with set 'big', this deviceConfiguration would have 900 or more "
                    + "assignments, more than the 250000 the manifests of one run may have in all") == true,
            "\(errors)")
    }

    /// The finding: a small manifest that multiplies a set thousands of times is refused at once.
    @Test func aManifestThatWouldExpandToMillionsIsRefused() throws {
        let cli = CommandRunner()
        let text = Self.multiplying(size: 4_000, configurations: 4, uses: 1_000)
        let folder = try cli.temporaryFolder(["sets.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try cli.run(["validate", folder.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("would have 4000 or more assignments, more than the 1000 one configuration"))
    }
}
