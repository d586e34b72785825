internal import CYAML
import IntuneAssignCore

/// A value to write as YAML: the shape the writer needs, independent of libyaml.
public indirect enum YAMLValue: Sendable {
    /// A string; quoted by libyaml where the plain form would read back as something else.
    case string(String)
    /// A number, boolean or null, written plain.
    case literal(String)
    case sequence([YAMLValue], flow: Bool)
    case mapping([(key: String, value: YAMLValue)], flow: Bool)
    /// A value with comments: lines above it (an item of a block sequence, or a mapping entry's value, whose
    /// comments go above the entry), one at the end of its line, and a blank line before it.
    case commented(YAMLValue, YAMLComments)
}

/// Comments around one value; their text may be anything (names from Graph), and is written on one line each.
public struct YAMLComments: Sendable {
    /// Lines above the value's entry.
    public var above: [String]
    /// A comment at the end of the entry's first line.
    public var beside: String?
    /// Whether a blank line comes before the entry (and its comments).
    public var blankLineBefore: Bool

    /// Comments from their parts.
    public init(above: [String] = [], beside: String? = nil, blankLineBefore: Bool = false) {
        self.above = above
        self.beside = beside
        self.blankLineBefore = blankLineBefore
    }
}

/// Writes YAML from structure: the block layout (mappings, sequences, comments, blank lines) is built here from the
/// value's shape, and every scalar and flow collection is written by libyaml's emitter, which quotes it correctly.
/// No text is ever inserted into libyaml's output, so a comment can never land inside a scalar libyaml folded:
/// scalars are written on one line (no width limit), and one holding a line break or another hidden character is
/// written double-quoted, where libyaml escapes it.
public enum YAMLWriter {
    /// Where libyaml's write callback puts the bytes.
    private final class Output {
        var bytes: [UInt8] = []
    }

    /// The value as a YAML document, after `header` comment lines (`#` alone for an empty one).
    public static func text(_ value: YAMLValue, header: [String] = []) -> String {
        let cache = InlineCache()
        var out = header.map { $0.isEmpty ? "#\n" : "# " + Printable.line($0, limit: 2_000) + "\n" }.joined()
        let (bare, comments) = unwrap(value)
        if case .mapping(let pairs, false) = bare, !pairs.isEmpty {
            block(mapping: pairs, indent: 0, into: &out, cache)
        } else if case .sequence(let items, false) = bare, !items.isEmpty {
            block(sequence: items, indent: 0, into: &out, cache)
        } else {
            out += inline(bare, cache) + besideText(comments) + "\n"
        }
        return out
    }

