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

            With --into, adopts drift instead: what the tenant holds now is written into the manifests that declare \
            the drifted configurations (all of them, or those --target names), editing only their `assignments:` \
            and `devices:` lists and their `deviceGroup:`, `members:`, `scope:` and `scopeTags:` values. Comments \
            and everything else in the files stay as they are.
            """
    )

    @OptionGroup var kindOptions: KindOptions

    @Option(help: ArgumentHelp("The folder to write the manifests into (created if missing).", valueName: "DIR"))
    var out: String = Self.defaultOut

    /// `--out`'s default.
    static let defaultOut = "manifests"

    @Option(
        help: ArgumentHelp(
            "Adopt drift into these manifest files or folders (repeatable): write what the tenant holds now into the "
                + "drifted configurations' entries.", valueName: "MANIFESTS"))
    var into: [String] = []

    @OptionGroup var target: TargetOptions

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
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var output: OutputOptions

    /// Reads the tenant and writes the manifests.
    func run() async throws {
        if !into.isEmpty { return try await runAdopt() }
        guard target.targets.isEmpty else { throw ValidationError("--target selects what --into adopts") }
        if let file = fleet.file { return try await runFleet(file) }
        let environment = ProcessInfo.processInfo.environment
        let chosen = try graph.checkCloud(nil, kinds: kindOptions.kinds, color: false)
        let connection = try await graph.connect(
            environment: environment, needs: .init(kinds: chosen, writes: false, tenant: nil))
        let exported: ExportOperation.Outcome
        do {
            exported = try await ExportOperation(graph: connection.graph).run(
                chosen, options: .init(byName: byName, includeEmpty: includeEmpty, sets: sets),
                exportedAt: Self.timestamp(environment))
        } catch {
            throw CommandFailure(error.description)
        }
        try write(exported.files, into: out)
        Terminal.out(
            "Exported \(exported.configurations) configurations with \(exported.assignments) assignments from tenant "
                + "\(exported.tenant) into \(exported.files.count) files in \(out).\n")
    }

    /// Writes the files into `path`. Every file is written and read back in memory first: none is written unless
    /// all of them read back as what was exported. Each then goes into place with one rename (`.atomic`).
    func write(_ files: [ManifestExport.File], into path: String) throws {
        let folder = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let schema = Self.schemaPath(from: folder)
            let texts = try files.map { try ExportWriter.checked($0, schemaPath: schema) }
            for (file, text) in zip(files, texts) {
                try Data(text.utf8).write(to: folder.appendingPathComponent(file.name), options: .atomic)
            }
        } catch let error as ExportWriter.ReadBackError {
            throw CommandFailure("export stopped before writing: \(error.description)")
        } catch {
            throw CommandFailure("cannot write into \(path): \(error.localizedDescription)")
        }
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

    /// The schema comment's path: the repository's schemas/`schema` relative to the output folder when the folder is
    /// inside this checkout's tree, else the published schema name.
    static func schemaPath(from folder: URL, schema: String = "manifest.schema.json") -> String {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        let target = folder.standardizedFileURL
        guard FileManager.default.fileExists(atPath: cwd.appendingPathComponent("schemas/\(schema)").path),
            target.path.hasPrefix(cwd.path + "/")
        else { return schema }
        let depth = target.path.dropFirst(cwd.path.count + 1).split(separator: "/").count
        return String(repeating: "../", count: depth) + "schemas/\(schema)"
    }
}
