public import IntuneAssignCore

/// Writes exported manifests: libyaml's emitter for the YAML, then the comments it cannot carry — the header, the
/// display name beside an alias defined by id, and notes above each configuration (its display name where it is
/// named by id, assignments left out and why).
public enum ExportWriter {
    /// The file's YAML, with its comments and the schema comment for editors.
    public static func text(_ file: ManifestExport.File, schemaPath: String) -> String {
        var out = "# yaml-language-server: $schema=\(schemaPath)\n#\n"
        for line in file.header { out += comment(line, indent: "") }
        let body = ManifestWriter.yaml(file.manifest)
        var configuration = -1
        var section = ""
        for piece in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(piece)
            if !line.hasPrefix(" "), !line.hasPrefix("-"), let colon = line.firstIndex(of: ":") {
                section = String(line[..<colon])
            }
            let trimmed = line.drop { $0 == " " }
            if section == "configurations", trimmed.hasPrefix("- kind: ") {
                configuration += 1
                let indent = String(line.prefix(line.count - trimmed.count))
                if configuration > 0 { out += "\n" }
                for note in configuration < file.configurationNotes.count ? file.configurationNotes[configuration] : []
                {
                    out += comment(note, indent: indent)
                }
            }
            if section == "groups" || section == "filters", line.hasPrefix("  "), let colon = line.firstIndex(of: ":") {
                let alias = line[line.index(line.startIndex, offsetBy: 2)..<colon]
                if let note = file.aliasNotes[String(alias)] {
                    out += line + "  " + comment(note, indent: "").dropLast()
                    out += "\n"
                    continue
                }
            }
            out += line
            out += "\n"
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// `# text` on one line. Names come from Graph: every character that could end the comment (any line break
    /// libyaml knows, U+2028 and U+0085 included) or hide text is shown as `\u{…}` instead (`Printable`), so that
    /// no part of a name ever becomes manifest content.
    static func comment(_ text: String, indent: String) -> String {
        indent + "# " + Printable.line(text) + "\n"
    }
}
