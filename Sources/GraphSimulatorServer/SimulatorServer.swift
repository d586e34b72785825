import GraphClient
public import GraphSimulator
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// The simulator as an HTTP/1.1 server on 127.0.0.1. Every request goes to `GraphSimulator.handle`, the same
/// code the in-process transport calls; this type only moves bytes.
public final class SimulatorServer: Sendable {
    /// The largest request body served (4 MiB: a `$batch` of twenty full assignment sets is far smaller); a larger
    /// one is answered 413 and the connection closed, so that one client cannot fill the simulator's memory.
    public static let maximumBody = 4 << 20
    /// A connection that sends nothing for this long is closed.
    static let idleTimeout = TimeAmount.seconds(30)

    /// The simulator behind the server, to inspect or fault in tests.
    public let simulator: GraphSimulator
    /// `http://127.0.0.1:PORT`: the Graph root (and sign-in host) to give intune-assign.
    public let url: String
    private let channel: any Channel

    /// A server bound to `channel`, serving `simulator` at `url`.
    private init(simulator: GraphSimulator, url: String, channel: any Channel) {
        self.simulator = simulator
        self.url = url
        self.channel = channel
    }

    /// Binds 127.0.0.1:`port` (0 picks a free port), then makes the simulator with that URL as its Graph root.
    public static func start(
        port: Int = 0, makeSimulator: @escaping @Sendable (_ url: String) -> GraphSimulator
    ) async throws -> SimulatorServer {
        let (simulator, url, channel) = try await bind(port: port, makeSimulator)
        return SimulatorServer(simulator: simulator, url: url, channel: channel)
    }

    /// Binds 127.0.0.1:`port`, then makes what it serves with that URL as its Graph root.
    static func bind<Endpoint: SimulatorEndpoint>(
        port: Int, _ make: @escaping @Sendable (_ url: String) -> Endpoint
    ) async throws -> (Endpoint, String, any Channel) {
        let box = SimulatorBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // No pipelining assistance: it would hold back the close that simulates a dropped connection.
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
                    try channel.pipeline.syncOperations.addHandler(SimulatorHTTPHandler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        let url = "http://127.0.0.1:\(channel.localAddress?.port ?? port)"
        let endpoint = make(url)
        box.set(endpoint, origin: url)
        return (endpoint, url, channel)
    }

    /// Stops accepting connections and closes the listening socket.
    public func stop() async throws {
        try await channel.close()
    }

    /// Waits until the server is stopped.
    public func wait() async throws {
        try await channel.closeFuture.get()
    }
}

/// A fleet of simulated tenants at one loopback address: each sign-in goes to the tenant its path names, each
/// Graph request to the tenant its token was issued for (`SimulatedFleet`).
public final class FleetSimulatorServer: Sendable {
    /// The tenants behind the server.
    public let fleet: SimulatedFleet
    /// `http://127.0.0.1:PORT`: the Graph root and sign-in host of every tenant.
    public let url: String
    private let channel: any Channel

    /// Binds 127.0.0.1:`port` (0 picks a free port), then makes the fleet with that URL as its Graph root.
    public static func start(
        port: Int = 0, makeFleet: @escaping @Sendable (_ url: String) -> SimulatedFleet
    ) async throws -> FleetSimulatorServer {
        let (fleet, url, channel) = try await SimulatorServer.bind(port: port, makeFleet)
        return FleetSimulatorServer(fleet: fleet, url: url, channel: channel)
    }

    private init(fleet: SimulatedFleet, url: String, channel: any Channel) {
        self.fleet = fleet
        self.url = url
        self.channel = channel
    }

    /// Stops accepting connections and closes the listening socket.
    public func stop() async throws { try await channel.close() }

    /// Waits until the server is stopped.
    public func wait() async throws { try await channel.closeFuture.get() }
}

/// Hands the simulator, made after binding, to the connection handlers.
private final class SimulatorBox: @unchecked Sendable {
    private let lock = NIOLock()
    private var simulator: (any SimulatorEndpoint)?
    private var origin = ""

    /// Sets the simulator once the server knows its own address.
    func set(_ simulator: any SimulatorEndpoint, origin: String) {
        lock.withLock {
            self.simulator = simulator
            self.origin = origin
        }
    }

