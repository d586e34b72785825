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

extension SimulatedTenant {
    /// A tenant file for the simulator (`--simulate`, `simulator --tenant`), or the command's error saying why it
    /// cannot be used.
    static func file(_ path: String) throws -> SimulatedTenant {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CommandFailure("cannot read the tenant file \(path)")
        }
        do {
            return try SimulatedTenant.load(data)
        } catch {
            throw CommandFailure("\(path) cannot be used:\n" + error.problems.map { "  \($0)" }.joined(separator: "\n"))
        }
    }
}
