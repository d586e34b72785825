import IntuneAssignCore

extension SourceText {
    /// The line and column (in characters, 1-based) of a byte offset, counting breaks as libyaml does.
    func location(ofByte offset: Int, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < min(offset, bytes.count) {
            let length = LineBreak.length(in: bytes, at: index)
            if length > 0 {
                line += 1
                column = 1
                index += length
                continue
            }
            // Columns count characters: continuation bytes belong to the character before them.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// Fills in the source line of every diagnostic and note that points into one of `texts` (indexing the lines
/// of each file once, and only if something points into it).
func attachingSourceLines(_ diagnostics: [Diagnostic], _ texts: [String: SourceText]) -> [Diagnostic] {
    var lines: [String: SourceLines] = [:]
    /// The diagnostic and its notes with their source lines.
    func attach(_ diagnostic: Diagnostic) -> Diagnostic {
        var result = diagnostic
        if result.sourceLine == nil, let location = result.location, let text = texts[location.file] {
            if lines[location.file] == nil { lines[location.file] = text.lines() }
            result.sourceLine = lines[location.file]?.line(location.line)
        }
        result.notes = result.notes.map(attach)
        return result
    }
    return diagnostics.map(attach)
}
