public import IntuneAssignCore

/// The manifests of every tenant of a fleet, loaded once: each file is read and decoded once however many tenants
/// get it, then each tenant's baseline and overlays are merged (`OverlayMerge`) and assembled as a single run.
public struct FleetManifests: Sendable {
    /// One tenant's run.
    public struct Tenant: Sendable {
        /// The tenant, as the fleet file has it.
        public var tenant: FleetTenant
        /// Its files: the baseline's, then its overlays'.
        public var sources: [ManifestSource]
        /// What loading made of its merged manifests: the manifests a single-tenant run of it would plan, and the
        /// desired state. Its diagnostics are those of this tenant only (the files' own are in `diagnostics`).
        public var result: LoadResult
    }

    /// Every tenant asked for, in the fleet's order.
    public var tenants: [Tenant]
    /// Every diagnostic of every file and every tenant, once each, in file, line and column order.
    public var diagnostics: [Diagnostic]
    /// The text of every file read, by path.
    public var texts: [String: SourceText]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Loads the manifests of `tenants`: `baseline` and each tenant's overlays are the sources of the folders and
    /// files the fleet names, `overlays[path]` those of one overlay entry.
    public static func load(
        _ tenants: [FleetTenant], baseline: [ManifestSource], overlays: [String: [ManifestSource]]
    ) -> FleetManifests {
        var all = ManifestLoader.decode(baseline)
        let baselineManifests = all.manifests
        var decodedOverlays: [String: [Manifest]] = [:]
        for tenant in tenants {
            for path in tenant.overlays where decodedOverlays[path] == nil {
                let decoded = ManifestLoader.decode(overlays[path] ?? [])
                decodedOverlays[path] = decoded.manifests
                all.diagnostics += decoded.diagnostics
                all.texts.merge(decoded.texts) { first, _ in first }
            }
        }
        var loaded: [Tenant] = []
        for tenant in tenants {
            let overlayManifests = tenant.overlays.flatMap { decodedOverlays[$0] ?? [] }
            let (manifests, mergeDiagnostics) = OverlayMerge.manifests(
                for: tenant, baseline: baselineManifests, overlays: overlayManifests)
            let (state, assemblyDiagnostics) = DesiredState.assemble(manifests)
            let own = LoadResult(
                manifests: manifests, state: state, diagnostics: mergeDiagnostics + assemblyDiagnostics,
                texts: all.texts
            ).sortedWithSourceLines()
            all.diagnostics += own.diagnostics
            loaded.append(
                Tenant(
                    tenant: tenant, sources: baseline + tenant.overlays.flatMap { overlays[$0] ?? [] }, result: own))
        }
        let sorted = all.sortedWithSourceLines()
        return FleetManifests(tenants: loaded, diagnostics: sorted.diagnostics, texts: sorted.texts)
    }
}
