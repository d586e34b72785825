import IntuneAssignCore

/// Reads, decodes and assembles the manifests of one run. Pure: the caller supplies the bytes.
public enum ManifestLoader {
    /// Reads and decodes every source, then checks them together: every diagnostic, and the desired state.
    public static func load(_ sources: [ManifestSource]) -> LoadResult {
        var diagnostics: [Diagnostic] = []
        var manifests: [Manifest] = []
        var texts: [String: SourceText] = [:]
        for source in sources {
            let (document, readDiagnostics) = YAMLReader.read(file: source.path, bytes: source.bytes)
            diagnostics += readDiagnostics
            guard let document else { continue }
            texts[source.path] = document.source
            let (manifest, decodeDiagnostics) = ManifestDecoder.decode(document)
            diagnostics += decodeDiagnostics
            if let manifest { manifests.append(manifest) }
        }
        let (state, assemblyDiagnostics) = DesiredState.assemble(manifests)
        diagnostics += assemblyDiagnostics
        var sorted = Diagnostics()
        sorted.append(contentsOf: attachingSourceLines(diagnostics, texts))
        return LoadResult(manifests: manifests, state: state, diagnostics: sorted.sorted, texts: texts)
    }
}
