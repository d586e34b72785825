public import Foundation
public import IntuneAssignCore
public import ManifestYAML

/// Where the repository's files are, found from this source file (tests run from a checkout).
public enum Repository {
    /// The checkout's root folder.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path under the root.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Every file under `folder` (relative to the root) whose name ends in one of `extensions`, sorted.
    public static func files(under folder: String, extensions: [String]) -> [URL] {
        let base = url(folder)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            return []
        }
        return enumerator.compactMap { $0 as? URL }
            .filter { url in extensions.contains { url.lastPathComponent.hasSuffix($0) } }
            .sorted { $0.path < $1.path }
    }
}

/// A malformed-manifest fixture: one marked file, or a folder of marked files loaded together.
public struct ManifestFixture: Sendable, CustomStringConvertible {
    /// One marked file of the fixture.
    public struct File: Sendable {
        /// The path shown in diagnostics: the fixture-relative name.
        public let path: String
        /// Its text and markers.
        public let text: MarkedText
    }

    /// The fixture's file or folder name.
    public let name: String
    /// Its files, in name order.
    public let files: [File]

    /// The fixture's name, for test arguments.
    public var description: String { name }

    /// Reads the fixture at `url`: a marked file, or a folder of them.
    public init(url: URL) throws {
        name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        let urls: [URL]
        if isDirectory.boolValue {
            urls = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } else {
            urls = [url]
        }
        files = try urls.map { file in
            let path =
                isDirectory.boolValue ? "\(url.lastPathComponent)/\(file.lastPathComponent)" : file.lastPathComponent
            return File(path: path, text: MarkedText([UInt8](try Data(contentsOf: file))))
        }
    }

    /// All fixtures in `Tests/ManifestYAMLTests/Fixtures/malformed`.
    public static func malformed() -> [ManifestFixture] {
        let folder = Repository.url("Tests/ManifestYAMLTests/Fixtures/malformed")
        let entries = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return entries.sorted { $0.lastPathComponent < $1.lastPathComponent }.compactMap {
            try? ManifestFixture(url: $0)
        }
    }

    /// The files as manifest sources, markers removed.
    public var sources: [ManifestSource] { files.map { ManifestSource(path: $0.path, bytes: $0.text.bytes) } }

    /// The diagnostics the markers and `# expect:` lines call for: `file:line:column: error: message`, in order.
    public var expected: [String] {
        var result: [(SourceLocation, String)] = []
        for file in files {
            let messages = file.text.comments("expect")
            precondition(
                messages.count == file.text.markers.count,
                "\(name)/\(file.path): \(messages.count) expect lines but \(file.text.markers.count) markers")
            for (marker, message) in zip(file.text.markers, messages) {
                result.append((SourceLocation(file: file.path, line: marker.line, column: marker.column), message))
            }
        }
        return result.sorted { $0.0 < $1.0 }.map { "\($0.0): error: \($0.1)" }
    }
}

extension Diagnostic {
    /// The first line of the compiler-style rendering: `file:line:column: error: message`.
    public var headline: String {
        (location.map { "\($0): " } ?? "") + "\(severity.rawValue): \(message)"
    }
}
