/// The bytes of a source file, kept for diagnostics: `lines()` indexes them (once per file that has something
/// to report) to show the offending line.
public struct SourceText: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The line index of this text. Line breaks are those libyaml counts: LF, CR LF, CR, NEL, LS and PS.
    public func lines() -> SourceLines { SourceLines(bytes: bytes) }

    public func line(_ number: Int) -> String? { lines().line(number) }
}
