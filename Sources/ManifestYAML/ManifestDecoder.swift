public import IntuneAssignCore

/// Decodes one YAML document into a `Manifest`, by hand, reporting every problem with its location.
///
/// This checks everything one file can tell: shapes, keys, types, GUIDs, kinds and what each kind accepts.
/// Checks that span entries or files (aliases, duplicates, conflicts) are `DesiredState.assemble`'s.
public struct ManifestDecoder {
    /// A node of the document being decoded.
    typealias Node = YAMLDocument.Node

    let document: YAMLDocument
    var diagnostics = Diagnostics()

    /// A decoder of `document`.
    init(document: YAMLDocument) { self.document = document }

    /// The manifest (`nil` if it could not be made sense of) and every diagnostic found.
    public static func decode(_ document: YAMLDocument) -> (manifest: Manifest?, diagnostics: [Diagnostic]) {
        var decoder = ManifestDecoder(document: document)
        let manifest = decoder.decodeManifest()
        return (manifest, decoder.diagnostics.all)
    }

}

extension ManifestDecoder {
    /// The whole document as JSON, scalars read exactly as the decoder reads them: what a JSON Schema
    /// validator should see of this file.
    public static func json(_ document: YAMLDocument) -> JSONValue {
        var decoder = ManifestDecoder(document: document)
        guard let root = document.root else { return .null }
        return decoder.json(root, strictKeys: false)
    }
}
