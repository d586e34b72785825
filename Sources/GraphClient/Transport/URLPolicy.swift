import Foundation

/// The scheme, host and port a URL points at: what decides where a request, and the token with it, goes.
public struct Origin: Hashable, Sendable, CustomStringConvertible {
    /// `https` or `http`, in lower case.
    public var scheme: String
    /// The host in lower case, without brackets for IPv6.
    public var host: String
    /// The port, the scheme's default when the URL gives none.
    public var port: Int

    /// `https://graph.microsoft.com:443`.
    public var description: String {
        "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}

/// The one URL policy: where intune-assign sends requests that carry a token or a secret. A URL is parsed with
/// Foundation's RFC 3986 parser (never by string prefix), so that `http://127.0.0.1:1@evil.example` is seen for
/// what it is: userinfo in front of another host.
///
/// - https anywhere; plain http only to a loopback host (127.0.0.1, ::1, localhost);
/// - no userinfo (`user:password@`) anywhere;
/// - a link Graph hands back (`@odata.nextLink`) is followed only to the Graph root's own origin.
public enum URLPolicy {
    /// The origin of `url` if requests may go there; otherwise why not, in words for an error message.
    public static func origin(of url: String) -> Result<Origin, URLRefusal> {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
            let rawHost = parts.host, !rawHost.isEmpty
        else { return .failure(URLRefusal("\(printable(url)) is not an absolute URL")) }
        guard parts.user == nil, parts.password == nil, !(parts.percentEncodedHost ?? "").contains("@") else {
            return .failure(URLRefusal("\(printable(url)) carries a user name or password before its host; remove it"))
        }
        let host = rawHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let origin: Origin
        switch scheme {
        case "https": origin = Origin(scheme: scheme, host: host, port: parts.port ?? 443)
        case "http": origin = Origin(scheme: scheme, host: host, port: parts.port ?? 80)
        default: return .failure(URLRefusal("\(printable(url)) is not an https:// URL"))
        }
        guard scheme == "https" || isLoopback(host) else {
            return .failure(
                URLRefusal(
                    "\(printable(url)) is not an https:// URL (plain http:// is allowed only for 127.0.0.1, ::1 and "
                        + "localhost)"))
        }
        return .success(origin)
    }

    /// The Azure instance metadata service's link-local address: the one plain-http host besides loopback, and only
    /// for a managed identity's token request (`managedIdentityOrigin`).
    public static let instanceMetadataHost = "169.254.169.254"

    /// The origin of a managed-identity token endpoint: what `origin(of:)` allows, and plain http to the instance
    /// metadata address. Nothing else is sent there, and no Graph token ever goes there.
    public static func managedIdentityOrigin(of url: String) -> Result<Origin, URLRefusal> {
        if let parts = URLComponents(string: url), parts.scheme?.lowercased() == "http",
            parts.host == instanceMetadataHost, parts.user == nil, parts.password == nil
        {
            return .success(Origin(scheme: "http", host: instanceMetadataHost, port: parts.port ?? 80))
        }
        return origin(of: url)
    }

    /// Whether a host is this machine's loopback.
    static func isLoopback(_ host: String) -> Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }

    /// A URL for a message: at most 200 characters, control characters shown as `?`.
    static func printable(_ url: String) -> String {
        let cleaned = String(url.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return cleaned.count > 200 ? String(cleaned.prefix(200)) + "…" : cleaned
    }
}

/// Why a URL is refused.
public struct URLRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reason, naming the URL.
    public let description: String

    /// A refusal saying `description`.
    public init(_ description: String) { self.description = description }
}
