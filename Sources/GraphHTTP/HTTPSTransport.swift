import AsyncHTTPClient
public import GraphClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// The real transport: AsyncHTTPClient over HTTPS (plain HTTP only reaches loopback; `Cloud` refuses other http
/// URLs). Redirects are not followed, so a bearer token never travels to another host; bodies are capped at 64 MiB.
///
/// Chosen over Foundation's URLSession because on Linux URLSession reported a connection closed without a reply
/// only when its request timeout ran out (30 s by default), where this reports it at once; and a URLSession
/// binary needs libcurl and some 30 more libraries at run time.
public struct HTTPSTransport: HTTPTransport {
    /// One client for the life of the process (AsyncHTTPClient requires a shutdown before a client goes away).
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(15), read: .seconds(120)))
        // A failed connection comes back at once: the session's retry machine decides what to try again (and a
        // failed TLS handshake is final), instead of the pool retrying a bad certificate until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    private let timeout: TimeAmount

    /// A transport whose requests give up after `timeout`.
    public init(timeout: Duration = .seconds(180)) {
        self.timeout = .nanoseconds(
            timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
    }

    /// A TLS failure, naming the host and what TLS said: final, as retrying cannot make a certificate trusted.
    static func untrusted(_ request: GraphClient.HTTPRequest, _ error: any Error) -> TransportError {
        TransportError(
            .untrusted,
            "TLS with \(URLParts(request.url).origin) failed, so nothing was sent: \(error) (check the URL, and that the "
                + "host's certificate is valid and trusted on this machine)")
    }

    /// Sends one request over HTTPS (or plain HTTP to loopback), with its body and headers as given.
    public func send(_ request: GraphClient.HTTPRequest) async throws -> GraphClient.HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method.uppercased())
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        do {
            let response = try await Self.client.execute(outgoing, timeout: timeout)
            let body = try await response.body.collect(upTo: 64 << 20)
            var headers: [String: String] = [:]
            for (name, value) in response.headers { headers[name.lowercased()] = value }
            return GraphClient.HTTPResponse(
                status: Int(response.status.code), headers: headers, body: Array(body.readableBytesView))
        } catch let error as HTTPClientError {
            // Method and host only: URLs can carry names in their queries, never secrets, but keep it short.
            throw TransportError(
                error == .connectTimeout || error == .remoteConnectionClosed ? .connectionDropped : .connectionFailed,
                "\(request.method) \(URLParts(request.url).origin): \(error)")
        } catch let error as TransportError {
            throw error
        } catch let error as NIOSSLError {
            throw Self.untrusted(request, error)
        } catch let error as BoringSSLError {
            throw Self.untrusted(request, error)
        } catch {
            throw TransportError(.connectionDropped, "\(request.method) \(URLParts(request.url).origin): \(error)")
        }
    }
}
