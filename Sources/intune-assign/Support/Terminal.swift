import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal: where output goes, and whether it may be coloured.
enum Terminal {
    /// Writes text to a file handle as it is.
    static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }

    /// Writes to stdout.
    static func out(_ text: String) { write(text, to: .standardOutput) }
    /// Writes to stderr.
    static func err(_ text: String) { write(text, to: .standardError) }

    /// Colour only on a terminal, and never with `--no-color` or a non-empty `NO_COLOR` (no-color.org).
    static func useColor(for fileDescriptor: Int32, disabled: Bool, environment: [String: String]) -> Bool {
        if disabled { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        return isatty(fileDescriptor) == 1
    }
}
