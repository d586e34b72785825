import Foundation
public import GraphClient

/// A transport made of a closure: tests answer requests however they like.
public struct ClosureTransport: HTTPTransport {
    private let answer: @Sendable (HTTPRequest) async throws -> HTTPResponse

    /// A transport that answers with `answer`.
    public init(_ answer: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) { self.answer = answer }

    /// What `answer` makes of the request.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse { try await answer(request) }
}

/// Wraps another transport and keeps every request and what came of it, in order.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    /// One request and what came of it.
    public struct Exchange: Sendable {
        /// The request.
        public let request: HTTPRequest
        /// `nil` when the transport threw.
        public let response: HTTPResponse?
    }

    private let inner: any HTTPTransport
    private let lock = NSLock()
    private var recorded: [Exchange] = []

    /// A recorder in front of `inner`.
    public init(_ inner: any HTTPTransport) { self.inner = inner }

    /// Every exchange so far, in order.
    public var exchanges: [Exchange] { lock.withLock { recorded } }

    /// Passes the request on and records it.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            let response = try await inner.send(request)
            lock.withLock { recorded.append(Exchange(request: request, response: response)) }
            return response
        } catch {
            lock.withLock { recorded.append(Exchange(request: request, response: nil)) }
            throw error
        }
    }
}
