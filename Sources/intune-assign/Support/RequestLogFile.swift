import ArgumentParser
import Foundation
import GraphSimulator
import GraphSimulatorServer

/// The request log: one JSON object per line, appended as requests are handled.
final class RequestLogFile: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    /// Opens (or creates) the log for appending.
    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CommandFailure("cannot create the request log \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CommandFailure("cannot write \(path)") }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    /// Appends one entry as a JSON line.
    func append(_ entry: GraphSimulator.LogEntry) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let line = try? encoder.encode(entry) else { return }
        lock.withLock { handle.write(line + Data("\n".utf8)) }
    }
}
