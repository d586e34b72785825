/// A configuration's object id in its canonical form (the GUID part in lower case), checked against the kind's
/// id form: never anything that could change the URL path it goes into.
public struct ConfigurationID: Hashable, Sendable, CustomStringConvertible {
    /// The id in canonical form.
    public let description: String

    /// `nil` unless `text` has the form `form` asks for.
    public init?(_ text: String, form: ConfigurationIDForm) {
        switch form {
        case .guid:
            guard let guid = GUID(text) else { return nil }
            description = guid.description
        case .guidWithSuffix:
            let guidPart = text.prefix(36)
            guard let guid = GUID(guidPart) else { return nil }
            let suffix = text.dropFirst(36)
            if suffix.isEmpty {
                description = guid.description
            } else {
                guard suffix.first == "_", suffix.count > 1,
                    suffix.dropFirst().unicodeScalars.allSatisfy({
                        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    })
                else { return nil }
                description = guid.description + suffix
            }
        case .integer:
            guard !text.isEmpty, text.count <= 10, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
                let value = Int(text)
            else { return nil }
            description = String(value)
        case .nested:
            let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let parent = GUID(parts[0]), !parts[1].isEmpty, parts[1].count <= 100,
                parts[1].unicodeScalars.allSatisfy({
                    ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                        || $0 == "_"
                })
            else { return nil }
            description = parent.description + "/" + (GUID(parts[1])?.description ?? String(parts[1]))
        }
    }

    /// The parent's id and the item's own, for an id of the nested form.
    public var nestedParts: (parent: String, item: String)? {
        let parts = description.split(separator: "/", maxSplits: 1)
        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
    }

    /// The id of a configuration whose id is a GUID.
    public init(_ guid: GUID) { description = guid.description }
}
