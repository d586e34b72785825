public import IntuneAssignCore

/// `fleet.json`, the index a fleet plan saves beside its per-tenant plan files (`plan --fleet … --out DIR`): each
/// tenant's verdict, exit status, plan file and the file's SHA-256, and the fleet's exit status with the tenant that
/// gave it. `show DIR…` merges the indexes of shards; `apply --fleet FILE DIR` finds each tenant's plan through it.
public enum FleetIndexFile {
    /// The index format this intune-assign writes and reads.
    public static let formatVersion = 1
    /// The index's file name in an output folder.
    public static let fileName = "fleet.json"

    /// One tenant's line, as read back.
    public struct Entry: Hashable, Sendable {
        /// The tenant's name.
        public var tenant: String
        /// Its id or domain.
        public var identity: String
        /// Its verdict.
        public var verdict: String
        /// Its exit status, as the plan was run.
        public var exitStatus: Int32
        /// Its plan file, relative to the folder (`nil`: no plan was made).
        public var planFile: String?
        /// The SHA-256 of the plan file.
        public var planDigest: String?
        /// Requests sent to its Graph.
        public var requests: Int
        /// Throttling answers.
        public var throttles: Int
        /// Why it has no plan, as shown.
        public var error: String?
    }

    /// The index: the fleet file, the shard, every tenant, and the fleet's exit status.
    public static func encode(
        _ results: [FleetTenantResult], fleet: String, shard: String?, detailed: Bool
    ) -> JSONValue {
        let worst = FleetExit.worst(results, detailed: detailed)
        let tenants: [JSONValue] = results.map { result in
            var pairs: [(key: String, value: JSONValue)] = [
                ("name", .string(result.tenant)), ("identity", .string(result.identity)),
                ("verdict", .string(result.verdict)), ("exit_status", .int(Int(result.exitStatus(detailed: detailed)))),
                ("plan_file", result.planFile.map(JSONValue.string) ?? .null),
                ("plan_digest", result.planDigest.map(JSONValue.string) ?? .null),
                ("requests", .int(result.requests)), ("throttles", .int(result.throttles)),
            ]
            if case .planned(let plan) = result.outcome {
                let summary = plan.summary
                pairs.append(
                    (
                        "summary",
                        [
                            "to_change": .int(summary.toChange), "add": .int(summary.add),
                            "update": .int(summary.update), "remove": .int(summary.remove),
                            "calls": .int(summary.calls),
                        ]
                    ))
            }
            if let error = FleetReportRenderer.error(result) { pairs.append(("error", .string(error))) }
            return .object(pairs)
        }
        return .object([
            ("format_version", .int(formatVersion)), ("fleet", .string(fleet)),
            ("shard", shard.map(JSONValue.string) ?? .null),
            ("exit_status", .int(Int(worst.status))), ("exit_tenant", worst.tenant.map(JSONValue.string) ?? .null),
            ("tenants", .array(tenants)),
        ])
    }

    /// Reads an index back; a file of another format or version is refused with why.
    public static func decode(_ bytes: [UInt8]) throws(PlanFile.ReadError) -> (fleet: String, entries: [Entry]) {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw PlanFile.ReadError("not JSON: \(error)") }
        guard case .int(let version)? = value["format_version"] else {
            throw PlanFile.ReadError("not a fleet index (no format_version)")
        }
        guard version == formatVersion else {
            throw PlanFile.ReadError("fleet index format \(version) is not supported; this reads \(formatVersion)")
        }
        guard case .string(let fleet)? = value["fleet"], case .array(let tenants)? = value["tenants"] else {
            throw PlanFile.ReadError("not a fleet index (no fleet or tenants)")
        }
        var entries: [Entry] = []
        for (index, tenant) in tenants.enumerated() {
            guard case .string(let name)? = tenant["name"], case .string(let identity)? = tenant["identity"],
                case .string(let verdict)? = tenant["verdict"], case .int(let status)? = tenant["exit_status"]
            else { throw PlanFile.ReadError("tenants[\(index)] lacks its name, identity, verdict or exit status") }
            let text = { (key: String) -> String? in if case .string(let value)? = tenant[key] { value } else { nil } }
            let number = { (key: String) -> Int in if case .int(let value)? = tenant[key] { value } else { 0 } }
            entries.append(
                Entry(
                    tenant: name, identity: identity, verdict: verdict, exitStatus: Int32(clamping: status),
                    planFile: text("plan_file"), planDigest: text("plan_digest"), requests: number("requests"),
                    throttles: number("throttles"), error: text("error")))
        }
        return (fleet, entries)
    }
}
