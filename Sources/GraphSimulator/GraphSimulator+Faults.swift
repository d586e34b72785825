import Foundation
public import GraphClient
import IntuneAssignCore

extension GraphSimulator {
    /// A failure to inject: the next `count` requests whose `METHOD /path?query` contains `pattern` fail (a pattern
    /// ending in `$` must end where the path ends: `/assign$` is not `/assignments`).
    public struct Fault: Hashable, Sendable {
        /// Whether the fault hits a request written as `METHOD /path` with this (decoded) query.
        func matches(_ request: String, query: String) -> Bool {
            guard pattern.hasSuffix("$") else {
                return (query.isEmpty ? request : request + "?" + query).contains(pattern)
            }
            let anchored = String(pattern.dropLast())
            guard let range = request.range(of: anchored, options: .backwards) else { return false }
            return range.upperBound == request.endIndex
        }

        /// What a fault does to the request it hits.
        public enum Action: Hashable, Sendable {
            case status(Int)
            /// The connection closes without a response.
            case dropConnection
        }

        /// Text the request's `METHOD /path?query` must contain (`$` anchors it at the end).
        public var pattern: String
        /// How many matching requests it hits.
        public var count: Int
        /// What it does to them.
        public var action: Action

        /// A fault that hits the next `count` requests matching `pattern`.
        public init(_ pattern: String, count: Int = 1, _ action: Action) {
            self.pattern = pattern
            self.count = count
            self.action = action
        }

        /// A fault as the simulator's `--fault` writes it: `PATTERN=STATUS` or `PATTERN=drop`, optionally followed
        /// by `xCOUNT` (`GET /groups=503x2`, `POST /$batch=drop`); `nil` for anything else.
        public init?(argument text: String) {
            guard let equals = text.lastIndex(of: "=") else { return nil }
            let pattern = String(text[..<equals])
            var action = Substring(text[text.index(after: equals)...])
            var count = 1
            if let times = action.lastIndex(of: "x"), let parsed = Int(action[action.index(after: times)...]),
                parsed > 0
            {
                count = parsed
                action = action[..<times]
            }
            guard !pattern.isEmpty else { return nil }
            if action == "drop" {
                self.init(pattern, count: count, .dropConnection)
                return
            }
            guard let status = Int(action), (100...599).contains(status) else { return nil }
            self.init(pattern, count: count, .status(status))
        }
    }

    /// What became of a request.
    public enum Outcome: Hashable, Sendable {
        case response(HTTPResponse)
        case dropConnection
    }
}
