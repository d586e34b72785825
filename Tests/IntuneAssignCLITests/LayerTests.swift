import Foundation
import TestSupport
import Testing

/// The layers of DESIGN.md §1, checked on the source tree: each target imports only the targets below it, and no
/// source file grows past what a reader can hold.
@Suite struct LayerTests {
    /// For each target, the targets of this package it may import.
    static let allowed: [String: Set<String>] = [
        "CYAML": [],
        "IntuneAssignCore": [],
        "ManifestYAML": ["CYAML", "IntuneAssignCore"],
        "PlanRendering": ["IntuneAssignCore"],
        "GraphClient": ["IntuneAssignCore"],
        "IntuneAssignOperations": ["IntuneAssignCore", "GraphClient"],
        "GraphHTTP": ["GraphClient"],
        "GraphSimulator": ["IntuneAssignCore", "GraphClient"],
        "GraphSimulatorServer": ["GraphSimulator", "GraphClient"],
        "intune-assign": [
            "IntuneAssignCore", "ManifestYAML", "PlanRendering", "GraphClient", "IntuneAssignOperations", "GraphHTTP",
            "GraphSimulator", "GraphSimulatorServer",
        ],
        "manifest-bench": ["IntuneAssignCore", "ManifestYAML"],
        "manifest-fuzz": ["IntuneAssignCore", "ManifestYAML"],
    ]

    /// Every Swift file of each target under Sources, by target.
    static func sources() throws -> [String: [URL]] {
        let root = Repository.url("Sources")
        var result: [String: [URL]] = [:]
        for target in try FileManager.default.contentsOfDirectory(atPath: root.path) {
            result[target] = Repository.files(under: "Sources/\(target)", extensions: [".swift"])
        }
        return result
    }

    @Test func everyTargetImportsOnlyTheLayersBelowIt() throws {
        let targets = try Self.sources()
        #expect(Set(targets.keys) == Set(Self.allowed.keys), "a new target needs its row in the table")
        for (target, files) in targets {
            for file in files {
                let text = try String(contentsOf: file, encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ").map(String.init)
                    guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                        words[..<index].allSatisfy({ ["public", "internal", "package", "@testable"].contains($0) })
                    else { continue }
                    let module = words[index + 1]
                    guard targets.keys.contains(module) else { continue }
                    #expect(
                        Self.allowed[target, default: []].contains(module),
                        "\(file.lastPathComponent) in \(target) imports \(module), a layer it may not use")
                }
            }
        }
    }

    @Test func noSourceOrTestFileIsOverFourHundredLines() throws {
        let tests = Repository.files(under: "Tests", extensions: [".swift"])
        #expect(tests.count > 50)
        for files in try Self.sources().values + [tests] {
            for file in files {
                let lines = try String(contentsOf: file, encoding: .utf8).split(
                    separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.count <= 401, "\(file.path) has \(lines.count - 1) lines; split it by concept")
            }
        }
    }
}
