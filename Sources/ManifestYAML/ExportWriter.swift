public import IntuneAssignCore

/// Writes exported manifests from structure: the manifest's value (`ManifestWriter.document`) with the comments
/// libyaml cannot carry attached to the entries they belong to — the header, the display name beside an alias
/// defined by id, and notes above each configuration (its display name where it is named by id, assignments left
/// out and why) — written by `YAMLWriter`. Every file is read back before it is handed out (`checked`).
public enum ExportWriter {
    /// Why an exported file did not read back as the manifest it was written from.
    public struct ReadBackError: Error, CustomStringConvertible {
        /// The file's name and what went wrong.
        public let description: String
    }

    /// The file's YAML, with its comments and the schema comment for editors.
    public static func text(_ file: ManifestExport.File, schemaPath: String) -> String {
        guard case .mapping(var top, let flow) = ManifestWriter.document(file.manifest) else {
            preconditionFailure("a manifest is a mapping")
        }
        for index in top.indices {
            switch (top[index].key, top[index].value) {
            case ("groups", .mapping(let aliases, let aliasFlow)), ("filters", .mapping(let aliases, let aliasFlow)):
                let noted = aliases.map { alias in
                    (
                        key: alias.key,
                        value: file.aliasNotes[alias.key].map {
                            YAMLValue.commented(alias.value, YAMLComments(beside: $0))
                        } ?? alias.value
                    )
                }
                top[index].value = .mapping(noted, flow: aliasFlow)
            case ("configurations", .sequence(let items, let itemFlow)):
                let noted = items.enumerated().map { position, item in
                    let notes = position < file.configurationNotes.count ? file.configurationNotes[position] : []
                    return YAMLValue.commented(item, YAMLComments(above: notes, blankLineBefore: position > 0))
                }
                top[index].value = .sequence(noted, flow: itemFlow)
            default:
                break
            }
        }
        return YAMLWriter.text(
            .mapping(top, flow: flow), header: ["yaml-language-server: $schema=\(schemaPath)", ""] + file.header)
    }

    /// The file's YAML, once it has been read back (libyaml's reader, the manifest decoder) and found to hold
    /// exactly the manifest it was written from: a name that the writer mangled, or a comment that became content,
    /// is an error before anything is written to disk.
    public static func checked(_ file: ManifestExport.File, schemaPath: String) throws(ReadBackError) -> String {
        let text = text(file, schemaPath: schemaPath)
        let (document, problems) = YAMLReader.read(file: file.name, bytes: Array(text.utf8))
        guard let document, problems.isEmpty else {
            throw ReadBackError(
                description: "\(file.name) does not read back as YAML: "
                    + (problems.first.map { "\($0.location.map { "\($0): " } ?? "")\($0.message)" } ?? "no document"))
        }
        let (decoded, diagnostics) = ManifestDecoder.decode(document)
        let errors = diagnostics.filter { $0.severity == .error }
        guard let decoded, errors.isEmpty else {
            throw ReadBackError(
                description: "\(file.name) does not read back as a manifest: "
                    + (errors.first.map { "\($0.location.map { "\($0): " } ?? "")\($0.message)" } ?? "nothing decoded"))
        }
        guard YAMLWriter.same(ManifestWriter.document(decoded), ManifestWriter.document(file.manifest)) else {
            throw ReadBackError(
                description: "\(file.name) reads back as another manifest than the one exported; nothing was written")
        }
        return text
    }
}
