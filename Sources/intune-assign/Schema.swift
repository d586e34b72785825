import ArgumentParser
import ManifestYAML

/// `intune-assign schema`: prints the manifest JSON Schema (the source of schemas/manifest.schema.json).
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the manifest JSON Schema that editors use (schemas/manifest.schema.json).",
        shouldDisplay: false
    )

    func run() throws {
        Terminal.out(ManifestSchema.text)
    }
}
