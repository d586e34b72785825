/// The bytes of a source file, kept for diagnostics: `lines()` indexes them (once per file that has something
/// to report) to show the offending line.
public struct SourceText: Sendable {
    /// The file's bytes.
    public let bytes: [UInt8]

    /// The text of these bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The line index of this text. Line breaks are those libyaml counts: LF, CR LF, CR, NEL, LS and PS.
    public func lines() -> SourceLines { SourceLines(bytes: bytes) }

    /// Line `number` (1-based) without its line break.
    public func line(_ number: Int) -> String? { lines().line(number) }
}
