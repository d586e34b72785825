internal import CYAML
public import IntuneAssignCore

/// The one door to libyaml's parser: bytes in, a `YAMLDocument` (or diagnostics) out.
///
/// Accepts a UTF-8 BOM and any of libyaml's line breaks; rejects input that is not UTF-8, a second document,
/// duplicate keys, undefined aliases, runaway alias expansion and absurd nesting, each with a location.
public enum YAMLReader {
    /// Deeper than this and the input is not a manifest; stopping here keeps every later walk shallow.
    public static let maximumDepth = 64
    /// Nodes a document may expand to through aliases (a "billion laughs" guard).
    public static let maximumExpandedNodes = 4_000_000

    /// Larger than this and the input is not a manifest (node offsets are 32-bit).
    public static let maximumBytes = 1 << 30

    /// Reads one file: its document, or every diagnostic that stops it.
    public static func read(file: String, bytes: [UInt8]) -> (document: YAMLDocument?, diagnostics: [Diagnostic]) {
        read(file: file, bytes: bytes, watch: nil)
    }

    /// Reads one file, handing each item of the sequence under the root mapping's `key` to `each` as soon as the
    /// item is complete, while libyaml goes on with the rest: work on the items overlaps the parse. `each` gets
    /// the document as built so far (the item and all before it are final) and must not keep it.
    public static func read(
        file: String, bytes: [UInt8], itemsOf key: String, each: @escaping (YAMLDocument, YAMLDocument.Node) -> Void
    ) -> (document: YAMLDocument?, diagnostics: [Diagnostic]) {
        read(file: file, bytes: bytes, watch: DocumentBuilder.Watch(key: Array(key.utf8), each: each))
    }

    /// Reads one file, with an optional watch on items; `threaded` overrides whether libyaml runs on a thread of
    /// its own (chosen by size otherwise).
    static func read(
        file: String, bytes: [UInt8], watch: DocumentBuilder.Watch?, threaded: Bool? = nil
    ) -> (document: YAMLDocument?, diagnostics: [Diagnostic]) {
        guard bytes.count <= maximumBytes else {
            return (
                nil,
                [
                    .error(
                        "the file is larger than 1 GiB; a manifest never is",
                        at: SourceLocation(file: file, line: 1, column: 1))
                ]
            )
        }
        let source = SourceText(bytes: bytes)
        if let bad = firstInvalidUTF8(bytes) {
            let location = source.location(ofByte: bad, file: file)
            var diagnostic = Diagnostic.error(
                "the file is not valid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset "
                    + "\(bad)); save it as UTF-8", at: location)
            diagnostic.sourceLine = source.line(location.line)
            return (nil, [diagnostic])
        }
        let bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var builder = DocumentBuilder(file: file, source: source)
        builder.watch = watch
        bytes.withUnsafeBufferPointer { buffer in
            let body = UnsafeBufferPointer(rebasing: buffer[bomLength...])
            builder.run(body, bomLength: bomLength, threaded: threaded)
        }
        let diagnostics = attachingSourceLines(builder.diagnostics, [file: source])
        let failed = diagnostics.contains { $0.severity == .error }
        return (failed ? nil : builder.finished(), diagnostics)
    }

    /// Counts libyaml's events for `bytes` and does nothing else: the floor that the benchmark compares with.
    public static func scanEvents(_ bytes: [UInt8]) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return -1 }
        defer { yaml_parser_delete(&parser) }
        var count = 0
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                count += 1
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if done { break }
            }
        }
        return count
    }

    /// The offset of the first byte that breaks UTF-8 (overlong forms, surrogates and values past U+10FFFF too).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer(firstInvalidUTF8)
    }

    /// The offset of the first byte that is not valid UTF-8 (overlong forms and surrogates included), if any.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return nil }
        while index < count {
            // Eight ASCII bytes at a time: manifests are nearly all ASCII.
            while index + 8 <= count,
                base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return index
            }
            for offset in 1..<length {
                // A broken sequence is reported at its first byte, where the bad character starts.
                guard index + offset < count else { return index }
                let byte = bytes[index + offset]
                let (low, high) = offset == 1 ? (lower, upper) : (0x80, 0xBF)
                guard byte >= low, byte <= high else { return index }
            }
            index += length
        }
        return nil
    }
}
