import ArgumentParser
import Foundation
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering

/// Turns the PATH arguments into manifest sources: a file is itself; a folder is every `*.yaml` / `*.yml`
/// under it, in sorted order. Paths are shown as the user wrote them, joined with the path inside the folder.
enum ManifestFiles {
    /// A path that cannot be read, said in one line.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The sources of every path, each file read once even when named twice.
    static func read(_ paths: [String]) throws -> [ManifestSource] {
        var sources: [ManifestSource] = []
        var seen = Set<String>()
        for path in paths {
            for file in try expand(path) {
                // A name with a line break, an escape or a bidi control would forge lines in diagnostics and CI
                // annotations, or show one file as another: such a manifest is refused, its name shown escaped.
                if file.unicodeScalars.contains(where: Printable.isHidden) {
                    throw Failure(
                        description: "the manifest file name \(Printable.quoted(file, limit: 500)) has a control or "
                            + "format character; rename the file")
                }
                let standardized = URL(fileURLWithPath: file).standardizedFileURL.path
                guard seen.insert(standardized).inserted else { continue }
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw Failure(description: "cannot read \(file)")
                }
                sources.append(ManifestSource(path: file, bytes: [UInt8](data)))
            }
        }
        return sources
    }

    /// A file as itself; a folder as its `*.yaml` / `*.yml` files, in sorted order.
    static func expand(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(description: "\(path): no such file or folder")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw Failure(description: "cannot list the folder \(path)")
        }
        let folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        var files: [String] = []
        for case let relative as String in enumerator {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
            try checkLink(full, inside: folder, folderArgument: path)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                files.append(full)
            }
        }
        guard !files.isEmpty else {
            throw Failure(description: "\(path): no manifests (*.yaml or *.yml) in this folder")
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A manifest found in a folder must be a file of that folder. A symbolic link that leads outside it is an
    /// error (a link to `/proc/self/environ` or a credentials file would have its lines echoed in diagnostics and
    /// pull-request annotations), and so is one that leads nowhere or in a loop (skipping it would silently drop
    /// manifests).
    static func checkLink(_ file: String, inside folder: String, folderArgument: String) throws {
        let url = URL(fileURLWithPath: file)
        guard let type = try? FileManager.default.attributesOfItem(atPath: file)[.type] as? FileAttributeType,
            type == .typeSymbolicLink
        else {
            // Not a link itself; a linked folder on the way is checked through the resolved path below.
            let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
            guard resolved == folder || resolved.hasPrefix(folder + "/") else {
                throw Failure(
                    description: "\(file) lies outside \(folderArgument) through a linked folder; it is not read")
            }
            return
        }
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: resolved), resolved != url.standardizedFileURL.path else {
            throw Failure(description: "\(file) is a symbolic link that leads nowhere (or in a loop); fix or remove it")
        }
        guard resolved.hasPrefix(folder + "/") else {
            throw Failure(
                description: "\(file) is a symbolic link to a file outside \(folderArgument); it is not followed. "
                    + "Copy the manifest into the folder, or name the file itself on the command line")
        }
    }
}

/// The manifests of one run, loaded once: the files as read, what loading made of them (the desired state, the
/// diagnostics, the texts later diagnostics point into), and their digest, computed once.
struct LoadedManifests {
    /// The files, as read.
    let sources: [ManifestSource]
    /// What loading made of them.
    let result: LoadResult
    /// The digest of the files (paths and bytes), which a saved plan records.
    let digest: String

    /// The desired state.
    var state: DesiredState { result.state }
}

extension ManifestFiles {
    /// Reads and loads the manifests of PATH arguments; on any error prints every diagnostic, the count and
    /// "nothing was sent to Graph", and exits 1.
    static func loadOrExit(_ paths: [String], color: Bool) throws -> LoadedManifests {
        try loadOrExit(try readOrExit(paths, color: color), color: color)
    }

    /// The files of PATH arguments, read once; a path that cannot be read is printed as an error, and exits 1.
    static func readOrExit(_ paths: [String], color: Bool) throws -> [ManifestSource] {
        do {
            return try read(paths)
        } catch {
            Terminal.err(DiagnosticRenderer(color: color).render(.error("\(error)", at: nil)))
            throw ExitCode.failure
        }
    }

    /// Loads files already read (`digest` when the caller computed it already); on any error prints every
    /// diagnostic and exits 1.
    static func loadOrExit(_ sources: [ManifestSource], digest: String? = nil, color: Bool) throws -> LoadedManifests {
        let result = ManifestLoader.load(sources)
        try reportOrExit(result.diagnostics, color: color)
        return LoadedManifests(
            sources: sources, result: result, digest: digest ?? Self.digest(sources))
    }

    /// The digest of files (paths and bytes), as a plan records it.
    static func digest(_ sources: [ManifestSource]) -> String { Digests.manifests(sources.map { ($0.path, $0.bytes) }) }

    /// Prints diagnostics on stderr; with any error among them, also the count, and exits 1.
    static func reportOrExit(_ diagnostics: [Diagnostic], color: Bool) throws {
        if report(diagnostics, color: color) > 0 { throw ExitCode.failure }
    }

    /// Prints diagnostics on stderr (and as annotations under GitHub Actions); with any error among them, also the
    /// count. Returns the number of errors.
    @discardableResult
    static func report(_ diagnostics: [Diagnostic], color: Bool) -> Int {
        Terminal.err(DiagnosticRenderer(color: color).render(diagnostics))
        GitHubActions.annotate(diagnostics, environment: ProcessInfo.processInfo.environment)
        let errors = diagnostics.count { $0.severity == .error }
        guard errors > 0 else { return 0 }
        let files = Set(diagnostics.compactMap { $0.location?.file }).count
        var line = "\(errors) error\(errors == 1 ? "" : "s")"
        if files > 0 { line += " in \(files) file\(files == 1 ? "" : "s")" }
        Terminal.err(line + "; nothing was sent to Graph.\n")
        return errors
    }
}