    /// Whether two values hold the same data, comments and styles aside.
    public static func same(_ a: YAMLValue, _ b: YAMLValue) -> Bool {
        switch (unwrap(a).0, unwrap(b).0) {
        case (.string(let x), .string(let y)), (.literal(let x), .literal(let y)): return x == y
        case (.sequence(let x, _), .sequence(let y, _)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.mapping(let x, _), .mapping(let y, _)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
        default: return false
        }
    }

    /// A value without its comments, and the comments.
    static func unwrap(_ value: YAMLValue) -> (YAMLValue, YAMLComments?) {
        if case .commented(let inner, let comments) = value { return (unwrap(inner).0, comments) }
        return (value, nil)
    }

    /// `  # text`, or nothing.
    static func besideText(_ comments: YAMLComments?) -> String {
        comments?.beside.map { "  # " + Printable.line($0, limit: 2_000) } ?? ""
    }

    /// The blank line and comment lines above an entry at `indent`.
    static func aboveText(_ comments: YAMLComments?, indent: Int) -> String {
        guard let comments else { return "" }
        let pad = String(repeating: " ", count: indent)
        return (comments.blankLineBefore ? "\n" : "")
            + comments.above.map { pad + "# " + Printable.line($0, limit: 2_000) + "\n" }.joined()
    }

    /// Whether a value is written in block style on lines of its own (a non-empty block collection).
    static func isBlock(_ value: YAMLValue) -> Bool {
        switch value {
        case .mapping(let pairs, false): !pairs.isEmpty
        case .sequence(let items, false): !items.isEmpty
        default: false
        }
    }

    /// A block mapping's entries at `indent`; a nested mapping is indented by two, a nested sequence is not (as
    /// libyaml lays them out).
    static func block(
        mapping pairs: [(key: String, value: YAMLValue)], indent: Int, into out: inout String, _ cache: InlineCache
    ) {
        let pad = String(repeating: " ", count: indent)
        for (key, value) in pairs {
            let (bare, comments) = unwrap(value)
            out += aboveText(comments, indent: indent) + pad + inline(.string(key), cache) + ":"
            switch bare {
            case .mapping(let inner, false) where !inner.isEmpty:
                out += besideText(comments) + "\n"
                block(mapping: inner, indent: indent + 2, into: &out, cache)
            case .sequence(let items, false) where !items.isEmpty:
                out += besideText(comments) + "\n"
                block(sequence: items, indent: indent, into: &out, cache)
            default:
                out += " " + inline(bare, cache) + besideText(comments) + "\n"
            }
        }
    }

    /// A block sequence's items at `indent`, each after `- `; a mapping item starts on the dash's line.
    static func block(sequence items: [YAMLValue], indent: Int, into out: inout String, _ cache: InlineCache) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            let (bare, comments) = unwrap(item)
            out += aboveText(comments, indent: indent)
            guard isBlock(bare) else {
                out += pad + "- " + inline(bare, cache) + besideText(comments) + "\n"
                continue
            }
            // The nested block written two further in, then its first line's indent replaced by the dash.
            var nested = ""
            if case .mapping(let pairs, _) = bare {
                block(mapping: pairs, indent: indent + 2, into: &nested, cache)
            } else if case .sequence(let inner, _) = bare {
                block(sequence: inner, indent: indent + 2, into: &nested, cache)
            }
            let firstLine = nested.prefix { $0 != "\n" }
            let rest = nested.dropFirst(firstLine.count)
            out += pad + "- " + firstLine.dropFirst(indent + 2) + besideText(comments) + rest
        }
    }

    /// A scalar or a flow collection on one line, as libyaml writes it as a document of its own: libyaml picks
    /// plain or single quotes for a scalar left to it (never a block scalar style), and with no width limit and
    /// line breaks double-quoted, the text has no line break. An empty collection is `[]` or `{}`.
    static func inline(_ value: YAMLValue, _ cache: InlineCache? = nil) -> String {
        // A scalar is written the same way wherever it stands: keys, kinds and ids repeat thousands of times in an
        // export, so each distinct one is emitted once per document.
        let key: String?
        switch value {
        case .string(let text): key = "s" + text
        case .literal(let text): key = "l" + text
        default: key = nil
        }
        if let key, let known = cache?.written[key] { return known }
        var text = Substring(emit(flowing(value)))
        if text.hasPrefix("--- ") { text = text.dropFirst(4) }
        if text.hasSuffix("\n...\n") { text = text.dropLast(4) }
        while text.last == "\n" { text = text.dropLast() }
        precondition(!text.contains("\n"), "libyaml wrote an inline value on several lines: \(text)")
        if let key { cache?.written[key] = String(text) }
        return String(text)
    }

    /// The scalars one document has written so far, by kind and text.
    final class InlineCache {
        var written: [String: String] = [:]
    }

    /// The value with every collection in flow style and its comments dropped, for `inline`.
    static func flowing(_ value: YAMLValue) -> YAMLValue {
        switch value {
        case .string, .literal: value
        case .commented(let inner, _): flowing(inner)
        case .sequence(let items, _): .sequence(items.map(flowing), flow: true)
        case .mapping(let pairs, _): .mapping(pairs.map { ($0.key, flowing($0.value)) }, flow: true)
        }
    }

    /// The value as a libyaml document, with no width limit.
    private static func emit(_ value: YAMLValue) -> String {
        var emitter = yaml_emitter_t()
        guard yaml_emitter_initialize(&emitter) == 1 else { return "" }
        defer { yaml_emitter_delete(&emitter) }
        let output = Output()
        let context = Unmanaged.passUnretained(output).toOpaque()
        yaml_emitter_set_output(
            &emitter,
            { data, buffer, size in
                guard let data, let buffer else { return 0 }
                let output = Unmanaged<Output>.fromOpaque(data).takeUnretainedValue()
                output.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            }, context)
        yaml_emitter_set_unicode(&emitter, 1)
        yaml_emitter_set_indent(&emitter, 2)
        yaml_emitter_set_width(&emitter, -1)

        var event = yaml_event_t()
        var ok =
            yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING) == 1
            && yaml_emitter_emit(&emitter, &event) == 1
        ok =
            ok && yaml_document_start_event_initialize(&event, nil, nil, nil, 1) == 1
            && yaml_emitter_emit(&emitter, &event) == 1
        ok = ok && emit(value, &emitter)
        ok = ok && yaml_document_end_event_initialize(&event, 1) == 1 && yaml_emitter_emit(&emitter, &event) == 1
        ok = ok && yaml_stream_end_event_initialize(&event) == 1 && yaml_emitter_emit(&emitter, &event) == 1
        _ = withExtendedLifetime(output) { yaml_emitter_flush(&emitter) }
        precondition(ok, "libyaml's emitter refused an event: \(emitter.problem.map { String(cString: $0) } ?? "?")")
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// Emits a value's events; `false` if libyaml refused one. Inside the flow sequence `inline` wraps it, every
    /// collection is written in flow style.
    private static func emit(_ value: YAMLValue, _ emitter: inout yaml_emitter_t) -> Bool {
        var event = yaml_event_t()
        switch value {
        case .string(let text):
            // Quote when the plain form would read back as null, a boolean or a number; a hidden character or a
            // line break forces double quotes, where libyaml escapes it and the scalar stays on one line.
            let plainIsString = ManifestDecoder.plainScalarIsString(text)
            let hidden = text.unicodeScalars.contains(where: Printable.isHidden)
            return scalar(text, plainImplicit: plainIsString && !hidden, doubleQuoted: hidden, &emitter)
        case .literal(let text):
            return scalar(text, plainImplicit: true, doubleQuoted: false, &emitter)
        case .commented(let inner, _):
            return emit(inner, &emitter)
        case .sequence(let items, let flow):
            guard
                yaml_sequence_start_event_initialize(
                    &event, nil, nil, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE) == 1,
                yaml_emitter_emit(&emitter, &event) == 1
            else { return false }
            for item in items where !emit(item, &emitter) { return false }
            return yaml_sequence_end_event_initialize(&event) == 1 && yaml_emitter_emit(&emitter, &event) == 1
        case .mapping(let pairs, let flow):
            guard
                yaml_mapping_start_event_initialize(
                    &event, nil, nil, 1, flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE) == 1,
                yaml_emitter_emit(&emitter, &event) == 1
            else { return false }
            for (key, value) in pairs {
                guard emit(.string(key), &emitter), emit(value, &emitter) else { return false }
            }
            return yaml_mapping_end_event_initialize(&event) == 1 && yaml_emitter_emit(&emitter, &event) == 1
        }
    }

    /// Emits a scalar, plain when it reads back as the same string, else quoted (double quotes when asked).
    private static func scalar(
        _ text: String, plainImplicit: Bool, doubleQuoted: Bool, _ emitter: inout yaml_emitter_t
    ) -> Bool {
        var event = yaml_event_t()
        var bytes = Array(text.utf8)
        let style = doubleQuoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE
        let initialized = bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_scalar_event_initialize(
                &event, nil, nil, buffer.baseAddress, Int32(buffer.count), plainImplicit ? 1 : 0, 1, style)
        }
        return initialized == 1 && yaml_emitter_emit(&emitter, &event) == 1
    }
}

extension ManifestDecoder {
    /// Whether `text`, written plain, reads back as this same string.
    static func plainScalarIsString(_ text: String) -> Bool {
        if ["", "~", "null", "Null", "NULL"].contains(text) || bool(text) != nil || int(text) != nil { return false }
        if looksLikeFloat(text), float(text) != nil { return false }
        return text != "<<"
    }
}
