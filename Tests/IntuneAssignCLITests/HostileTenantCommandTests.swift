import Foundation
import TestSupport
import Testing

/// One sanitiser for every string intune-assign did not write: the example tenant with every group, filter and
/// configuration name made hostile (CR, LF, ESC, U+2028, U+202E, `::warning::`, `@mention`), through every command
/// that shows them, in text, markdown and JSON, under `GITHUB_ACTIONS=true` with a job summary. Nothing printed or
/// summarised holds a raw control or format character, or a line that starts a workflow command.
@Suite struct HostileTenantCommandTests {
    let cli = CommandRunner()

    /// The names given, in turn, to the tenant's objects.
    static let hostile = [
        "CR\rLF\nnext", "\u{1B}[31mred\u{1B}[0m", "line\u{2028}separator", "bidi\u{202E}txt.exe",
        "::warning::forged", "@octocat please merge", "x\n::error file=a.yaml,line=1::forged\n",
        "zero\u{200B}width\u{85}nel",
    ]

    /// A folder with the hostile tenant (`tenant.json`) and the example manifests, whose by-name aliases are
    /// rewritten to ids (the names no longer exist).
    func workspace() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        let manifests = folder.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.url("examples/manifests"), to: manifests)
        let url = Repository.url("examples/tenant.json")
        var tenant = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var byName: [String: String] = [:]
        var counter = 0
        /// The next hostile name, numbered so that names stay unique.
        func next() -> String {
            counter += 1
            return Self.hostile[counter % Self.hostile.count] + " #\(counter)"
        }
        for key in ["groups", "assignmentFilters"] {
            tenant[key] = (tenant[key] as? [[String: Any]] ?? []).map { object in
                var object = object
                byName[object["displayName"] as? String ?? ""] = object["id"] as? String
                object["displayName"] = next()
                return object
            }
        }
        // Configurations the manifests name by id get hostile names too; the ones named by name keep theirs.
        let manifestText = try FileManager.default.contentsOfDirectory(atPath: manifests.path)
            .map { try String(contentsOf: manifests.appendingPathComponent($0), encoding: .utf8) }.joined()
        tenant["configurations"] = (tenant["configurations"] as? [[String: Any]] ?? []).map { configuration in
            var configuration = configuration
            if let name = configuration["displayName"] as? String, !manifestText.contains("name: \(name)\n") {
                configuration["displayName"] = next()
            }
            return configuration
        }
        try JSONSerialization.data(withJSONObject: tenant).write(to: folder.appendingPathComponent("tenant.json"))
        let aliases = manifests.appendingPathComponent("aliases.yaml")
        var text = try String(contentsOf: aliases, encoding: .utf8)
        for (name, id) in byName { text = text.replacingOccurrences(of: "{ name: \(name) }", with: id) }
        try Data(text.utf8).write(to: aliases)
        return folder
    }

    /// What must never come out: a hidden character (line feeds and tabs aside), or a line that GitHub would read
    /// as a workflow command.
    static func problems(_ text: String) -> [String] {
        var found: [String] = []
        for scalar in text.unicodeScalars where scalar != "\n" && scalar != "\t" {
            let value = scalar.value
            let hidden =
                value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
                || scalar.properties.generalCategory == .format
            if hidden { found.append("U+\(String(value, radix: 16))") }
        }
        for line in text.split(separator: "\n") where line.hasPrefix("::") { found.append(String(line)) }
        return found
    }

    @Test func noCommandPrintsARawControlCharacterOrAWorkflowCommand() throws {
        let folder = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tenant = folder.appendingPathComponent("tenant.json").path
        let manifests = folder.appendingPathComponent("manifests").path
        let planFile = folder.appendingPathComponent("plan.json").path
        let summary = folder.appendingPathComponent("summary.md")
        try Data().write(to: summary)
        let environment = ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary.path]
        let runs: [[String]] = [
            ["plan", manifests, "--simulate", tenant, "--out", planFile],
            ["plan", manifests, "--simulate", tenant, "--format", "markdown"],
            ["plan", manifests, "--simulate", tenant, "--format", "json"],
            ["show", planFile], ["show", planFile, "--format", "markdown"], ["show", planFile, "--format", "json"],
            ["usage", "0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40", "--manifests", manifests, "--simulate", tenant],
            [
                "usage", "0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40", "--all-devices", "--manifests", manifests,
                "--simulate", tenant, "--format", "markdown",
            ],
            ["usage", "--all-users", "--simulate", tenant, "--format", "json"],
            ["export", "--simulate", tenant, "--out", folder.appendingPathComponent("exported").path],
            ["apply", planFile, "--simulate", tenant],
            ["apply", manifests, "--simulate", tenant, "--auto-approve"],
        ]
        var outputs = 0
        for arguments in runs {
            let run = try cli.run(arguments, environment: environment)
            #expect(run.status == 0, "\(arguments): \(run.stdout)\(run.stderr)")
            let problems = Self.problems(run.stdout) + Self.problems(run.stderr)
            #expect(problems.isEmpty, "\(arguments): \(problems)\n\(run.stdout)\(run.stderr)")
            outputs += run.stdout.isEmpty ? 0 : 1
        }
        #expect(outputs == runs.count, "every command printed something to check")
        let summarised = try String(contentsOf: summary, encoding: .utf8)
        #expect(summarised.contains("intune-assign plan"))
        #expect(Self.problems(summarised).isEmpty, "\(Self.problems(summarised))")
        // The names did come through, escaped: the finding was a filter name in a filter-change line.
        let plan = try cli.run(["show", planFile])
        #expect(plan.stdout.contains(#"filter exclude ""#) && plan.stdout.contains(#" → include ""#))
        #expect(plan.stdout.contains(#"\u{1b}[31mred\u{1b}[0m"#) || plan.stdout.contains(#"\u{a}"#))
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("exported").path)
        {
            let text = try String(
                contentsOf: folder.appendingPathComponent("exported").appendingPathComponent(file), encoding: .utf8)
            #expect(Self.problems(text).isEmpty, "\(file): \(Self.problems(text))")
        }
    }

    /// A manifest whose file name holds an escape or a line break is refused, its name shown escaped; nothing of it
    /// is read.
    @Test(arguments: ["bad\u{1B}[31m.yaml", "two\nlines.yaml", "rtl\u{202E}lmay.yaml"])
    func aManifestFileNameWithAHiddenCharacterIsRefused(_ name: String) throws {
        let folder = try cli.temporaryFolder([name: "version: 1\nconfigurations: []\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try cli.run(["validate", folder.path], environment: ["GITHUB_ACTIONS": "true"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("has a control or format character; rename the file"), "\(run.stderr)")
        #expect(Self.problems(run.stdout + run.stderr).isEmpty, "\(run.stdout)\(run.stderr)")
    }
}
