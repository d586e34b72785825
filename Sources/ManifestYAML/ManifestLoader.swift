import IntuneAssignCore

/// Reads, decodes and assembles the manifests of one run. Pure: the caller supplies the bytes.
public enum ManifestLoader {
    /// Reads and decodes every source, then checks them together: every diagnostic, and the desired state.
    public static func load(_ sources: [ManifestSource]) -> LoadResult {
        var decoded = decode(sources)
        let (state, assemblyDiagnostics) = DesiredState.assemble(decoded.manifests)
        decoded.state = state
        decoded.diagnostics += assemblyDiagnostics
        return decoded.sortedWithSourceLines()
    }

    /// Reads and decodes every source on its own (no desired state yet): the manifests, their diagnostics and the
    /// files' texts, diagnostics not yet sorted.
    static func decode(_ sources: [ManifestSource]) -> LoadResult {
        var diagnostics: [Diagnostic] = []
        var manifests: [Manifest] = []
        var texts: [String: SourceText] = [:]
        for source in sources {
            // Configuration entries are decoded as soon as each is read, while libyaml parses the rest of the
            // file on another thread (for a large file): most of the decoding costs no wall time.
            let ahead = AheadBox()
            let (document, readDiagnostics) = YAMLReader.read(
                file: source.path, bytes: source.bytes, itemsOf: "configurations"
            ) { partial, item in ahead.value.decode(item, of: partial) }
            diagnostics += readDiagnostics
            guard let document else { continue }
            texts[source.path] = document.source
            let (manifest, decodeDiagnostics) = ManifestDecoder.decode(document, ahead: ahead.take())
            diagnostics += decodeDiagnostics
            if let manifest { manifests.append(manifest) }
        }
        return LoadResult(manifests: manifests, state: DesiredState(), diagnostics: diagnostics, texts: texts)
    }
}

extension LoadResult {
    /// The result with its diagnostics in file, line and column order, each with its source line, once each.
    func sortedWithSourceLines() -> LoadResult {
        var copy = self
        var sorted = Diagnostics()
        var said = Set<Diagnostic>()
        sorted.append(contentsOf: attachingSourceLines(diagnostics, texts).filter { said.insert($0).inserted })
        copy.diagnostics = sorted.sorted
        return copy
    }
}

/// The entries decoded ahead, filled by the reader's callback (on the caller's thread) and read once it returns.
private final class AheadBox {
    var value = ManifestDecoder.Ahead()

    /// The entries, left with nobody else: the decoder takes each out as it goes, with no copy of the table.
    func take() -> ManifestDecoder.Ahead {
        defer { value = ManifestDecoder.Ahead() }
        return value
    }
}
