import IntuneAssignCore

/// Reading scalars as YAML 1.2's core schema does, and naming nodes in messages.
extension ManifestDecoder {
    /// A scalar as YAML 1.2's core schema reads it (the schema yaml-language-server applies too).
    enum Scalar {
        case null
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
    }

    /// A scalar node's value as YAML's core schema reads it; `nil` for a collection.
    func scalar(_ node: Node) -> Scalar? {
        guard document.kind(node) == .scalar else { return nil }
        if document.tag(node) == .none, !document.isQuoted(node) {
            // Decide from the bytes first: only what might be a number needs a closer look.
            switch document.withBytes(node, Self.plainClass) {
            case .string: return .string(document.string(node))
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .maybeNumber: break
            }
        }
        let text = document.string(node)
        switch document.tag(node) {
        case .string, .nonSpecific: return .string(text)
        case .null: return .null
        case .boolean: return Self.bool(text).map(Scalar.bool) ?? .string(text)
        case .integer: return Self.int(text).map(Scalar.int) ?? .string(text)
        case .float: return Double(text).map(Scalar.float) ?? .string(text)
        case .none, .mapping, .sequence, .other: break
        }
        if document.isQuoted(node) { return .string(text) }
        if Self.isNull(text) { return .null }
        if let value = Self.bool(text) { return .bool(value) }
        if let value = Self.int(text) { return .int(value) }
        if Self.looksLikeFloat(text), let value = Self.float(text) { return .float(value) }
        return .string(text)
    }

    /// What the bytes of a plain scalar already tell.
    enum PlainClass {
        case string, null
        case bool(Bool)
        case maybeNumber
    }

    /// What a plain scalar is, from its bytes, for everything but numbers.
    static func plainClass(_ bytes: UnsafeBufferPointer<UInt8>) -> PlainClass {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return .maybeNumber
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"):
            guard bytes.count <= 5 else { return .string }
            for (word, value) in specialWords where word.count == bytes.count && word.elementsEqual(bytes) {
                return value
            }
            return .string
        default:
            return .string
        }
    }

    static let specialWords: [([UInt8], PlainClass)] = {
        let words: [(String, PlainClass)] = [
            ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("true", .bool(true)),
            ("True", .bool(true)), ("TRUE", .bool(true)), ("false", .bool(false)), ("False", .bool(false)),
            ("FALSE", .bool(false)),
        ]
        return words.map { (Array($0.0.utf8), $0.1) }
    }()

    /// Empty or only white space (checked on scalars: most texts end the check at their first byte).
    static func isBlank(_ text: String) -> Bool {
        // Most text starts with a visible ASCII character: that settles it without Unicode's property tables.
        if let first = text.utf8.first, first > 0x20, first < 0x7F { return false }
        return text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    /// Whether plain text is YAML's null (`~`, `null`, `Null`, `NULL` or nothing).
    static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    /// Plain text as a core-schema boolean.
    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// Plain text as a core-schema integer (decimal, `0o` octal or `0x` hexadecimal).
    static func int(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        guard let first = text.unicodeScalars.first, first == "-" || first == "+" || ("0"..."9").contains(first)
        else { return nil }
        return Int(text)
    }

    /// Whether plain text has the core schema's float form.
    static func looksLikeFloat(_ text: String) -> Bool {
        if [".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"].contains(text) { return true }
        var sawDigit = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9": sawDigit = true
            case ".", "e", "E", "+", "-": continue
            default: return false
            }
        }
        return sawDigit
    }

    /// Plain text as a core-schema float, `.inf` and `.nan` included.
    static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf": .infinity
        case "-.inf": -.infinity
        case ".nan", ".NaN", ".NAN": .nan
        default: Double(text)
        }
    }

    /// "a list", "the integer 3", ... for messages.
    func describe(_ node: Node) -> String {
        switch document.kind(node) {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            switch scalar(node) {
            case .null, nil: return "nothing (null)"
            case .bool(let value): return "the boolean \(value)"
            case .int(let value): return "the integer \(value)"
            case .float(let value): return "the number \(value)"
            case .string(let value): return "the string '\(Self.abbreviate(value))'"
            }
        }
    }

    /// Text cut to 60 characters for a message.
    static func abbreviate(_ text: String) -> String {
        Printable.abbreviated(text)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
