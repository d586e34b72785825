/// How a manifest names a configuration: by id, or by its exact display name.
public enum ConfigurationReference: Hashable, Sendable, CustomStringConvertible {
    case id(ConfigurationID)
    case name(String)

    /// `id …` or `name "…"`, for messages.
    public var description: String {
        switch self {
        case .id(let id): "id \(id)"
        case .name(let name): "name \"\(name)\""
        }
    }
}
