import IntuneAssignCore

/// Fixture text with markers (`⚠`) at the places where diagnostics are expected: the markers are removed,
/// and the line and column each one stood at are remembered.
///
/// Lines and columns are counted here independently of the code under test: a line ends at LF (a CR before it
/// belongs to the break), a column is one more than the number of characters (UTF-8 lead bytes) before it on
/// its line, and a UTF-8 BOM at the start of the file is not a character.
public struct MarkedText: Sendable {
    /// The marker: it stands before the character an expected diagnostic points at.
    public static let marker: [UInt8] = Array("⚠".utf8)

    /// The text without its markers.
    public let bytes: [UInt8]
    /// Where each marker was, 1-based, in the text without markers.
    public let markers: [(line: Int, column: Int)]

    /// Reads marked bytes.
    public init(_ marked: [UInt8]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(marked.count)
        var markers: [(line: Int, column: Int)] = []
        var line = 1
        var column = 1
        var index = 0
        let marker = MarkedText.marker
        while index < marked.count {
            if marked[index] == marker[0], index + marker.count <= marked.count,
                Array(marked[index..<index + marker.count]) == marker
            {
                markers.append((line, column))
                index += marker.count
                continue
            }
            let byte = marked[index]
            bytes.append(byte)
            let isBOM = bytes.count <= 3 && Array(bytes) == Array([0xEF, 0xBB, 0xBF].prefix(bytes.count))
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte != 0x0D, byte & 0xC0 != 0x80, !isBOM {
                column += 1
            }
            index += 1
        }
        self.bytes = bytes
        self.markers = markers
    }

    /// Reads marked text.
    public init(_ marked: String) { self.init(Array(marked.utf8)) }

    /// The `# key: value` comment lines of the fixture, in order, for `key`.
    public func comments(_ key: String) -> [String] {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let prefix = "# \(key): "
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap { line in
            let trimmed = line.drop(while: { $0 == " " })
            return trimmed.hasPrefix(prefix) ? String(trimmed.dropFirst(prefix.count)) : nil
        }
    }
}
