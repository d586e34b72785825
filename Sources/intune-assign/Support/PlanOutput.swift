import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import ManifestYAML
import PlanRendering

/// Saving a plan file.
enum PlanOutput {
    /// Writes the plan file next to its final place and renames it there, so that a plan file is always whole.
    static func save(_ plan: Plan, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CommandFailure("cannot create \(temporary.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try PlanFile.write(plan) { try handle.write(contentsOf: Data($0.utf8)) }
            try handle.write(contentsOf: Data("\n".utf8))
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else { throw CommandFailure(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
