/// Where each line of a source text starts.
public struct SourceLines: Sendable {
    let bytes: [UInt8]
    let starts: [Int]

    /// Indexes the lines of `bytes`.
    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let length = LineBreak.length(in: bytes, at: index)
            index += max(length, 1)
            if length > 0 { starts.append(index) }
        }
        self.starts = starts
    }

    /// Line `number` (1-based) without its line break, cut at the first invalid UTF-8 byte if there is one.
    /// After a final line break there is one more, empty line: where libyaml reports an unexpected end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= starts.count else { return nil }
        var start = starts[number - 1]
        if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        // The line ends at its line break (there is none inside a line), or where the next line starts.
        let limit = number < starts.count ? starts[number] : bytes.count
        var end = start
        while end < limit, LineBreak.length(in: bytes, at: end) == 0 { end += 1 }
        let slice = Array(bytes[start..<max(start, end)])
        if let valid = String(validating: slice, as: UTF8.self) { return valid }
        var prefix = slice
        while !prefix.isEmpty, String(validating: prefix, as: UTF8.self) == nil { prefix.removeLast() }
        return String(decoding: prefix, as: UTF8.self)
    }

    /// The character at a 1-based line and column, if any.
    func character(line: Int, column: Int) -> Character? {
        guard let text = self.line(line), column >= 1 else { return nil }
        let characters = Array(text.unicodeScalars)
        guard column <= characters.count else { return nil }
        return Character(characters[column - 1])
    }
}
