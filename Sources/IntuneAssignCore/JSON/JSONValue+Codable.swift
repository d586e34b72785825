/// JSON values read and written through `Codable`, so that tenant files and Graph bodies can carry free-form parts.
extension JSONValue: Codable {
    /// Any object key, for decoding objects whose keys are not known.
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        /// The key `stringValue`.
        init(stringValue: String) { self.stringValue = stringValue }
        /// Integer keys are not used.
        init?(intValue: Int) { nil }
    }

    /// Decodes any JSON value (object members sorted by key, as Codable does not keep their order).
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            self = .object(
                try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map {
                    ($0.stringValue, try object.decode(JSONValue.self, forKey: $0))
                })
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            while !array.isAtEnd { values.append(try array.decode(JSONValue.self)) }
            self = .array(values)
            return
        }
        // Strings first: most leaves are, and each failed attempt costs a thrown error.
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .int(value)
        } else {
            self = .double(try single.decode(Double.self))
        }
    }

    /// Encodes the value, object members in order.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .int(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .double(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let values):
            var array = encoder.unkeyedContainer()
            for value in values { try array.encode(value) }
        case .object(let pairs):
            var object = encoder.container(keyedBy: Key.self)
            for pair in pairs { try object.encode(pair.value, forKey: Key(stringValue: pair.key)) }
        }
    }
}

extension JSONValue {
    /// Parses JSON text (UTF-8). Numbers without a fraction or exponent become `.int`.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw JSONParser.Failure(offset: parser.index, reason: "text after the value")
        }
        return value
    }
}

/// A small JSON reader for Graph bodies, in the pure core (no Foundation): keeps object keys in order.
struct JSONParser {
    /// Where and why the text is not JSON.
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    let bytes: [UInt8]
    var index = 0
    var depth = 0

    /// A parser at the start of `bytes`.
    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Skips JSON's whitespace.
    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    /// Any value, by its first byte.
    mutating func value() throws -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw Failure(offset: index, reason: "unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    /// `true`, `false` or `null`.
    mutating func literal(_ word: String, _ value: JSONValue) throws -> JSONValue {
        let word = Array(word.utf8)
        guard index + word.count <= bytes.count, Array(bytes[index..<index + word.count]) == word else {
            throw Failure(offset: index, reason: "unexpected character")
        }
        index += word.count
        return value
    }

    /// Runs `body` one level deeper, refusing nesting past the limit (a hostile answer cannot exhaust the stack).
    mutating func nested<T>(_ body: (inout JSONParser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 512 else { throw Failure(offset: index, reason: "nested too deeply") }
        return try body(&self)
    }

    /// An object, members in the order written.
    mutating func object() throws -> JSONValue {
        try nested { parser in
            parser.index += 1
            var pairs: [(key: String, value: JSONValue)] = []
            parser.skipWhitespace()
            if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "}") {
                parser.index += 1
                return .object(pairs)
            }
            while true {
                parser.skipWhitespace()
                guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else {
                    throw Failure(offset: parser.index, reason: "expected a key")
                }
                let key = try parser.string()
                parser.skipWhitespace()
                guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: ":") else {
                    throw Failure(offset: parser.index, reason: "expected ':'")
                }
                parser.index += 1
                pairs.append((key, try parser.value()))
                if try parser.closes(with: "}") { return .object(pairs) }
            }
        }
    }

    /// An array.
    mutating func array() throws -> JSONValue {
        try nested { parser in
            parser.index += 1
            var values: [JSONValue] = []
            parser.skipWhitespace()
            if parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "]") {
                parser.index += 1
                return .array(values)
            }
            while true {
                values.append(try parser.value())
                if try parser.closes(with: "]") { return .array(values) }
            }
        }
    }

    /// After a member: `true` past the collection's closing bracket, `false` past a comma (another member follows).
    mutating func closes(with closer: Unicode.Scalar) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Failure(offset: index, reason: "unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return false
        case UInt8(ascii: closer):
            index += 1
            return true
        default:
            throw Failure(offset: index, reason: "expected ',' or '\(closer)'")
        }
    }

    /// Four hexadecimal digits of a `\u` escape.
    mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw Failure(offset: index, reason: "bad \\u escape") }
        index += 4
        return value
    }

    /// A string, escapes and surrogate pairs decoded.
    mutating func string() throws -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw Failure(offset: index, reason: "not UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Failure(offset: index, reason: "unexpected end") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else {
                        throw Failure(offset: index, reason: "bad \\u escape")
                    }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw Failure(offset: index, reason: "bad escape")
                }
            default:
                guard byte >= 0x20 else { throw Failure(offset: index, reason: "control character in a string") }
                out.append(byte)
            }
        }
        throw Failure(offset: index, reason: "unterminated string")
    }

    /// A number: an `int` when it is a whole number that fits, else a `double`.
    mutating func number() throws -> JSONValue {
        let start = index
        var isInteger = true
        while index < bytes.count {
            let byte = bytes[index]
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || byte == UInt8(ascii: "+")
            {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard !text.isEmpty, let value = Double(text) else { throw Failure(offset: start, reason: "not a value") }
        return .double(value)
    }
}
