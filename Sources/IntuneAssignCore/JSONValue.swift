/// A JSON value, for the parts of an assignment that Graph types loosely (app assignment settings, schedules).
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in the order they were written; compare with `==`, which ignores order.
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(l), .bool(r)): return l == r
        case let (.int(l), .int(r)): return l == r
        case let (.double(l), .double(r)): return l == r
        case let (.int(l), .double(r)), let (.double(r), .int(l)): return Double(l) == r
        case let (.string(l), .string(r)): return l == r
        case let (.array(l), .array(r)): return l == r
        case let (.object(l), .object(r)):
            guard l.count == r.count else { return false }
            let right = Dictionary(r.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            return l.allSatisfy { right[$0.key] == $0.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(value): hasher.combine(value)
        case let .int(value): hasher.combine(Double(value))
        case let .double(value): hasher.combine(value)
        case let .string(value): hasher.combine(value)
        case let .array(values): hasher.combine(values)
        case let .object(pairs):
            // Order-independent, like `==`.
            hasher.combine(pairs.count)
            var sum = 0
            for pair in pairs {
                var inner = Hasher()
                inner.combine(pair.key)
                inner.combine(pair.value)
                sum = sum &+ inner.finalize()
            }
            hasher.combine(sum)
        }
    }

    /// The value under `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }
}
