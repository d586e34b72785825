import ArgumentParser
import Foundation
import GraphClient
import GraphHTTP
import GraphSimulator
import IntuneAssignCore
import IntuneAssignOperations

/// The options of every command that talks to Graph, and how they become a session.
struct GraphOptions: ParsableArguments {
    @Option(help: "The Microsoft cloud: global, usgov, usgov-dod or china.")
    var cloud: String = "global"

    @Option(
        name: .customLong("graph-url"),
        help: ArgumentHelp(
            "The Graph root without version (default: the cloud's; env INTUNE_ASSIGN_GRAPH_URL). Plain http only on loopback.",
            valueName: "URL"))
    var graphURL: String?

    @Option(
        help: ArgumentHelp(
            "Run against the simulator, in-process, on this tenant file (no credentials needed).",
            valueName: "FILE"))
    var simulate: String?

    @Flag(help: "List every Graph request on stderr: method, path, status and time (never headers, bodies or tokens).")
    var verbose = false

    @Option(
        name: .customLong("sign-in"),
        help: ArgumentHelp(
            "Sign in only this way: environment, github-oidc, access-token, managed-identity or device-code (default: the first of them that applies).",
            valueName: "METHOD"),
        transform: { text in
            guard let method = SignInMethod(rawValue: text) else {
                throw ValidationError(
                    "--sign-in must be one of: \(SignInMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return method
        })
    var signInMethod: SignInMethod?

    @Option(help: "How many $batch requests may be in flight at once (1-16).")
    var concurrency: Int = 4

    @Option(
        name: .customLong("write-limit"),
        help: ArgumentHelp(
            "Pace writes under N per SECONDS, and all requests under ten times that (Intune: 100 writes and 1000 requests per 20 s per app and tenant); 0/0: no pacing.",
            valueName: "N/SECONDS"))
    var writeLimit = RateLimit(argument: "100/20")!

    /// Refuses a concurrency out of range or an unknown cloud before anything runs.
    func validate() throws {
        guard (1...16).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 16") }
        guard Cloud.named(cloud) != nil else {
            throw ValidationError("--cloud must be one of: \(Cloud.all.map(\.name).joined(separator: ", "))")
        }
    }

    /// The one cloud check, before any request: a configuration of the manifests whose kind the cloud's Graph does
    /// not serve is an error at its place (exit 1); a named kind it does not serve is the command's error. Returns
    /// the kinds to read: those named, or every kind the cloud serves.
    @discardableResult
    func checkCloud(_ manifests: LoadedManifests?, kinds named: [Kind] = [], color: Bool) throws -> [Kind] {
        if let manifests {
            let problems = CloudCheck.problems(manifests.state, cloud: cloud)
            if !problems.isEmpty {
                try ManifestFiles.reportOrExit(manifests.result.withSourceLines(problems), color: color)
            }
        }
        switch CloudCheck.kinds(named, cloud: cloud) {
        case .success(let kinds): return kinds
        case .failure(let problem): throw CommandFailure(problem.description)
        }
    }

    /// A session and what it is connected to.
    struct Connection: FleetConnection {
        var session: GraphSession
        /// How it signed in (never a secret).
        var description: String
        /// Who the token speaks for, from its claims (never the token); `nil` for the simulator or a non-JWT token.
        var identity: String?
        /// Whose changes in the audit log are this connection's own (`plan --blame`).
        var auditIdentity = Blame.Identity()
        /// With `--simulate` (or `--simulate-fleet`): the simulator and its tenant file, to write the tenant back
        /// after an apply.
        var simulator: (simulator: GraphSimulator, file: String)?

        /// The tenant's Graph through this session, made once.
        let graph: IntuneGraph

        init(
            session: GraphSession, description: String, identity: String? = nil,
            simulator: (simulator: GraphSimulator, file: String)? = nil, concurrency: Int
        ) {
            self.session = session
            self.description = description
            self.identity = identity
            self.simulator = simulator
            graph = IntuneGraph(session: session, concurrency: concurrency)
        }

        /// Writes a simulated tenant back to its file (after an apply); returns the file, `nil` when not simulated.
        func saveSimulatedTenant() throws -> String? {
            guard let simulator else { return nil }
            do {
                try simulator.simulator.tenant.fileData().write(
                    to: URL(fileURLWithPath: simulator.file), options: .atomic)
            } catch {
                throw CommandFailure("cannot save the simulated tenant to \(simulator.file): \(error)")
            }
            return simulator.file
        }
    }

    /// Signs in (or opens the simulator) and turns on `--verbose` logging.
    func connect(environment: [String: String], needs: SignInNeeds) async throws -> Connection {
        GitHubActions.maskSecrets(environment: environment)
        let connection = try await signIn(environment: environment, needs: needs)
        if verbose { await connection.session.observe(VerboseLog.record) }
        return connection
    }

    /// The cloud `--cloud` names (or `name`), its Graph root replaced by `--graph-url` or
    /// `INTUNE_ASSIGN_GRAPH_URL` when one is given.
    func resolvedCloud(_ name: String? = nil, environment: [String: String]) throws(GraphError) -> Cloud {
        let cloud = Cloud.named(name ?? self.cloud) ?? Cloud.named("global")!
        guard let root = graphURL ?? environment["INTUNE_ASSIGN_GRAPH_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return cloud
        }
        return try cloud.overriding(graphRoot: root)
    }

    /// A session on the simulator with `--simulate`, else signed in with the environment's credentials; a fleet's
    /// sessions share the `budget` of Graph's cap per app.
    func signIn(
        environment: [String: String], needs: SignInNeeds, budget: RequestBudget? = nil
    ) async throws -> Connection {
        let policy = RetryPolicy.intune(writes: writeLimit.limit)
        do {
            let cloud = try resolvedCloud(environment: environment)
            if let simulate { return simulated(try SimulatedTenant.file(simulate), file: simulate, cloud: cloud) }
            let transport = HTTPSTransport()
            let signedIn = try await CredentialChain.signIn(
                SignInContext(
                    environment: environment, readFile: { try String(contentsOfFile: $0, encoding: .utf8) },
                    cloud: cloud, transport: transport, method: signInMethod, scopes: needs.scopes,
                    manifestTenant: needs.tenant?.description, interactive: isatty(0) == 1 && isatty(2) == 1,
                    showCode: Self.show))
            if verbose {
                for (method, reason) in signedIn.skipped { Terminal.err("sign-in: \(method) skipped: \(reason)\n") }
                Terminal.err("sign-in: \(signedIn.method): \(signedIn.description)\n")
            }
            let session = GraphSession(
                transport: transport, cloud: signedIn.cloud, tokens: signedIn.provider, policy: policy, budget: budget)
            var line = "\(signedIn.description) at \(signedIn.cloud.graphRoot)"
            let token = try await signedIn.provider.token(forceRefresh: false)
            if let tenant = TokenClaims.tenant(of: token) { line += " (tenant \(tenant))" }
            var connection = Connection(
                session: session, description: line, identity: TokenClaims.identity(of: token),
                concurrency: concurrency)
            connection.auditIdentity = TokenClaims.auditIdentity(of: token)
            return connection
        } catch let error as GraphError {
            throw CommandFailure(error.description)
        }
    }

    /// A session on the simulator, in-process, over `tenant` (read from `file`), with Intune's limits as
    /// `--write-limit` sets them and the `--latency-ms` of `latency`; in a fleet, the session takes its requests from
    /// `budget` too, and the simulator counts them under the `appLimit` all the fleet's simulators share.
    func simulated(
        _ tenant: SimulatedTenant, file: String, cloud: Cloud, latency: Duration = .zero,
        budget: RequestBudget? = nil, appLimit: AppWideLimit? = nil
    ) -> Connection {
        let limits = GraphSimulator.Limits.intune(writes: writeLimit.limit)
        var options = GraphSimulator.Options(baseURL: cloud.graphRoot, limits: limits)
        options.latency = latency
        options.appLimit = appLimit
        let simulator = GraphSimulator(tenant: tenant, options: options)
        let session = GraphSession(
            transport: InProcessTransport(simulator), cloud: cloud, policy: .intune(writes: writeLimit.limit),
            budget: budget)
        var connection = Connection(
            session: session, description: "the simulator on \(file) (tenant \(tenant.tenantId))",
            simulator: (simulator, file), concurrency: concurrency)
        // In-process requests carry no token: the simulator's audit log records them as its unsigned client.
        connection.auditIdentity = Blame.Identity(applicationID: GraphSimulator.unsignedClientID)
        return connection
    }

    /// Shows a device code on stderr, where a person at the terminal reads it (stdout may be a plan file).
    @Sendable static func show(_ prompt: DeviceCodeCredential.Prompt) {
        Terminal.err(
            "\(prompt.message)\nDelegated scopes asked for: \(prompt.scopes.joined(separator: ", ")).\n"
                + "Waiting for the sign-in to finish (the code is good for \(prompt.expiresIn / 60) minutes)…\n")
    }
}
