import ArgumentParser
import Foundation
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import PlanRendering

/// A fleet file and the manifests of the tenants a run takes, loaded and checked before anything is sent.
struct LoadedFleet {
    /// The fleet as written.
    let fleet: Fleet
    /// The tenants of this run (all, or those `--tenants` and `--shard` select), each with its merged manifests.
    let tenants: [LoadedTenant]
}

/// One tenant of a run and its manifests: the baseline and its overlays, merged, as a single-tenant run has them.
struct LoadedTenant {
    let tenant: FleetTenant
    let manifests: LoadedManifests
}

enum FleetFiles {
    /// Reads the fleet file, selects the tenants (`--tenants`, `--wave`, `--shard`: those all of them name), and
    /// loads their manifests, each file once; on any error prints every diagnostic (each file's problem once, each
    /// tenant's with its name) and exits 1.
    static func loadOrExit(
        _ path: String, selecting selectors: [String] = [], wave: String? = nil, shard: Shard? = nil, color: Bool
    ) throws -> LoadedFleet {
        let fleet = try readOrExit(path, color: color)
        let tenants = try select(in: fleet, selectors, wave: wave, shard: shard)
        return LoadedFleet(fleet: fleet, tenants: try manifests(of: tenants, in: fleet, color: color))
    }

    /// Reads and checks the fleet file alone (not the manifests); on any error prints every diagnostic and exits 1.
    static func readOrExit(_ path: String, color: Bool) throws -> Fleet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the fleet file \(path)")
        }
        let (read, diagnostics) = FleetLoader.load(ManifestSource(path: path, bytes: [UInt8](data)))
        try ManifestFiles.reportOrExit(diagnostics, color: color)
        guard let fleet = read else { throw ExitCode.failure }
        return fleet
    }

    /// The tenants that every selection given names, in the fleet's order; a name the fleet does not define, or
    /// `--tenants` and `--wave` with no tenant in common, is the command's error.
    static func select(in fleet: Fleet, _ selectors: [String], wave: String?, shard: Shard?) throws -> [FleetTenant] {
        var names = Set(fleet.tenants.map(\.name))
        if !selectors.isEmpty {
            let parsed = try selectors.map { text in
                guard let selector = TenantSelector(text) else {
                    throw ValidationError("--tenants: '\(text)' is empty")
                }
                return selector
            }
            let unknown = fleet.unknownSelections(parsed)
            guard unknown.isEmpty else { throw CommandFailure(unknown.joined(separator: "\n")) }
            names.formIntersection(fleet.select(parsed).map(\.name))
        }
        if let wave {
            guard let found = fleet.waves.first(where: { $0.name == wave }) else {
                throw CommandFailure(
                    "the fleet has no wave '\(wave)'; its waves are: "
                        + (fleet.waves.isEmpty ? "none" : fleet.waves.map(\.name).joined(separator: ", ")))
            }
            names.formIntersection(fleet.select(found.selectors).map(\.name))
        }
        guard !names.isEmpty else { throw CommandFailure("no tenant is both in wave '\(wave ?? "")' and in --tenants") }
        // A shard may hold none of the tenants chosen (a matrix wider than the fleet): it then has nothing to do.
        if let shard { names.formIntersection(shard.tenants(of: fleet).map(\.name)) }
        return fleet.tenants.filter { names.contains($0.name) }
    }

    /// A path of the fleet file as the user would write it: relative paths are relative to the fleet file's folder.
    static func resolve(_ path: String, in fleet: Fleet) -> String {
        guard !path.hasPrefix("/") else { return path }
        let folder = (fleet.file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : folder + "/" + path
    }

    /// The merged manifests of each tenant, every file read once.
    static func manifests(of tenants: [FleetTenant], in fleet: Fleet, color: Bool) throws -> [LoadedTenant] {
        let baseline = try ManifestFiles.readOrExit(fleet.baseline.map { resolve($0, in: fleet) }, color: color)
        var overlays: [String: [ManifestSource]] = [:]
        for tenant in tenants {
            for overlay in tenant.overlays where overlays[overlay] == nil {
                overlays[overlay] = try ManifestFiles.readOrExit([resolve(overlay, in: fleet)], color: color)
            }
        }
        let loaded = FleetManifests.load(tenants, baseline: baseline, overlays: overlays)
        var diagnostics = loaded.diagnostics
        for tenant in loaded.tenants {
            let cloudProblems = CloudCheck.problems(tenant.result.state, cloud: tenant.tenant.cloud)
            diagnostics += tenant.result.withSourceLines(cloudProblems)
        }
        try ManifestFiles.reportOrExit(diagnostics, color: color)
        return loaded.tenants.map { tenant in
            // The digest covers the tenant's variables too: they change its manifests as much as its files do.
            let variables = tenant.tenant.variables.map { "\($0.name)=\($0.value)" }.joined(separator: "\n")
            let digest = Digests.manifests(
                tenant.sources.map { ($0.path, $0.bytes) } + [("fleet variables", Array(variables.utf8))])
            return LoadedTenant(
                tenant: tenant.tenant,
                manifests: LoadedManifests(sources: tenant.sources, result: tenant.result, digest: digest))
        }
    }
}
