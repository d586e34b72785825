import Foundation
import IntuneAssignCore
import ManifestYAML
import TestSupport
import Testing

/// The README and the documentation pages tell the truth: their commands, example manifest and table of kinds.
@Suite struct ReadmeTests {
    static let readme = page("README.md")
    static let plan = page("docs/commands/plan.md")
    static let usage = page("docs/commands/usage.md")
    static let export = page("docs/commands/export.md")
    static let manifests = page("docs/manifests.md")
    static let kinds = page("docs/kinds.md")

    /// A page of the repository's documentation.
    static func page(_ path: String) -> String {
        (try? String(contentsOf: Repository.url(path), encoding: .utf8)) ?? ""
    }

    @Test func firstLinesAreTheTwoCommands() {
        let lines = Self.readme.split(separator: "\n", omittingEmptySubsequences: false).prefix(6).map(String.init)
        #expect(lines[0] == "# intune-assign")
        #expect(
            lines.contains {
                $0.hasPrefix("swift run intune-assign plan examples/manifests --simulate examples/tenant.json ")
            })
        #expect(lines.contains { $0.hasPrefix("swift test ") || $0 == "swift test" })
        #expect(
            Self.readme.contains(
                "Valid: 7 files, 33 configurations, 45 assignments, 2 Autopilot devices, 2 Apple serial numbers."))
    }

    /// Every line of the README's plan excerpt appears in the real output of that command.
    @Test func planExcerptIsTheRealOutput() throws {
        let start = try #require(
            Self.plan.range(of: "$ swift run intune-assign plan examples/manifests --simulate examples/tenant.json\n")
        )
        let end = try #require(Self.plan.range(of: "```", range: start.upperBound..<Self.plan.endIndex))
        let excerpt = Self.plan[start.upperBound..<end.lowerBound].split(separator: "\n").filter { $0 != "..." }
        let run = try CommandRunner().run(["plan", "examples/manifests", "--simulate", "examples/tenant.json"])
        let output = Set(run.stdout.split(separator: "\n"))
        #expect(excerpt.count > 10)
        for line in excerpt { #expect(output.contains(line), "not in the output: \(line)") }
    }

    /// docs/assignable-collections.md lists every collection of the registry with its kind, and gives a reason for
    /// every collection it leaves out; where the team's tables are at hand, it is what the script makes of them.
    @Test func assignableCollectionsCoverTheRegistryAndExplainTheRest() throws {
        let text = try String(contentsOf: Repository.url("docs/assignable-collections.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `/") }.map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        for kind in Kinds.all {
            #expect(rows.contains { $0[1] == "`\(kind.collectionPath)`" && $0[4] == "`\(kind.name)`" }, "\(kind.name)")
        }
        for row in rows where row[4] == "—" { #expect(!row[5].isEmpty, "\(row[1]) is left out without a reason") }
        #expect(rows.count { $0[4] != "—" } == Kinds.all.count)
        let tables = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/graph")
        if FileManager.default.fileExists(atPath: tables.appendingPathComponent("assign-endpoints.csv").path) {
            let run = try CommandRunner().run(
                URL(fileURLWithPath: "/usr/bin/env"), ["python3", "scripts/assignable-collections.py", tables.path],
                environment: [:])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(
                run.stdout == text,
                "regenerate with: python3 scripts/assignable-collections.py > docs/assignable-collections.md")
        }
    }

    /// The README's `usage` session is the real output, line for line.
    @Test func usageExcerptIsTheRealOutput() throws {
        let command =
            "swift run intune-assign usage all-staff --name \"Former Interns\" --manifests examples/manifests "
            + "--simulate examples/tenant.json"
        let start = try #require(Self.usage.range(of: "$ \(command)\n"))
        let end = try #require(Self.usage.range(of: "```", range: start.upperBound..<Self.usage.endIndex))
        let run = try CommandRunner().run([
            "usage", "all-staff", "--name", "Former Interns", "--manifests", "examples/manifests", "--simulate",
            "examples/tenant.json",
        ])
        #expect(String(Self.usage[start.upperBound..<end.lowerBound]) == run.stdout)
    }

    /// The README's plan → apply → plan session, run command by command on a copy of the tenant: every line it
    /// quotes is in the real output.
    @Test func applyExampleIsTheRealSession() throws {
        let start = try #require(Self.readme.range(of: "$ cp examples/tenant.json /tmp/tenant.json\n"))
        let end = try #require(Self.readme.range(of: "```", range: start.upperBound..<Self.readme.endIndex))
        let lines = Self.readme[start.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: Repository.url("examples/tenant.json"), to: folder.appendingPathComponent("tenant.json"))
        var output = Set<String>()
        var commands = 0
        for line in lines {
            if line.hasPrefix("$ swift run intune-assign ") {
                let arguments = line.dropFirst("$ swift run intune-assign ".count).split(separator: " ")
                    .map { $0.replacingOccurrences(of: "/tmp/", with: folder.path + "/") }
                let run = try CommandRunner().run(arguments)
                #expect(run.status == 0, "\(line): \(run.stderr)")
                output.formUnion(run.stdout.split(separator: "\n").map(String.init))
                commands += 1
            } else if line != "..." {
                #expect(output.contains(line), "not in the output: \(line)")
            }
        }
        #expect(commands == 4, "validate, plan, apply, plan")
    }

    @Test func exportExampleIsTheRealOutput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("northwind-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CommandRunner().run(["export", "--simulate", "examples/tenant.json", "--out", folder.path])
        #expect(run.status == 0)
        let line = run.stdout.replacingOccurrences(of: folder.path, with: "/tmp/northwind")
        #expect(
            Self.export.contains(
                "$ swift run intune-assign export --simulate examples/tenant.json --out /tmp/northwind\n" + line))
    }

    @Test func exampleManifestIsValid() throws {
        let start = try #require(Self.manifests.range(of: "```yaml\n"))
        let end = try #require(Self.manifests.range(of: "```", range: start.upperBound..<Self.manifests.endIndex))
        let text = String(Self.manifests[start.upperBound..<end.lowerBound])
        let result = ManifestLoader.load([ManifestSource(path: "README.md", bytes: Array(text.utf8))])
        #expect(result.diagnostics.map(\.headline) == [])
        #expect(result.state.configurations.count == 4)
    }

    @Test func kindsTableMatchesTheRegistry() throws {
        let rows = Self.kinds.split(separator: "\n").filter { $0.hasPrefix("| `") && $0.contains("| `/device") }
        #expect(rows.count == Kinds.all.count)
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let kind = try #require(Kinds.named(cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))))
            #expect(cells[1] == "`\(kind.collectionPath)`")
            #expect(cells[2] == kind.targets.types.map(\.manifestKey).joined(separator: ", "), "\(kind.name)")
            if let intent = kind.intent {
                #expect(cells[3].hasPrefix(intent.required ? "required: " : "optional: "), "\(kind.name)")
                for value in intent.values { #expect(cells[3].contains(value)) }
            } else {
                #expect(cells[3] == "—", "\(kind.name)")
            }
            for field in kind.fields { #expect(cells.count > 4 && cells[4].contains(field.rawValue), "\(kind.name)") }
            #expect(kind.takesDevices == (cells.count > 4 && cells[4].contains("devices")))
            var read = kind.read.assignments.rawValue
            if kind.read.assignments == .listExpand, kind.read.item != .perItem {
                read += ", " + kind.read.item.rawValue
            }
            #expect(cells.count > 5 && cells[5] == "`\(kind.read.nameProperty)`, \(read)", "\(kind.name)")
            #expect(cells.count > 6 && cells[6] == kind.write.style.rawValue, "\(kind.name)")
        }
        for type in AppAssignmentSettings.types { #expect(Self.kinds.contains("`\(type)`")) }
    }
}

extension ReadmeTests {
    /// Every relative link of the README and the documentation leads to a file of the repository (the pages moved
    /// to docs/, and a link left behind would lead nowhere).
    @Test func everyRelativeLinkLeadsToAFile() throws {
        var pages = ["README.md", "SECURITY.md", "CHANGELOG.md", "examples/pipelines/README.md"]
        for folder in ["docs", "docs/commands"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: Repository.url(folder).path)
            pages += names.filter { $0.hasSuffix(".md") }.map { "\(folder)/\($0)" }
        }
        var links = 0
        for page in pages {
            let text = Self.page(page)
            for match in text.matches(of: #/\]\(([^)\s#]+)(#[^)\s]*)?\)/#) {
                let target = String(match.output.1)
                guard !target.hasPrefix("http:"), !target.hasPrefix("https:"), !target.hasPrefix("mailto:") else {
                    continue
                }
                let url = Repository.url(page).deletingLastPathComponent().appendingPathComponent(target)
                #expect(FileManager.default.fileExists(atPath: url.standardizedFileURL.path), "\(page): \(target)")
                links += 1
            }
        }
        #expect(links > 30)
    }

    /// The README is a front door: the two commands, what the tool is, the loop, installing, status and links.
    @Test func theReadmeIsAFrontDoor() {
        let lines = Self.readme.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count <= 150, "\(lines.count) lines")
        #expect(
            lines.filter { $0.hasPrefix("## ") }.map(String.init) == [
                "## The loop, on the bundled tenant", "## Many tenants",
                "## What a change reaches, and the tenant's rules", "## Drift, and who made it", "## Installing",
                "## Status", "## Documentation",
            ])
    }

    /// Runs the commands of the first code block after `heading` in the README (`$ swift run intune-assign ...`, and
    /// `cp -r`, with `/tmp/` in a scratch folder) and finds every other line shown (but `...`) in the output of the
    /// command before it; returns how many commands ran.
    static func runSection(_ heading: String) throws -> Int {
        let readme = try String(contentsOf: Repository.url("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: heading))
        let block = try #require(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: block.upperBound..<readme.endIndex))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var output: Set<Substring> = []
        var commands = 0
        for line in readme[block.upperBound..<end.lowerBound].split(separator: "\n") where line != "..." {
            guard line.hasPrefix("$ ") else {
                let expected = Substring(line.replacingOccurrences(of: "/tmp/", with: scratch.path + "/"))
                #expect(output.contains(expected), "not in the output: \(line)")
                continue
            }
            let words = line.dropFirst(2).split(separator: " ").map {
                $0.replacingOccurrences(of: "/tmp/", with: scratch.path + "/")
            }
            commands += 1
            if words.prefix(2) == ["cp", "-r"] {
                try FileManager.default.copyItem(at: Repository.url(words[2]), to: URL(fileURLWithPath: words[3]))
                continue
            }
            #expect(Array(words.prefix(3)) == ["swift", "run", "intune-assign"])
            let run = try CommandRunner().run(Array(words.dropFirst(3)))
            output = Set((run.stdout + run.stderr).split(separator: "\n"))
        }
        return commands
    }

    @Test func theReadmesReachAndRulesAreTheRealOutput() throws {
        #expect(try Self.runSection("## What a change reaches, and the tenant's rules") == 1)
    }

    @Test func theReadmesBlameIsTheRealOutput() throws {
        #expect(try Self.runSection("## Drift, and who made it") == 4)
    }
}
