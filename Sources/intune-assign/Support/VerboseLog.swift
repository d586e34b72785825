import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import ManifestYAML
import PlanRendering

/// `--verbose`: one line per Graph request on stderr.
enum VerboseLog {
    /// Prints one request: method, path, status and time.
    @Sendable static func record(_ record: GraphSession.RequestRecord) {
        let status = record.status.map(String.init) ?? "no answer"
        Terminal.err("graph: \(record.method) \(record.path) \(status) \(Int((record.seconds * 1000).rounded())) ms\n")
    }
}
