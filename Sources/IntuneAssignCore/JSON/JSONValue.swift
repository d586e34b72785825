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

    /// Equal values: objects compare their members in order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let l), .bool(let r)): return l == r
        case (.int(let l), .int(let r)): return l == r
        case (.double(let l), .double(let r)): return l == r
        case (.int(let l), .double(let r)), (.double(let r), .int(let l)): return Double(l) == r
        case (.string(let l), .string(let r)): return l == r
        case (.array(let l), .array(let r)): return l == r
        case (.object(let l), .object(let r)):
            guard l.count == r.count else { return false }
            let right = Dictionary(r.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            return l.allSatisfy { right[$0.key] == $0.value }
        default: return false
        }
    }

    /// Hashes the value, members in order.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .int(let value): hasher.combine(Double(value))
        case .double(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .array(let values): hasher.combine(values)
        case .object(let pairs):
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
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, if this is one.
    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }
}

extension JSONValue {
    /// The value without `null` members in any object (array elements are kept).
    public func droppingNulls() -> JSONValue {
        switch self {
        case .object(let pairs): .object(pairs.filter { $0.value != .null }.map { ($0.key, $0.value.droppingNulls()) })
        case .array(let values): .array(values.map { $0.droppingNulls() })
        default: self
        }
    }

    /// Every `@odata.type` string with a leading `#` (Graph accepts and answers both spellings).
    public func withHashedODataTypes() -> JSONValue {
        switch self {
        case .object(let pairs):
            .object(
                pairs.map { pair in
                    if pair.key == "@odata.type", let text = pair.value.stringValue, !text.hasPrefix("#") {
                        return (pair.key, .string("#" + text))
                    }
                    return (pair.key, pair.value.withHashedODataTypes())
                })
        case .array(let values): .array(values.map { $0.withHashedODataTypes() })
        default: self
        }
    }

    /// Compact JSON with the keys of every object sorted: the same text for values that are `==`, whatever order
    /// their keys came in. What fingerprints are computed over.
    public var canonicalText: String { sortingKeys().serialized() }

    /// The value with every object's members sorted by key (byte order), for canonical text.
    public func sortingKeys() -> JSONValue {
        switch self {
        case .object(let pairs):
            .object(
                pairs.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map {
                    ($0.key, $0.value.sortingKeys())
                })
        case .array(let values): .array(values.map { $0.sortingKeys() })
        default: self
        }
    }

    /// JSON text: keys in their order, two-space indentation when `pretty`, `/` not escaped.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, indent: pretty ? 0 : nil)
        return out
    }

    /// Pretty JSON text as it appears `level` levels deep in an enclosing value (inner lines indented to match,
    /// the first line not), for writing a large document piece by piece.
    public func serialized(prettyAtLevel level: Int) -> String {
        var out = ""
        write(into: &out, indent: level)
        return out
    }

    /// Appends the value's JSON, pretty-printed when `indent` is given.
    private func write(into out: inout String, indent: Int?) {
        let newline = indent != nil ? "\n" : ""
        let pad = { (level: Int) in String(repeating: "  ", count: level) }
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value):
            if !value.isFinite {
                out += "null"
            } else if abs(value) < 1e15, let whole = Int(exactly: value) {
                out += String(whole)
            } else {
                out += "\(value)"
            }
        case .string(let value): JSONValue.quote(value, into: &out)
        case .array(let values):
            guard !values.isEmpty else {
                out += "[]"
                return
            }
            out += "[" + newline
            for (index, value) in values.enumerated() {
                if let indent { out += pad(indent + 1) }
                value.write(into: &out, indent: indent.map { $0 + 1 })
                out += (index < values.count - 1 ? "," : "") + newline
            }
            if let indent { out += pad(indent) }
            out += "]"
        case .object(let pairs):
            guard !pairs.isEmpty else {
                out += "{}"
                return
            }
            out += "{" + newline
            for (index, pair) in pairs.enumerated() {
                if let indent { out += pad(indent + 1) }
                JSONValue.quote(pair.key, into: &out)
                out += indent != nil ? ": " : ":"
                pair.value.write(into: &out, indent: indent.map { $0 + 1 })
                out += (index < pairs.count - 1 ? "," : "") + newline
            }
            if let indent { out += pad(indent) }
            out += "}"
        }
    }

    /// Appends a JSON string literal, escaping what JSON requires and every character `Printable` calls hidden
    /// (line and paragraph separators, bidi controls, zero-width characters), so that JSON we write shows no raw
    /// control or format character wherever it is printed.
    private static func quote(_ text: String, into out: inout String) {
        /// `\uXXXX` of one UTF-16 code unit.
        func escape(_ unit: UInt16) {
            let hex = String(unit, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        out += "\""
        // Most strings are printable ASCII without a quote or backslash: they go as they are.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where Printable.isHidden(c):
                for unit in String(c).utf16 { escape(unit) }
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// A JSON string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A JSON integer.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A JSON boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A JSON array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A JSON object, members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements.map { ($0.0, $0.1) }) }
}
