import Foundation
public import GraphClient

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A plain HTTP client over loopback for the tests (URLSession): the real network path to the simulator server.
/// The product's own HTTPS transport is the Graph client's (issue 4).
public struct LoopbackTransport: HTTPTransport {
    /// A transport with its own ephemeral URL session.
    public init() {}

    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        // URLSession on Linux reports a connection closed without a reply only when this runs out (measured: it
        // waited the full 30 s default), so the dropped-connection tests wait this long in loopback mode.
        configuration.timeoutIntervalForRequest = 5
        return URLSession(configuration: configuration)
    }()

    /// Sends one request over loopback.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let url = URL(string: request.url) else {
            throw TransportError(.connectionFailed, "bad URL \(request.url)")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else { throw TransportError(.connectionFailed, "not HTTP") }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: [UInt8](data))
        } catch let error as URLError {
            throw TransportError(.connectionDropped, "\(error.code): \(error.localizedDescription)")
        }
    }
}
