/// A Microsoft cloud: its Graph root, its sign-in host and the `.default` scope of Graph there
/// (shared/graph/limits.md §5).
public struct Cloud: Hashable, Sendable, CustomStringConvertible {
    /// The `--cloud` name.
    public let name: String
    /// The Graph root without version, e.g. `https://graph.microsoft.com`.
    public let graphRoot: String
    /// The sign-in host (`AZURE_AUTHORITY_HOST` overrides it).
    public let authorityHost: String
    /// The resource tokens are asked for: the cloud's own Graph, whatever `--graph-url` points at (a proxy in front
    /// of Graph is not a resource Entra knows). Only a loopback root (the simulator) is its own resource.
    public let resource: String

    /// The scope an app-only token is asked for: the resource's `.default`.
    public var scope: String { resource + "/.default" }

    /// A cloud from its parts; the resource is the Graph root unless given.
    init(name: String, graphRoot: String, authorityHost: String, resource: String? = nil) {
        self.name = name
        self.graphRoot = graphRoot
        self.authorityHost = authorityHost
        self.resource = resource ?? graphRoot
    }
    /// The cloud's name (`global`, `usgov`, ...).
    public var description: String { name }

    /// Microsoft's global cloud.
    public static let global = Cloud(
        name: "global", graphRoot: "https://graph.microsoft.com", authorityHost: "https://login.microsoftonline.com")
    /// US Government L4 (GCC High).
    public static let usGov = Cloud(
        name: "usgov", graphRoot: "https://graph.microsoft.us", authorityHost: "https://login.microsoftonline.us")
    /// US Government L5 (DoD).
    public static let usGovDoD = Cloud(
        name: "usgov-dod", graphRoot: "https://dod-graph.microsoft.us",
        authorityHost: "https://login.microsoftonline.us")
    /// China, operated by 21Vianet.
    public static let china = Cloud(
        name: "china", graphRoot: "https://microsoftgraph.chinacloudapi.cn",
        authorityHost: "https://login.chinacloudapi.cn")

    /// Every cloud, for `--cloud`.
    public static let all: [Cloud] = [.global, .usGov, .usGovDoD, .china]

    /// The cloud with this name.
    public static func named(_ name: String) -> Cloud? { all.first { $0.name == name } }

    /// This cloud with another Graph root (`--graph-url`) and/or sign-in host (`AZURE_AUTHORITY_HOST`). The resource
    /// (and so the scope) stays the cloud's own, unless the new root is on loopback: the simulator issues tokens for
    /// itself. Plain `http://` is accepted only for loopback.
    public func overriding(graphRoot root: String? = nil, authorityHost host: String? = nil) throws(GraphError) -> Cloud
    {
        for url in [root, host].compactMap({ $0 }) {
            if case .failure(let refusal) = URLPolicy.origin(of: url) {
                throw GraphError.configuration(refusal.description)
            }
        }
        /// A URL without its trailing slash.
        func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
        let newRoot = root.map(trimmed) ?? graphRoot
        let loopback =
            root.flatMap { try? URLPolicy.origin(of: $0).get() }.map { URLPolicy.isLoopback($0.host) } ?? false
        return Cloud(
            name: name, graphRoot: newRoot, authorityHost: host.map(trimmed) ?? authorityHost,
            resource: loopback ? newRoot : resource)
    }
}
