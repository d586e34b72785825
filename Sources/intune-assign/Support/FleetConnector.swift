import ArgumentParser
import Foundation
import GraphClient
import GraphSimulator
import IntuneAssignCore
import Synchronization

/// Signs in to each tenant of a fleet on its own: one app, a token per tenant by its id or domain (the tenant's
/// `signIn.clientId` replacing the app's), its own session and pacing; or, with `--simulate-fleet DIR`, the simulator
/// on that tenant's file. Every tenant's session also takes its requests from one budget, Graph's cap on the app
/// across all tenants; the simulated tenants share that cap as Graph does.
struct FleetConnector: Sendable {
    /// The simulated tenants of `--simulate-fleet`, by id and by domain (lower-case), with their files.
    struct Simulated: Sendable {
        var byIdentity: [String: (file: String, tenant: SimulatedTenant)] = [:]
        /// Every tenant file of the folder, in name order.
        var files: [(file: String, tenant: SimulatedTenant)] = []

        /// Every `*.json` tenant file of the folder.
        init(folder: String) throws {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
            guard !names.isEmpty else { throw CommandFailure("\(folder): no tenant files (*.json) in this folder") }
            let paths = names.sorted().map { folder.hasSuffix("/") ? folder + $0 : folder + "/" + $0 }
            // Decoded side by side: a fleet of hundreds of tenant files is otherwise seconds of one core.
            let decoded = Mutex([Result<SimulatedTenant, CommandFailure>?](repeating: nil, count: paths.count))
            DispatchQueue.concurrentPerform(iterations: paths.count) { index in
                let result: Result<SimulatedTenant, CommandFailure>
                do { result = .success(try SimulatedTenant.file(paths[index])) } catch {
                    result = .failure(CommandFailure("\(paths[index]): \(error)"))
                }
                decoded.withLock { $0[index] = result }
            }
            for (file, result) in zip(paths, decoded.withLock { $0 }) {
                guard let result else { continue }
                let tenant = try result.get()
                files.append((file, tenant))
                for key in [tenant.tenantId.lowercased()] + tenant.domains.map({ $0.lowercased() }) {
                    if let other = byIdentity[key] {
                        throw CommandFailure(
                            "\(file) and \(other.file) are both tenant \(key); give each tenant one file")
                    }
                    byIdentity[key] = (file, tenant)
                }
            }
        }
    }

    let graph: GraphOptions
    let environment: [String: String]
    let simulated: Simulated?
    let latency: Duration
    /// The app's requests across all tenants (Graph's per-app cap).
    let budget: RequestBudget
    /// With `--simulate-fleet`: the cap the simulated tenants share.
    let appLimit: AppWideLimit

    /// A session on the tenant: signed in as its entry says, or on its simulated file.
    func connect(_ tenant: FleetTenant, needs: SignInNeeds) async throws -> GraphOptions.Connection {
        if let simulated {
            guard let found = simulated.byIdentity[tenant.identity.description.lowercased()] else {
                throw CommandFailure(
                    "no tenant file of --simulate-fleet is tenant \(tenant.identity) (by `tenantId` or `domains`)")
            }
            return graph.simulated(
                found.tenant, file: found.file, cloud: try graph.resolvedCloud(tenant.cloud, environment: environment),
                latency: latency, budget: budget, appLimit: appLimit)
        }
        // The tenant's own sign-in: the fleet's app (or the tenant's), a token for this tenant.
        var own = environment
        own["AZURE_TENANT_ID"] = tenant.identity.description
        if let client = tenant.signInClientID { own["AZURE_CLIENT_ID"] = client.description }
        var options = graph
        options.cloud = tenant.cloud
        var tenantNeeds = needs
        if case .id(let id) = tenant.identity { tenantNeeds.tenant = id }
        let connection = try await options.signIn(environment: own, needs: tenantNeeds, budget: budget)
        if graph.verbose {
            // Which tenant each token is for: the token's own `tid`, beside the fleet's name for the tenant.
            Terminal.err("sign-in: \(tenant.name): \(connection.description)\n")
            await connection.session.observe(VerboseLog.record)
        }
        return connection
    }

    /// Signs in to each tenant (with `needs`, the tenant's id added by `connect`), `width` at once, and does `work`
    /// there (given the tenant's index): the results
    /// in the tenants' order, a failed sign-in or a thrown error being that tenant's failure. What `check`, `usage`
    /// and `export --fleet` run on (`plan` and `apply` go through `FleetRunner`, for their reports, waves and
    /// `--fail-fast`).
    func each<Output: Sendable>(
        _ tenants: [FleetTenant], width: Int, needs: SignInNeeds,
        work: @escaping @Sendable (Int, GraphOptions.Connection) async throws -> Output
    ) async throws -> [Result<Output, CommandFailure>] {
        try await boundedConcurrently(Array(tenants.indices), width: width) { index in
            do {
                let connection = try await connect(tenants[index], needs: needs)
                return (index, Result<Output, CommandFailure>.success(try await work(index, connection)))
            } catch let failure as CommandFailure {
                return (index, .failure(failure))
            } catch {
                return (index, .failure(CommandFailure("\(error)")))
            }
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
