/// The one sanitiser for strings that come from Graph or from files (display names, error text, source lines)
/// before they reach a terminal, a pull-request comment, a workflow annotation or a YAML comment. A name such as
/// `Pilot\u{2028}- allDevices: {}` must stay one visible line: a hidden line break ends a YAML comment, and an
/// escape sequence, bidi override or zero-width character changes what a reviewer sees.
public enum Printable {
    /// The longest text shown from one value, in characters.
    public static let defaultLimit = 300

    /// Whether a character is hidden or breaks a line: C0 and C1 controls, DEL, line and paragraph separators,
    /// and format characters (bidi overrides and isolates, zero-width characters, the byte order mark).
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // Printable ASCII first: most text is, and the general category is a table lookup that costs far more.
        if value >= 0x20 && value < 0x7F { return false }
        if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 { return true }
        return scalar.properties.generalCategory == .format
    }

    /// `\u{2028}`: how a hidden character is shown.
    public static func escaped(_ scalar: Unicode.Scalar) -> String { "\\u{\(String(scalar.value, radix: 16))}" }

    /// The text's characters up to `limit`, each written as `shown` says (`nil`: as it is), then `…` if cut: the
    /// one walk every form of sanitised text is made by.
    public static func map(_ text: String, limit: Int = defaultLimit, _ shown: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            guard count < limit else { return out + "…" }
            if let replacement = shown(scalar) { out += replacement } else { out.unicodeScalars.append(scalar) }
            count += 1
        }
        return out
    }

    /// A value quoted back in a diagnostic: at most 60 characters, a longer one cut to 57 and `...`.
    public static func abbreviated(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    /// The text on one visible line: every hidden character shown as `\u{…}`, cut after `limit` characters.
    public static func line(_ text: String, limit: Int = defaultLimit) -> String {
        map(text, limit: limit) { isHidden($0) ? escaped($0) : nil }
    }

    /// The text in double quotes, `"` and `\` escaped and hidden characters shown, cut after `limit` characters.
    public static func quoted(_ text: String, limit: Int = defaultLimit) -> String {
        let inner = map(text, limit: limit) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            default: isHidden(scalar) ? escaped(scalar) : nil
            }
        }
        return "\"" + inner + "\""
    }
}
