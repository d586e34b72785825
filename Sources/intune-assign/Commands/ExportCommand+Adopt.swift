import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering

extension ExportCommand {
    /// `export --into MANIFESTS [--target KIND/ID …]`: what the tenant holds now, written into the manifest files that
    /// declare the drifted configurations, in those configurations' lists only (`AdoptionWriter`). Nothing is
    /// written unless every edited file reads back, the edited manifests plan to no change for the adopted
    /// configurations against what was read, and no file changed on disk since it was read; each file then goes into
    /// place with one rename.
    func runAdopt() async throws {
        let environment = ProcessInfo.processInfo.environment
        let color = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        guard fleet.file == nil else {
            throw ValidationError("--into adopts one tenant's drift; run it with the tenant's manifests, not --fleet")
        }
        guard !byName, !includeEmpty, !sets, kindOptions.names.isEmpty, out == Self.defaultOut else {
            throw ValidationError(
                "--into edits the manifests given; --out, --kind, --by-name, --include-empty and --sets are for a "
                    + "new export")
        }
        let manifests = try ManifestFiles.loadOrExit(into, color: color)
        try graph.checkCloud(manifests, color: color)
        let connection = try await graph.connect(
            environment: environment, needs: .init(manifests.state, targets: target.targets, writes: false))
        let operation = AdoptOperation(graph: connection.graph)
        let adopted: AdoptOperation.Adopted
        switch await operation.run(
            ManifestInput(state: manifests.state, digest: manifests.digest, targets: target.targets))
        {
        case .adopted(let result): adopted = result
        case .problems(let diagnostics):
            try ManifestFiles.reportOrExit(manifests.result.withSourceLines(diagnostics), color: color)
            return
        case .readFailed(let error): throw CommandFailure(ApplyWords.readFailed(error))
        }
        guard !adopted.edits.isEmpty else {
            Terminal.out("Nothing to adopt: the tenant holds what the manifests say.\n")
            return
        }

        // Every edited file, then the whole set read back and planned against what was read.
        var sources = manifests.sources
        var edited: [Int] = []
        for (index, source) in sources.enumerated()
        where adopted.edits.contains(where: { $0.configuration.file == source.path && !$0.isEmpty }) {
            do {
                sources[index].bytes = try AdoptionWriter.edit(
                    file: source.path, bytes: source.bytes, edits: adopted.edits)
            } catch {
                throw CommandFailure("cannot adopt the drift, nothing was written: \(error.description)")
            }
            edited.append(index)
        }
        let reloaded = ManifestLoader.load(sources)
        if let error = reloaded.diagnostics.first(where: { $0.severity == .error }) {
            throw CommandFailure(
                "the edited manifests do not read back, nothing was written: "
                    + "\(error.location.map { "\($0): " } ?? "")\(error.message)")
        }
        let remaining = await operation.check(
            reloaded.state, digest: ManifestFiles.digest(sources), after: adopted)
        guard remaining.isEmpty else {
            throw CommandFailure(
                "the edited manifests would not plan to no change, nothing was written:\n"
                    + remaining.map { "  \($0)\n" }.joined())
        }
        try write(edited.map { (manifests.sources[$0], sources[$0].bytes) })
        Terminal.out(AdoptWords.report(adopted.edits, files: edited.map { sources[$0].path }))
    }

    /// Writes each edited file in place, once none of them changed on disk since it was read.
    func write(_ files: [(read: ManifestSource, bytes: [UInt8])]) throws {
        for (read, _) in files {
            let now = FileManager.default.contents(atPath: read.path).map { [UInt8]($0) }
            guard now == read.bytes else {
                throw CommandFailure("\(read.path) changed since it was read; nothing was written, run again")
            }
        }
        for (read, bytes) in files {
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: read.path), options: .atomic)
            } catch {
                throw CommandFailure("cannot write \(read.path): \(error.localizedDescription)")
            }
        }
    }
}

/// What `export --into` says it did.
enum AdoptWords {
    /// One line per adopted configuration, what could not be written, and the total.
    static func report(_ edits: [Adoption.Edit], files: [String]) -> String {
        var out = ""
        for edit in edits {
            var parts: [String] = []
            if edit.written > 0 { parts.append("\(edit.written) written") }
            if edit.changed > 0 { parts.append("\(edit.changed) changed") }
            if edit.dropped > 0 { parts.append("\(edit.dropped) dropped") }
            out +=
                "Adopted \(edit.key.kind.name) \(Printable.quoted(edit.displayName)) (\(edit.configuration)): "
                + (parts.isEmpty ? "its sets written out" : parts.joined(separator: ", ")) + "\n"
            for left in edit.left { out += "  not written: \(left)\n" }
        }
        let total = edits.reduce(0) { $0 + $1.written + $1.changed + $1.dropped }
        out +=
            "Adopted \(total) change\(total == 1 ? "" : "s") of \(edits.count) configuration"
            + "\(edits.count == 1 ? "" : "s") into \(files.count) file\(files.count == 1 ? "" : "s"): "
            + files.joined(separator: ", ") + ". Review them with git diff; a plan now shows no change for them.\n"
        return out
    }
}
