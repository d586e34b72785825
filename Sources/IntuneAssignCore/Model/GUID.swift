/// An Entra ID / Intune object id in its canonical 8-4-4-4-12 hexadecimal form.
///
/// Stored as two integers so that parsing a manifest with thousands of ids allocates nothing, compared
/// case-insensitively by construction, and always printed in lower case.
public struct GUID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first 64 bits.
    public let high: UInt64
    /// The last 64 bits.
    public let low: UInt64

    /// A GUID from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The all-zero GUID, which Graph uses for "no filter".
    public static let zero = GUID(high: 0, low: 0)

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case). Anything else, braces included, is `nil`.
    public init?(_ text: some StringProtocol) {
        var copy = String(text)
        guard let parsed = copy.withUTF8({ GUID(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// Parses the canonical form from UTF-8 bytes.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 36 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var digits = 0
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            if digits < 16 {
                high = high << 4 | UInt64(value)
            } else {
                low = low << 4 | UInt64(value)
            }
            digits += 1
        }
        self.init(high: high, low: low)
    }

    /// The lower-case `8-4-4-4-12` form.
    public var description: String {
        // Written straight into the string's storage: one allocation, as every configuration id is made this way.
        String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for index in 0..<32 {
                if index == 8 || index == 12 || index == 16 || index == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = index < 16 ? high : low
                let digit = UInt8((word >> UInt64(60 - 4 * (index % 16))) & 0xF)
                buffer[position] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
                position += 1
            }
            return position
        }
    }

    /// Ordered by value (the same order as the lower-case text).
    public static func < (lhs: GUID, rhs: GUID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
