import Foundation
import GraphClient
import IntuneAssignCore

extension GraphSimulator {
    /// One line of the request log.
    public struct LogEntry: Codable, Hashable, Sendable {
        /// The request's method.
        public var method: String
        /// The request's path (with its query).
        public var path: String
        /// The status answered (0 for a dropped connection).
        public var status: Int
        /// How long the simulator took, in milliseconds.
        public var durationMs: Double
        /// Set for the requests inside a `$batch`: the batch's request id.
        public var batch: String?
    }
}
