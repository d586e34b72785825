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
    /// Configuration entries decoded while the file was still being read, by node; each is taken out when used.
    var ahead: Ahead

    /// A decoder of `document`.
    init(document: YAMLDocument, ahead: consuming Ahead = Ahead()) {
        self.document = document
        self.ahead = ahead
    }

    /// The manifest (`nil` if it could not be made sense of) and every diagnostic found. The entries in `ahead`
    /// are taken as decoded, not decoded again.
    public static func decode(
        _ document: YAMLDocument, ahead: consuming Ahead = Ahead()
    ) -> (manifest: Manifest?, diagnostics: [Diagnostic]) {
        var decoder = ManifestDecoder(document: document, ahead: ahead)
        let manifest = decoder.decodeManifest()
        return (manifest, decoder.diagnostics.all)
    }

    /// Configuration entries decoded ahead of the rest of their file, while libyaml was still parsing it
    /// (`YAMLReader.read(file:bytes:itemsOf:each:)`). An entry's decoding depends on its own nodes only, so the
    /// result is the one `decode` would find; `decode` still reports it in its place, after the version check.
    public struct Ahead: Sendable {
        var entries: [Int32: (spec: ConfigurationSpec?, diagnostics: [Diagnostic])] = [:]

        /// None yet.
        public init() {}

        /// Decodes the `configurations:` entry at `node` of `document` (a document still being built is fine:
        /// the entry and what comes before it are final).
        public mutating func decode(_ node: YAMLDocument.Node, of document: YAMLDocument) {
            var decoder = ManifestDecoder(document: document)
            let spec = decoder.configuration(node)
            entries[node.index] = (spec, decoder.diagnostics.all)
        }

        /// How many entries were decoded ahead.
        public var count: Int { entries.count }
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
