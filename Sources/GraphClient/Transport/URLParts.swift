/// Splits an absolute or relative URL into scheme-and-authority, path and query, without Foundation.
public struct URLParts: Hashable, Sendable {
    /// `https://graph.microsoft.com`, or "" for a relative URL.
    public var origin: String
    /// The path, from its `/`, without the query.
    public var path: String
    /// The query, without its `?`.
    public var query: String

    /// The parts of `url`.
    public init(_ url: String) {
        var rest = Substring(url)
        origin = ""
        if let scheme = rest.firstRange(of: "://") {
            let afterScheme = rest[scheme.upperBound...]
            let pathStart = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
            origin = String(rest[..<pathStart])
            rest = rest[pathStart...]
        }
        if let mark = rest.firstIndex(of: "?") {
            path = String(rest[..<mark])
            query = String(rest[rest.index(after: mark)...])
        } else {
            path = String(rest)
            query = ""
        }
        if path.isEmpty { path = "/" }
    }
}
