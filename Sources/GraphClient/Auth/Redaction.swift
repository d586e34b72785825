import Foundation

/// Every credential the process holds, and the one function that cuts them out of what a server says before it is
/// printed or stored. Servers echo what they were sent: an OAuth `error_description` quotes the form, an identity
/// endpoint quotes its header, a Graph `message` may quote `Authorization`. So each secret is registered where it
/// enters the process (an environment variable, a file, a token answer, an assertion we sign) and every
/// server-provided string goes through `redact` on its way into a `GraphError`.
///
/// A secret is found as it is, in any letter case, inside percent-encoding (upper or lower hex, one level), and in
/// base64 or base64url at any of the three byte alignments. Secrets shorter than `shortest` are not registered: they
/// would cut ordinary words, and no credential of Azure's is that short.
public final class Redaction: @unchecked Sendable {
    /// The registry of this process.
    public static let shared = Redaction()

    /// Secrets shorter than this many bytes are not matched.
    public static let shortest = 8

    /// Guards `secrets` and `observers`: registration happens on whichever task signs in.
    private let lock = NSLock()
    /// Each secret's bytes, and the words that stand for it.
    private var secrets: [(bytes: [UInt8], label: String)] = []
    /// Told of each new secret (GitHub Actions' `::add-mask::`).
    private var observers: [@Sendable (String) -> Void] = []

    /// An empty registry (tests; the process uses `shared`).
    public init() {}

    /// Registers `secret`, shown as `(LABEL redacted)` wherever a server repeats it. A JWT is registered with each
    /// of its three parts of 16 characters or more too, so that a server quoting only the signature or the claims is
    /// caught.
    public func register(_ secret: String, as label: String) {
        var added: [String] = []
        var pieces = [secret]
        let parts = secret.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3 { pieces += parts.filter { $0.count >= 16 }.map(String.init) }
        lock.lock()
        for piece in pieces where piece.utf8.count >= Self.shortest {
            let bytes = Array(piece.utf8)
            guard !secrets.contains(where: { $0.bytes == bytes }) else { continue }
            secrets.append((bytes, label))
            added.append(piece)
        }
        let tell = observers
        lock.unlock()
        for piece in added { for observer in tell { observer(piece) } }
    }

    /// Calls `observer` with every secret registered from now on (and, at once, with those already held).
    public func observe(_ observer: @escaping @Sendable (String) -> Void) {
        lock.lock()
        observers.append(observer)
        let held = secrets.map { String(decoding: $0.bytes, as: UTF8.self) }
        lock.unlock()
        for secret in held { observer(secret) }
    }

    /// `text` with every registered secret cut out, in every form `Redaction` recognises.
    public func redact(_ text: String) -> String {
        lock.lock()
        let held = secrets
        lock.unlock()
        guard !held.isEmpty, !text.isEmpty else { return text }
        let raw = Array(text.utf8)
        let decoded = Self.percentDecoded(raw)
        // For each byte of `raw`, the label of the secret that covers it.
        var cut: [String?] = Array(repeating: nil, count: raw.count)
        for (secret, label) in held {
            // As it is (any case), and inside percent-encoding.
            for (start, end) in Self.matches(of: secret, in: decoded.bytes, ignoringCase: true) {
                for index in decoded.origins[start].lowerBound..<decoded.origins[end - 1].upperBound {
                    cut[index] = label
                }
            }
            // Base64 of the secret, whatever the offset of the secret in the encoded bytes, as it is or
            // percent-encoded: only the characters that the secret's own bytes decide are matched.
            for form in Self.base64Forms(secret) {
                for (start, end) in Self.matches(of: form, in: decoded.bytes, ignoringCase: false) {
                    for index in decoded.origins[start].lowerBound..<decoded.origins[end - 1].upperBound {
                        cut[index] = label
                    }
                }
            }
        }
        guard cut.contains(where: { $0 != nil }) else { return text }
        var out: [UInt8] = []
        var index = 0
        while index < raw.count {
            guard let label = cut[index] else {
                out.append(raw[index])
                index += 1
                continue
            }
            out += Array("(\(label) redacted)".utf8)
            while index < raw.count, cut[index] != nil { index += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes with each `%XX` decoded, and for each decoded byte the range of `raw` it came from.
    static func percentDecoded(_ raw: [UInt8]) -> (bytes: [UInt8], origins: [Range<Int>]) {
        var bytes: [UInt8] = []
        var origins: [Range<Int>] = []
        bytes.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "%"), index + 2 < raw.count, let high = hexValue(raw[index + 1]),
                let low = hexValue(raw[index + 2])
            {
                bytes.append(high << 4 | low)
                origins.append(index..<index + 3)
                index += 3
            } else {
                bytes.append(raw[index])
                origins.append(index..<index + 1)
                index += 1
            }
        }
        return (bytes, origins)
    }

    /// A hexadecimal digit's value.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Where `needle` occurs in `haystack`, as start and end offsets; ASCII letters compared without case if asked.
    static func matches(of needle: [UInt8], in haystack: [UInt8], ignoringCase: Bool) -> [(Int, Int)] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        /// The byte with ASCII upper case folded to lower case.
        func fold(_ byte: UInt8) -> UInt8 {
            ignoringCase && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
        }
        let target = needle.map(fold)
        var found: [(Int, Int)] = []
        var start = 0
        while start + target.count <= haystack.count {
            var offset = 0
            while offset < target.count, fold(haystack[start + offset]) == target[offset] { offset += 1 }
            if offset == target.count {
                found.append((start, start + target.count))
                start += target.count
            } else {
                start += 1
            }
        }
        return found
    }

    /// The base64 and base64url text that a secret's bytes decide at each of the three alignments: the secret
    /// without its first 0, 1 or 2 bytes, cut to whole groups of three, encoded without padding.
    static func base64Forms(_ secret: [UInt8]) -> [[UInt8]] {
        var forms: [[UInt8]] = []
        for skip in 0..<3 {
            let rest = secret.dropFirst(skip)
            let whole = rest.prefix(rest.count / 3 * 3)
            guard whole.count >= 6 else { continue }
            let standard = Data(whole).base64EncodedString()
            let url = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            forms.append(Array(standard.utf8))
            if url != standard { forms.append(Array(url.utf8)) }
        }
        return forms
    }
}
