/// The line breaks libyaml counts, in UTF-8: LF, CR LF, CR, NEL (U+0085), LS (U+2028) and PS (U+2029). The one
/// place that knows them, so that diagnostics, source lines and byte offsets all count lines as libyaml does.
enum LineBreak {
    /// The length in bytes of the line break that starts at `index`, or 0 when none does. CR LF is one break.
    static func length(in bytes: [UInt8], at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        switch bytes[index] {
        case 0x0A: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80,
                bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
            else { return 0 }
            return 3
        default: return 0
        }
    }
}
