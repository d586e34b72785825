import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML

/// `intune-assign export`: the assignments a tenant already has, written as manifests.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write manifests from the assignments a tenant has now.",
        discussion: """
            Writes one file per kind and aliases.yaml into the folder, deterministically (set SOURCE_DATE_EPOCH to \
            fix the time in the header). `plan` on the written files against the same tenant reports no changes.
            """
    )

    @Option(
        name: .customLong("kind"),
        help: ArgumentHelp("Export only this kind; repeatable (default: every kind).", valueName: "KIND"))
    var kinds: [String] = []

    @Option(help: ArgumentHelp("The folder to write the manifests into (created if missing).", valueName: "DIR"))
    var out: String = "manifests"

    @Flag(
        name: .customLong("by-name"),
        help: "Name groups, filters and configurations by display name where that name is unique.")
    var byName = false

    @Flag(name: .customLong("include-empty"), help: "Also list configurations without assignments (assignments: []).")
    var includeEmpty = false

    @Flag(
        help:
            "Write an assignment set for every assignment list that three or more configurations share exactly, and use it."
    )
    var sets = false

    @OptionGroup var graph: GraphOptions
    @OptionGroup var output: OutputOptions

    /// Refuses an unknown `--kind`, suggesting the likely one.
    func validate() throws { try Self.checkKinds(kinds) }

    /// Refuses an unknown `--kind`, suggesting the likely one (export and usage).
    static func checkKinds(_ kinds: [String]) throws {
        for name in kinds where Kinds.named(name) == nil {
            let hint = Kinds.suggestions(for: name).first.map { "; did you mean \($0)?" } ?? ""
            throw ValidationError("--kind \(name): unknown kind\(hint)")
        }
    }

    /// Reads the tenant and writes the manifests.
    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let chosen = try graph.checkCloud(nil, kinds: kinds.compactMap(Kinds.named), color: false)
        let connection = try await graph.connect(
            environment: environment, needs: .init(kinds: chosen, writes: false, tenant: nil))
        let input: ManifestExport.Input
        do {
            input = try await ManifestExport.read(connection.graph, kinds: chosen, byName: byName)
        } catch {
            throw CommandFailure(error.description)
        }
        let files = ManifestExport.files(
            input, options: .init(byName: byName, includeEmpty: includeEmpty, sets: sets),
            exportedAt: Self.timestamp(environment))
        let folder = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let schema = Self.schemaPath(from: folder)
            // Every file is written and read back in memory first: none is written unless all of them read back
            // as what was exported. Each then goes into place with one rename (`.atomic`).
            let texts = try files.map { try ExportWriter.checked($0, schemaPath: schema) }
            for (file, text) in zip(files, texts) {
                try Data(text.utf8).write(to: folder.appendingPathComponent(file.name), options: .atomic)
            }
        } catch let error as ExportWriter.ReadBackError {
            throw CommandFailure("export stopped before writing: \(error.description)")
        } catch {
            throw CommandFailure("cannot write into \(out): \(error.localizedDescription)")
        }
        let configurations = files.reduce(0) { $0 + $1.manifest.configurations.count }
        let assignments = files.reduce(0) { $0 + $1.manifest.configurations.reduce(0) { $0 + $1.assignments.count } }
        Terminal.out(
            "Exported \(configurations) configurations with \(assignments) assignments from tenant \(input.tenant) "
                + "into \(files.count) files in \(out).\n")
    }

    /// The export time, UTC to the second; SOURCE_DATE_EPOCH (seconds) fixes it for reproducible output.
    static func timestamp(_ environment: [String: String]) -> String {
        let date =
            environment["SOURCE_DATE_EPOCH"].flatMap(Double.init).map { Date(timeIntervalSince1970: $0) } ?? Date()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The schema comment's path: the repository's schemas/ relative to the output folder when the folder is inside
    /// this checkout's tree, else the published schema name.
    static func schemaPath(from folder: URL) -> String {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        let target = folder.standardizedFileURL
        guard FileManager.default.fileExists(atPath: cwd.appendingPathComponent("schemas/manifest.schema.json").path),
            target.path.hasPrefix(cwd.path + "/")
        else { return "manifest.schema.json" }
        let depth = target.path.dropFirst(cwd.path.count + 1).split(separator: "/").count
        return String(repeating: "../", count: depth) + "schemas/manifest.schema.json"
    }
}
