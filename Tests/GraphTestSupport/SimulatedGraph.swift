import Foundation
public import GraphClient
public import GraphSimulator
public import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import TestSupport
import Testing

/// Graph sessions on an in-process simulator, and plans of the bundled examples made through them: what the
/// rendering, export and apply tests start from.
public enum SimulatedGraph {
    /// A session on an in-process simulator of `tenant`, at the global cloud's Graph root, without pacing.
    public static func session(_ tenant: SimulatedTenant) -> GraphSession {
        let simulator = GraphSimulator(
            tenant: tenant, options: .init(baseURL: "https://graph.microsoft.com", limits: nil))
        return GraphSession(transport: InProcessTransport(simulator), cloud: Cloud.named("global")!)
    }

    /// The bundled example tenant (`examples/tenant.json`).
    public static func exampleTenant() throws -> SimulatedTenant {
        try SimulatedTenant.load(Data(contentsOf: Repository.url("examples/tenant.json")))
    }

    /// The plan of these files of `examples/manifests` against a tenant file, which must plan without diagnostics.
    public static func examplePlan(
        _ files: [String], tenantFile: String = "examples/tenant.json", folder: String = "examples/manifests"
    ) async throws -> Plan {
        let sources = try files.map { file in
            ManifestSource(
                path: "\(folder)/\(file)", bytes: [UInt8](try Data(contentsOf: Repository.url("\(folder)/\(file)"))))
        }
        let loaded = ManifestLoader.load(sources)
        try #require(!loaded.hasErrors)
        let tenant = try SimulatedTenant.load(Data(contentsOf: Repository.url(tenantFile)))
        let digest = Digests.manifests(sources.map { ($0.path, $0.bytes) })
        let (plan, diagnostics) = try await PlanMaker.make(
            loaded.state, manifestDigest: digest, graph: IntuneGraph(session: session(tenant)))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        return try #require(plan)
    }
}
