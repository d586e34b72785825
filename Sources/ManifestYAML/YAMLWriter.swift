internal import CYAML

/// A value to write as YAML: the shape the writer needs, independent of libyaml.
public indirect enum YAMLValue: Sendable {
    /// A string; quoted by libyaml where the plain form would read back as something else.
    case string(String)
    /// A number, boolean or null, written plain.
    case literal(String)
    case sequence([YAMLValue], flow: Bool)
    case mapping([(key: String, value: YAMLValue)], flow: Bool)
}

/// The one door to libyaml's emitter: turns a `YAMLValue` into YAML text with correct quoting.
public enum YAMLWriter {
    /// Where libyaml's write callback puts the bytes.
    private final class Output {
        var bytes: [UInt8] = []
    }

    /// The value as YAML text, quoted wherever a plain scalar would read back differently.
    public static func text(_ value: YAMLValue) -> String {
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
        yaml_emitter_set_width(&emitter, 120)

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

    /// Emits a value's events; `false` if libyaml refused one.
    private static func emit(_ value: YAMLValue, _ emitter: inout yaml_emitter_t) -> Bool {
        var event = yaml_event_t()
        switch value {
        case .string(let text):
            // Quote when the plain form would read back as null, a boolean or a number.
            let plainIsString = ManifestDecoder.plainScalarIsString(text)
            return scalar(text, plainImplicit: plainIsString, &emitter)
        case .literal(let text):
            return scalar(text, plainImplicit: true, &emitter)
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

    /// Emits a scalar, plain when it reads back as the same string, else quoted.
    private static func scalar(_ text: String, plainImplicit: Bool, _ emitter: inout yaml_emitter_t) -> Bool {
        var event = yaml_event_t()
        var bytes = Array(text.utf8)
        let initialized = bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_scalar_event_initialize(
                &event, nil, nil, buffer.baseAddress, Int32(buffer.count), plainImplicit ? 1 : 0, 1,
                YAML_ANY_SCALAR_STYLE)
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
