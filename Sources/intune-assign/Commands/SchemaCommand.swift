import ArgumentParser
import GraphSimulator
import ManifestYAML

/// `intune-assign schema`: prints the manifest JSON Schema (the source of schemas/manifest.schema.json).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the manifest JSON Schema that editors use (schemas/manifest.schema.json).",
        shouldDisplay: false
    )

    @Flag(help: "Print the simulator's tenant file schema (schemas/tenant.schema.json) instead.")
    var tenant = false

    @Flag(help: "Print the fleet file schema (schemas/fleet.schema.json) instead.")
    var fleet = false

    /// The output options every command takes (a schema is never coloured).
    @OptionGroup var output: OutputOptions

    /// Prints the schema.
    func run() throws {
        Terminal.out(tenant ? TenantSchema.text : fleet ? FleetSchema.text : ManifestSchema.text)
    }
}
