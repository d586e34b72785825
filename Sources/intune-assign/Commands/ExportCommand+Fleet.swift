import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML

extension ExportCommand {
    /// `export --fleet FILE --out DIR`: every tenant of the fleet exported side by side (by display name), what they
    /// all have the same way written once into DIR/baseline, the rest into DIR/overlays/NAME, and DIR/fleet.yaml: the
    /// fleet file with those folders. Nothing is written unless every tenant was read.
    func runFleet(_ file: String) async throws {
        let environment = ProcessInfo.processInfo.environment
        let color = Terminal.useColor(for: 2, disabled: output.noColor, environment: environment)
        guard !sets else { throw ValidationError("--sets is one tenant's; a fleet's baseline shares configurations") }
        guard fleet.tenants.isEmpty, fleet.shard == nil else {
            throw ValidationError("export --fleet exports every tenant: a baseline is what all of them share")
        }
        let chosen = try graph.checkCloud(nil, kinds: kindOptions.kinds, color: color)
        let read = try FleetFiles.readOrExit(file, color: color)
        let connector = try fleet.connector(graph, environment: environment)
        let exportedAt = Self.timestamp(environment)
        let options = ManifestExport.Options(byName: true, includeEmpty: includeEmpty)
        let tenants = read.tenants
        let exports = try await connector.each(
            tenants, width: fleet.tenantConcurrency, needs: SignInNeeds(kinds: chosen, writes: false, tenant: nil),
            work: { _, connection in
                try await ExportOperation(graph: connection.graph).run(chosen, options: options, exportedAt: exportedAt)
            })
        let failures = zip(tenants, exports).compactMap { tenant, export in
            if case .failure(let error) = export { "\(tenant.name): \(error)" } else { nil }
        }
        guard failures.isEmpty else {
            throw CommandFailure(
                "export stopped before writing: not every tenant was read:\n" + failures.joined(separator: "\n"))
        }
        let outcomes = exports.compactMap { try? $0.get() }
        let split = FleetExport.split(
            zip(read.tenants, outcomes).map { FleetExport.Tenant(name: $0.name, files: $1.files) },
            exportedAt: exportedAt)
        try write(split.baseline, into: out + "/baseline")
        var overlays: [String: [String]] = [:]
        for overlay in split.overlays where !overlay.files.isEmpty {
            let folder = "overlays/" + FleetOutput.fileName(overlay.name)
            try write(overlay.files, into: out + "/" + folder)
            overlays[overlay.name] = [folder]
        }
        let header = [
            "yaml-language-server: $schema=\(Self.schemaPath(from: URL(fileURLWithPath: out), schema: "fleet.schema.json"))",
            "Exported from \(read.tenants.count) tenants at \(exportedAt) (the tenants, groups and waves of \(file)).",
        ]
        let text = FleetWriter.text(read, baseline: ["baseline"], overlays: overlays, header: header)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out + "/fleet.yaml"), options: .atomic)
        } catch {
            throw CommandFailure("cannot write \(out)/fleet.yaml: \(error.localizedDescription)")
        }
        let own = split.overlays.reduce(0) { sum, overlay in
            sum + overlay.files.reduce(0) { $0 + $1.manifest.configurations.count }
        }
        Terminal.out(
            "Exported \(read.tenants.count) tenants into \(out): \(split.shared) configurations in the baseline (every "
                + "tenant has them the same way), \(own) in the tenants' overlays; the fleet file is \(out)/fleet.yaml.\n"
        )
    }
}