    var current: (any SimulatorEndpoint, String)? {
        lock.withLock { simulator.map { ($0, origin) } }
    }
}

/// One connection: gathers a request, asks the simulator, writes the answer (after the configured latency), or
/// closes the connection when the simulator drops it.
private final class SimulatorHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// HTTP/1 request parts in.
    typealias InboundIn = HTTPServerRequestPart
    /// HTTP/1 response parts out.
    typealias OutboundOut = HTTPServerResponsePart

    private let box: SimulatorBox
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    /// A handler that serves the simulator in `box`.
    init(box: SimulatorBox) { self.box = box }

    /// Gathers a request's head and body, then answers it once the end arrives.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(var buffer):
            guard head != nil else { return }
            guard body.count + buffer.readableBytes <= SimulatorServer.maximumBody else {
                refuseLargeBody(context)
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head, let (simulator, origin) = box.current else {
                context.close(promise: nil)
                return
            }
            // Only requests addressed to this server by its own loopback name: a browser tricked by DNS rebinding
            // sends another host name, and gets no answer from the tenant.
            guard Self.isOwnHost(head.headers.first(name: "host"), origin: origin) else {
                refuse(
                    context, .misdirectedRequest, code: "MisdirectedRequest", "The Host header names another server.")
                return
            }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let request = HTTPRequest(
                method: head.method.rawValue, url: origin + head.uri, headers: headers, body: body)
            let outcome = simulator.handle(request)
            let keepAlive = head.isKeepAlive
            let latency = simulator.latency
            let loop = context.eventLoop.assumeIsolated()
            let answer = { [self] in self.answer(outcome, keepAlive: keepAlive, version: head.version, context: context)
            }
            if latency > .zero {
                let nanoseconds =
                    latency.components.seconds * 1_000_000_000 + latency.components.attoseconds / 1_000_000_000
                loop.scheduleTask(in: .nanoseconds(nanoseconds)) { answer() }
            } else {
                answer()
            }
            self.head = nil
        }
    }

    /// Whether a `Host` header names this server: `127.0.0.1:PORT` or `localhost:PORT` of its own origin.
    static func isOwnHost(_ host: String?, origin: String) -> Bool {
        guard let host, let colon = origin.lastIndex(of: ":") else { return false }
        let port = origin[origin.index(after: colon)...]
        return ["127.0.0.1:\(port)", "localhost:\(port)"].contains(host.lowercased())
    }

    /// 413 for a body over `maximumBody`, then the connection is closed (the rest of the body is not read).
    private func refuseLargeBody(_ context: ChannelHandlerContext) {
        refuse(context, .payloadTooLarge, code: "RequestEntityTooLarge", "The body is too large.")
    }

    /// Answers `status` with a Graph-shaped error, then closes the connection (the rest of the request is not read).
    private func refuse(_ context: ChannelHandlerContext, _ status: HTTPResponseStatus, code: String, _ text: String) {
        let version = head?.version ?? .http1_1
        head = nil
        body = []
        let message = Array(#"{"error":{"code":"\#(code)","message":"\#(text)"}}"#.utf8)
        var headers = HTTPHeaders([("content-type", "application/json"), ("connection", "close")])
        headers.add(name: "content-length", value: String(message.count))
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))),
            promise: nil)
        context.write(
            wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: message)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Closes a connection that has been idle too long.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Closes a connection that sent what is not HTTP (a TLS handshake, garbage) instead of waiting for more.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Writes the simulator's answer, or closes the connection for a dropped one.
    private func answer(
        _ outcome: GraphSimulator.Outcome, keepAlive: Bool, version: HTTPVersion, context: ChannelHandlerContext
    ) {
        guard case .response(let response) = outcome else {
            context.close(promise: nil)
            return
        }
        var headers = HTTPHeaders(response.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        if !keepAlive { headers.replaceOrAdd(name: "connection", value: "close") }
        let responseHead = HTTPResponseHead(
            version: version, status: HTTPResponseStatus(statusCode: response.status),
            headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if !response.body.isEmpty {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))),
                promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
