public import Foundation
public import Testing

/// Golden files: expected outputs kept in `Tests/Golden`, compared byte for byte. Re-record on purpose with
/// INTUNE_ASSIGN_RECORD_GOLDEN=1; a test that records also fails, so that a recording never passes by itself.
public enum Golden {
    /// Whether this run re-records golden files instead of comparing with them.
    public static let recording = ProcessInfo.processInfo.environment["INTUNE_ASSIGN_RECORD_GOLDEN"] == "1"

    /// Where the golden file or folder `name` is.
    public static func url(_ name: String) -> URL { Repository.url("Tests/Golden/\(name)") }

    /// The text of golden file `name`.
    public static func text(_ name: String) throws -> String { try String(contentsOf: url(name), encoding: .utf8) }

    /// Compares `actual` with golden file `name`, naming the first line that differs.
    public static func assert(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let url = url(name)
        if recording {
            try Data(actual.utf8).write(to: url)
            Issue.record(
                "re-recorded \(name); run again without INTUNE_ASSIGN_RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record(
                """
                \(name) differs from the golden file at line \(line + 1):
                  expected: \(line < e.count ? String(e[line]) : "<end>")
                  actual:   \(line < a.count ? String(a[line]) : "<end>")
                """, sourceLocation: sourceLocation)
        }
    }

    /// Compares files (name → text) with golden folder `folder`: the same names and, file by file, the same bytes.
    public static func assertFolder(
        _ files: [String: String], _ folder: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let golden = url(folder)
        if recording {
            try? FileManager.default.removeItem(at: golden)
            try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: golden.appendingPathComponent(name)) }
            Issue.record(
                "re-recorded \(folder); run again without INTUNE_ASSIGN_RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try FileManager.default.contentsOfDirectory(atPath: golden.path).sorted()
        #expect(files.keys.sorted() == expected, sourceLocation: sourceLocation)
        for name in expected {
            let text = try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8)
            #expect(
                files[name] == text, "\(folder)/\(name) differs from the golden file", sourceLocation: sourceLocation)
        }
    }
}
