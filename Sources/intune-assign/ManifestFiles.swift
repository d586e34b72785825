import Foundation
import ManifestYAML

/// Turns the PATH arguments into manifest sources: a file is itself; a folder is every `*.yaml` / `*.yml`
/// under it, in sorted order. Paths are shown as the user wrote them, joined with the path inside the folder.
enum ManifestFiles {
    /// A path that cannot be read, said in one line.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ paths: [String]) throws -> [ManifestSource] {
        var sources: [ManifestSource] = []
        var seen = Set<String>()
        for path in paths {
            for file in try expand(path) {
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

    static func expand(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(description: "\(path): no such file or folder")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw Failure(description: "cannot list the folder \(path)")
        }
        var files: [String] = []
        for case let relative as String in enumerator {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
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
}
