import ArgumentParser
import Foundation
import GraphSimulator
import GraphSimulatorServer

/// `intune-assign simulator`: the Graph simulator as an HTTP server on 127.0.0.1.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Serve a simulated Intune tenant over HTTP on 127.0.0.1 (Graph beta subset and a token endpoint).",
        discussion: """
            Prints the URL to give intune-assign (--graph-url) and serves until stopped. The tenant file is read once;
            what is written through the server lives in memory only. With --fleet DIR, every tenant file of the folder
            is served at the one address, as Graph serves every tenant: a sign-in goes to the tenant its path names (id
            or domain), and a Graph request to the tenant its token was issued for (tokens are required). The tenants
            share Graph's cap on one app across tenants.
            """
    )

    @Option(help: "The tenant file (JSON, schemas/tenant.schema.json).")
    var tenant: String?

    @Option(
        name: .customLong("fleet"),
        help: ArgumentHelp("Serve every tenant file (*.json) of this folder at one address.", valueName: "DIR"))
    var fleet: String?

    @Option(help: "The port on 127.0.0.1 (0: any free port).")
    var port: Int = 0

    @Option(name: .customLong("latency-ms"), help: "Milliseconds added to every response.")
    var latencyMs: Int = 0

    @Option(
        name: .customLong("write-limit"),
        help: ArgumentHelp(
            "Writes allowed per window, as N/SECONDS (0/0 turns throttling off).", valueName: "N/SECONDS"))
    var writeLimit = RateLimit(argument: "100/20")!

    @Option(
        name: .customLong("request-log"),
        help: "Append one JSON line per request (method, path, status, duration) to this file.")
    var requestLog: String?

    @Option(
        name: .customLong("fault"),
        help: ArgumentHelp(
            "Fail the next requests whose 'METHOD /path' contains PATTERN: PATTERN=STATUS or PATTERN=drop, optionally xCOUNT.",
            valueName: "PATTERN=STATUS[xCOUNT]"))
    var faults: [String] = []

    @Option(
        name: .customLong("forbid"),
        help: ArgumentHelp("Answer 403 under this path prefix (after /beta).", valueName: "PREFIX"))
    var forbidden: [String] = []

    @Option(
        name: .customLong("read-lag"),
        help: ArgumentHelp(
            "After a write to a configuration, its reads show the assignments from before the write for this many "
                + "seconds (app protection reads lag behind writes).", valueName: "SECONDS"))
    var readLag: Double = 0

    @Option(
        name: .customLong("maa"),
        help: ArgumentHelp(
            "Put writes under this path prefix (after /beta) under Multi Admin Approval, such as "
                + "/deviceManagement/configurationPolicies.", valueName: "PREFIX"))
    var approvalPaths: [String] = []

    @Option(
        name: .customLong("maa-status"),
        help: "The status of Multi Admin Approval's \"approval required\" answer: 403 or 412 (reports differ).")
    var approvalStatus: Int = 403

    @Flag(
        name: .customLong("maa-payload-properties"),
        help: ArgumentHelp(
            "Show payloadId, payloadOperation and actionParameters on approval requests (seen by one operator, not "
                + "in Microsoft's contract; by default the documented entity only)."))
    var approvalPayloadProperties = false

    @Flag(
        name: .customLong("require-token"),
        help: "Answer 401 to Graph requests without a bearer token from the simulator's own token endpoint.")
    var requireToken = false

    @Option(
        name: .customLong("device-code-interval"),
        help: ArgumentHelp("Seconds a device-code client is told to wait between polls.", valueName: "SECONDS"))
    var deviceCodeInterval: Double = 5

    @Flag(
        name: .customLong("device-code-slow-down"),
        help:
            "Answer slow_down to a device-code poll sooner than the interval (RFC 8628; Entra's page lists no such answer)."
    )
    var deviceCodeSlowDown = false

    @Option(
        name: .customLong("device-codes"),
        help: ArgumentHelp(
            "What the simulated person does with each device code: approve, decline or expire it at the first poll (default: wait for POST /simulator/deviceCodes/{code}/approve|decline|expire).",
            valueName: "DECISION"))
    var deviceCodeDecision: String?

    /// The output options every command takes (the simulator prints its URL and nothing coloured).
    @OptionGroup var output: OutputOptions

    /// Refuses a negative latency or a malformed fault before the server starts.
    func validate() throws {
        guard (tenant == nil) != (fleet == nil) else {
            throw ValidationError("give --tenant FILE, or --fleet DIR for a folder of tenant files")
        }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms cannot be negative") }
        guard readLag >= 0, readLag.isFinite else { throw ValidationError("--read-lag takes seconds, 0 or more") }
        if let decision = deviceCodeDecision, !["approve", "decline", "expire"].contains(decision) {
            throw ValidationError("--device-codes is approve, decline or expire")
        }
        guard deviceCodeInterval >= 1, deviceCodeInterval.isFinite else {
            throw ValidationError("--device-code-interval takes seconds, 1 or more")
        }
        guard approvalStatus == 403 || approvalStatus == 412 else {
            throw ValidationError("--maa-status is 403 or 412")
        }
        if let path = approvalPaths.first(where: { !$0.hasPrefix("/") }) {
            throw ValidationError("--maa takes a path after /beta, starting with /; not '\(path)'")
        }
        for fault in faults where GraphSimulator.Fault(argument: fault) == nil {
            throw ValidationError(
                "--fault takes PATTERN=STATUS or PATTERN=drop, optionally followed by xCOUNT; not '\(fault)'")
        }
    }

    /// Loads the tenant file (or the fleet's), starts the server and serves until stopped.
    func run() async throws {
        let log = try requestLog.map(RequestLogFile.init(path:))
        var observer: (@Sendable (GraphSimulator.LogEntry) -> Void)?
        if let log { observer = { log.append($0) } }
        let onRequest = observer
        if let fleet { return try await serve(fleet: fleet, onRequest: onRequest) }
        let tenantState = try configured(SimulatedTenant.file(tenant ?? ""))
        let options = simulatorOptions()
        let server = try await SimulatorServer.start(port: port) { url in
            var configured = options
            configured.baseURL = url
            return GraphSimulator(tenant: tenantState, options: configured, onRequest: onRequest)
        }
        for fault in faults { server.simulator.inject(GraphSimulator.Fault(argument: fault)!) }
        Terminal.out(
            "Simulating tenant \(tenantState.tenantId) at \(server.url) (Graph root; sign-in at the same address).\n")
        try await server.wait()
    }

    /// Serves every tenant file of `folder` at one address, each tenant with its own simulator.
    func serve(fleet folder: String, onRequest: (@Sendable (GraphSimulator.LogEntry) -> Void)?) async throws {
        let tenants = try FleetConnector.Simulated(folder: folder).files.map { configured($0.tenant) }
        var options = simulatorOptions()
        options.requireToken = true
        options.appLimit = .graph()
        let shared = options
        let server = try await FleetSimulatorServer.start(port: port) { url in
            var configured = shared
            configured.baseURL = url
            return SimulatedFleet(
                tenants.map { GraphSimulator(tenant: $0, options: configured, onRequest: onRequest) })
        }
        for simulator in server.fleet.simulators {
            for fault in faults { simulator.inject(GraphSimulator.Fault(argument: fault)!) }
        }
        let names = tenants.map { ($0.domains.first ?? $0.tenantId) }.joined(separator: ", ")
        Terminal.out(
            "Simulating \(tenants.count) tenants (\(names)) at \(server.url) (Graph root; sign-in at "
                + "the same address, /TENANT/oauth2/v2.0/token).\n")
        try await server.wait()
    }

    /// The tenant with `--maa`'s approval settings added.
    func configured(_ tenant: SimulatedTenant) -> SimulatedTenant {
        var state = tenant
        if !approvalPaths.isEmpty {
            var approval = state.multiAdminApproval ?? .init(protectedPaths: [])
            approval.protectedPaths += approvalPaths
            approval.approvalRequiredStatus = approvalStatus
            if approvalPayloadProperties { approval.payloadProperties = true }
            state.multiAdminApproval = approval
        }
        return state
    }

    /// The simulator's behaviour as the options set it.
    func simulatorOptions() -> GraphSimulator.Options {
        var options = GraphSimulator.Options(
            latency: .milliseconds(latencyMs), limits: .intune(writes: writeLimit.limit), forbidden: forbidden,
            requireToken: requireToken)
        options.readLag = readLag > 0 ? readLag : nil
        options.deviceCodeInterval = deviceCodeInterval
        options.deviceCodeSlowDown = deviceCodeSlowDown
        options.deviceCodeDecision = deviceCodeDecision
        return options
    }
}
