import Foundation
public import GraphClient

/// A transport made of a closure: tests answer requests however they like.
public struct ClosureTransport: HTTPTransport {
    private let answer: @Sendable (HTTPRequest) async throws -> HTTPResponse

    public init(_ answer: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) { self.answer = answer }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse { try await answer(request) }
}

/// Wraps another transport and keeps every request and what came of it, in order.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    public struct Exchange: Sendable {
        public let request: HTTPRequest
        /// `nil` when the transport threw.
        public let response: HTTPResponse?
    }

    private let inner: any HTTPTransport
    private let lock = NSLock()
    private var recorded: [Exchange] = []

    public init(_ inner: any HTTPTransport) { self.inner = inner }

    public var exchanges: [Exchange] { lock.withLock { recorded } }

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
