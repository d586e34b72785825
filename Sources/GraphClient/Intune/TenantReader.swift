import Crypto
public import IntuneAssignCore

/// Which part of a tenant a run lists: the configurations of these kinds (with the assignments their list pages
/// carry), every assignment filter, and the groups that carry these display names.
public struct TenantScope: Hashable, Sendable {
    /// The kinds to list.
    public var kinds: [Kind]
    /// Display names to look groups up by.
    public var groupsNamed: [String]
    /// The tenant the run is for, when it knows: signed in to another, nothing is listed.
    public var tenant: GUID?

    /// A scope of `kinds`, looking up `groupsNamed`, for `tenant` when given.
    public init(kinds: [Kind], groupsNamed: [String] = [], tenant: GUID? = nil) {
        self.kinds = kinds
        self.groupsNamed = groupsNamed
        self.tenant = tenant
    }
}

/// What to read about given configurations and objects, into a snapshot.
public struct ObservationScope: Sendable {
    /// Configurations whose assignments to read, with the parts besides them (the Autopilot devices that carry a
    /// profile, a policy's enrollment-time device group). Each is read even when the snapshot holds it: observing
    /// is reading again.
    public var configurations: [(key: ConfigurationKey, parts: ObservedParts)]
    /// Groups whose display names to read (those the snapshot knows are not read again).
    public var groupIDs: [GUID]
    /// Autopilot device identities to check for existence.
    public var autopilotDevices: [DeviceID]
    /// Display names to look groups up by (those the snapshot looked up are not read again).
    public var groupsNamed: [String]

    /// A scope of what to read.
    public init(
        configurations: [(key: ConfigurationKey, parts: ObservedParts)] = [], groupIDs: [GUID] = [],
        autopilotDevices: [DeviceID] = [], groupsNamed: [String] = []
    ) {
        self.configurations = configurations
        self.groupIDs = groupIDs
        self.autopilotDevices = autopilotDevices
        self.groupsNamed = groupsNamed
    }
}

/// What a run has read of one tenant, read once and shared by everything the run does: plan, export and usage all
/// take it. Assignments are kept as Graph answered them (the fingerprint is of Graph's answer) and parsed into the
/// planner's terms on the way out (`observation`).
public struct TenantSnapshot: Sendable {
    /// The tenant read.
    public var tenant: GUID
    /// The Graph root it was read from.
    public var graphRoot: String
    /// The kinds listed.
    public var kinds: [Kind] = []
    /// The configurations of each kind listed.
    public var configurations: [Kind: [ListedConfiguration]] = [:]
    /// Every assignment filter.
    public var filters: [DirectoryObject] = []
    /// The groups found for each display name looked up.
    public var groupsByName: [String: [DirectoryObject]] = [:]
    /// Assignments as Graph answered them: those list pages carried and those observed since.
    public var assignments: [ConfigurationKey: [JSONValue]] = [:]
    /// The Autopilot devices that carry each profile observed with its devices.
    public var assignedDevices: [ConfigurationKey: [DeviceID]] = [:]
    /// The enrollment-time device group of each policy observed with it.
    public var deviceGroups: [ConfigurationKey: DeviceGroup] = [:]
    /// The access each role assignment read gives.
    public var roleAccess: [ConfigurationKey: RoleAccess] = [:]
    /// The serial numbers the Apple tokens read list.
    public var appleSerials: Set<DeviceID> = []
    /// Whether each Apple enrollment profile read is its token's default.
    public var appleDefaults: [ConfigurationKey: Bool] = [:]
    /// Display names of the groups read by id; an id the directory does not know is absent.
    public var groupNames: [GUID: String] = [:]
    /// The Autopilot device identities checked, and which of them exist.
    public var checkedDevices: Set<DeviceID> = []
    /// Of `checkedDevices`, those that exist.
    public var existingDevices: Set<DeviceID> = []

    /// An empty snapshot of `tenant`, read from `graphRoot`.
    public init(tenant: GUID, graphRoot: String) {
        self.tenant = tenant
        self.graphRoot = graphRoot
    }

    /// A digest of what was read for one configuration: its assignments (every property, in any order) and, where
    /// read, its Autopilot devices and its enrollment-time device group. Equal when, and only when, Graph answered the same. OData annotations of an
    /// assignment itself (`@odata.type`, which list expand may leave out) are not part of it: the digest does not
    /// depend on which read path answered. A saved plan carries it, and `apply` compares it to refuse a stale plan.
    public static func fingerprint(
        assignments: [JSONValue], devices: [DeviceID]?, deviceGroup: DeviceGroup? = nil, roleAccess: RoleAccess? = nil,
        isDefault: Bool? = nil
    ) -> String {
        let bare = assignments.map { assignment -> JSONValue in
            guard case .object(let pairs) = assignment else { return assignment }
            return .object(pairs.filter { !$0.key.hasPrefix("@odata.") })
        }
        var text = bare.map(\.canonicalText).sorted().joined(separator: "\n")
        if let devices { text += "\ndevices:" + devices.map(\.description).sorted().joined(separator: ",") }
        if let deviceGroup { text += "\ndeviceGroup:" + (deviceGroup.id?.description ?? "none") }
        if let roleAccess { text += "\nroleAccess:" + roleAccess.canonicalText }
        if let isDefault { text += "\ndefault:\(isDefault)" }
        return "sha256:"
            + SHA256.hash(data: Array(text.utf8)).map { byte in
                byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
            }.joined()
    }

    /// Whether the configuration's assignments (and its `parts`) were read: cheap, unlike `observation`, which
    /// parses and fingerprints.
    public func holds(_ key: ConfigurationKey, parts: ObservedParts = []) -> Bool {
        assignments[key] != nil && (!parts.contains(.devices) || assignedDevices[key] != nil)
            && (!parts.contains(.deviceGroup) || deviceGroups[key] != nil)
            && (!key.kind.isRoleAccess || roleAccess[key] != nil)
            && (!parts.contains(.defaultProfile) || appleDefaults[key] != nil)
    }

    /// What was read about one configuration, in the planner's terms, fingerprinted; `nil` when its assignments
    /// (or its `parts`) were not read.
    public func observation(_ key: ConfigurationKey, parts: ObservedParts = []) -> ObservedConfiguration? {
        guard holds(key, parts: parts), let values = assignments[key] else { return nil }
        let carried = parts.contains(.devices) ? assignedDevices[key] : nil
        let group = parts.contains(.deviceGroup) ? deviceGroups[key] : nil
        let isDefault = parts.contains(.defaultProfile) ? appleDefaults[key] : nil
        var observed = ObservedConfiguration(
            graph: values, kind: key.kind, devices: carried, deviceGroup: group,
            fingerprint: Self.fingerprint(
                assignments: values, devices: carried, deviceGroup: group, roleAccess: roleAccess[key],
                isDefault: isDefault))
        observed.roleAccess = roleAccess[key]
        observed.isDefault = isDefault
        return observed
    }
}

/// The one way a run reads a tenant: a snapshot for a scope, then observations of given configurations into it.
/// `GraphTenantReader` reads through Graph; `InMemoryTenantReader` answers from memory, for tests where the wire
/// does not matter.
public protocol TenantReader: Sendable {
    /// The tenant signed in to, and the listing of the scope.
    func snapshot(_ scope: TenantScope) async throws(GraphError) -> TenantSnapshot
    /// Reads what `scope` asks into `snapshot`.
    func observe(_ scope: ObservationScope, into snapshot: inout TenantSnapshot) async throws(GraphError)
    /// How many configurations to observe at a time when progress is told between rounds.
    var observationChunk: Int { get }
    /// Requests sent and throttling waits so far, for a progress line.
    func counts() async -> (requests: Int, throttles: Int)
    /// The audit log's events since `since`, at most `pageLimit` pages (`plan --blame`).
    func auditLog(since: String, pageLimit: Int) async throws(GraphError) -> Blame.Log
    /// How many users and devices the scope's targets reach (`plan --reach`); what cannot be read is a problem in
    /// the counts, never an error.
    func reachCounts(_ scope: ReachScope) async -> Reach.Counts
}

/// Reads a tenant through Graph, batched, with the session's retries and pacing.
public struct GraphTenantReader: TenantReader {
    /// The tenant's Graph.
    public let graph: IntuneGraph

    /// A reader on `graph`.
    public init(graph: IntuneGraph) { self.graph = graph }

    /// Enough configurations to keep every batch slot busy twice over.
    public var observationChunk: Int { GraphSession.batchSize * 2 * graph.concurrency }

    /// The audit log through Graph.
    public func auditLog(since: String, pageLimit: Int) async throws(GraphError) -> Blame.Log {
        try await graph.auditLog(since: since, pageLimit: pageLimit)
    }

    /// The counts through Graph.
    public func reachCounts(_ scope: ReachScope) async -> Reach.Counts { await graph.reachCounts(scope) }

    /// The session's counts.
    public func counts() async -> (requests: Int, throttles: Int) {
        (await graph.session.requestCount, await graph.session.throttles)
    }

    /// One set of batches: every kind's listing, the filters and the groups named; later pages together.
    public func snapshot(_ scope: TenantScope) async throws(GraphError) -> TenantSnapshot {
        var snapshot = TenantSnapshot(
            tenant: try await graph.signedInTenant(), graphRoot: graph.session.cloud.graphRoot)
        if let tenant = scope.tenant, tenant != snapshot.tenant { return snapshot }
        snapshot.kinds = scope.kinds
        let listing = try await graph.listing(of: scope.kinds, groupsNamed: scope.groupsNamed)
        snapshot.configurations = listing.configurations
        snapshot.assignments = listing.assignments
        snapshot.filters = listing.filters
        snapshot.groupsByName = listing.groups
        snapshot.roleAccess = listing.roleAccess
        snapshot.appleDefaults = listing.appleDefaults
        return snapshot
    }

    /// The configurations' assignments (and their devices), each by the cheapest path that is correct for its
    /// kind: one by one by the kind's item path, or, for a list-expand kind with `IntuneGraph.listingPays`
    /// configurations or more, by the kind's list pages; then the group names and the Autopilot devices, batched.
    public func observe(_ scope: ObservationScope, into snapshot: inout TenantSnapshot) async throws(GraphError) {
        // Role assignments carry their access on the object itself: read again one by one, batched. Neither they nor
        // Apple enrollment profiles have assignments.
        let roles = scope.configurations.map(\.key).filter(\.kind.isRoleAccess)
        if !roles.isEmpty { snapshot.roleAccess.merge(try await graph.roleAccess(roles)) { $1 } }
        for item in scope.configurations where !item.key.kind.takesAssignments { snapshot.assignments[item.key] = [] }
        // Apple enrollment profiles: their token's imported devices say which serial numbers carry each (read with
        // the other lists below). Whether one is its token's default comes with the listing a plan has just read, and
        // is read again by a reader that did not list (apply).
        let apple = scope.configurations.filter {
            $0.parts.contains(.devices) && $0.key.kind.write.style == .serialNumbers
        }.map(\.key)
        let appleReads = IntuneGraph.appleDeviceReads(apple)
        let defaults = scope.configurations.filter {
            $0.parts.contains(.defaultProfile) && snapshot.appleDefaults[$0.key] == nil
        }.map(\.key)
        if !defaults.isEmpty { snapshot.appleDefaults.merge(try await graph.appleDefaults(defaults)) { $1 } }
        let scope = ObservationScope(
            configurations: scope.configurations.filter(\.key.kind.takesAssignments), groupIDs: scope.groupIDs,
            autopilotDevices: scope.autopilotDevices, groupsNamed: scope.groupsNamed)
        let many = Dictionary(grouping: scope.configurations.map(\.key), by: \.kind).filter {
            $0.key.read.assignments == .listExpand && $0.value.count >= IntuneGraph.listingPays
        }
        let listed = many.isEmpty ? [:] : try await graph.listedAssignments(of: many.keys.sorted { $0.name < $1.name })
        var reads: [IntuneGraph.CollectionRead] = []
        for item in scope.configurations {
            if listed[item.key] == nil { reads.append(IntuneGraph.itemRead(item.key)) }
            if item.parts.contains(.devices), item.key.kind.write.style == .deviceIds {
                reads.append(IntuneGraph.CollectionRead(item.key.path + "/assignedDevices", kind: item.key.kind))
            }
        }
        var lists = try await graph.collections(reads + appleReads.reads)[...]
        let appleLists = Array(lists.suffix(appleReads.reads.count))
        lists = lists.dropLast(appleReads.reads.count)
        let appleRead = IntuneGraph.appleDevices(apple, tokens: appleReads.tokens, lists: appleLists)
        snapshot.appleSerials.formUnion(appleRead.serials)
        for key in apple { snapshot.assignedDevices[key] = appleRead.carrying[key] ?? [] }
        for item in scope.configurations {
            snapshot.assignments[item.key] = listed[item.key] ?? lists.removeFirst()
            if item.parts.contains(.devices), item.key.kind.write.style == .deviceIds {
                snapshot.assignedDevices[item.key] = lists.removeFirst().compactMap {
                    $0["id"]?.stringValue.flatMap(GUID.init).map(DeviceID.init)
                }
            }
        }
        let grouped = scope.configurations.filter { $0.parts.contains(.deviceGroup) }.map(\.key)
        if !grouped.isEmpty { snapshot.deviceGroups.merge(try await graph.deviceGroups(grouped)) { $1 } }
        let unnamed = scope.groupIDs.filter { snapshot.groupNames[$0] == nil }
        if !unnamed.isEmpty { snapshot.groupNames.merge(try await graph.groupNames(unnamed)) { $1 } }
        let unchecked = scope.autopilotDevices.filter { !snapshot.checkedDevices.contains($0) }
        let autopilot = unchecked.compactMap { GUID($0.description) }
        if !autopilot.isEmpty {
            snapshot.existingDevices.formUnion(try await graph.existingAutopilotDevices(autopilot).map(DeviceID.init))
        }
        // Serial numbers exist when an Apple token read above lists them.
        snapshot.existingDevices.formUnion(
            unchecked.filter { GUID($0.description) == nil && snapshot.appleSerials.contains($0) })
        snapshot.checkedDevices.formUnion(unchecked)
        let unsought = Array(Set(scope.groupsNamed.filter { snapshot.groupsByName[$0] == nil })).sorted()
        if !unsought.isEmpty { snapshot.groupsByName.merge(try await graph.groups(named: unsought)) { $1 } }
    }
}

/// A tenant held in memory: answers as Graph would, from what it was given, and counts nothing. For operation
/// tests where the wire does not matter (the simulator and loopback tests cover the wire).
public struct InMemoryTenantReader: TenantReader {
    /// Everything the tenant holds: every kind's configurations, every configuration's assignments, the filters,
    /// the groups (by id in `groupNames`, by name in `groupsByName`) and the Autopilot devices that exist.
    public let tenant: TenantSnapshot
    /// The tenant's audit log: its events, as Graph gives them.
    public let auditEvents: [JSONValue]
    /// The counts reach reads: what the tenant's groups, users, devices and filters come to.
    public let reach: Reach.Counts

    /// A reader of `tenant`, whose audit log holds `auditEvents` and whose counts are `reach`.
    public init(_ tenant: TenantSnapshot, auditEvents: [JSONValue] = [], reach: Reach.Counts = Reach.Counts()) {
        self.tenant = tenant
        self.auditEvents = auditEvents
        self.reach = reach
    }

    /// The counts the scope asks for, of those given.
    public func reachCounts(_ scope: ReachScope) async -> Reach.Counts {
        var counts = Reach.Counts(problems: reach.problems)
        for group in scope.groups { counts.groups[group] = reach.groups[group] }
        if scope.allUsers { counts.allUsers = reach.allUsers }
        if scope.allDevices { counts.allDevices = reach.allDevices }
        for filter in scope.filters { counts.filters[filter] = reach.filters[filter] }
        return counts
    }

    /// The events at or after `since` (ISO 8601 in UTC orders as text), all in one page.
    public func auditLog(since: String, pageLimit: Int) async throws(GraphError) -> Blame.Log {
        let events = auditEvents.filter { ($0["activityDateTime"]?.stringValue ?? "") >= since }
        return Blame.Log(events: events, complete: true, pages: 1)
    }

    /// Ten batches' worth, as through Graph; the value only sets how often progress is told.
    public var observationChunk: Int { 160 }

    /// No requests are sent.
    public func counts() async -> (requests: Int, throttles: Int) { (0, 0) }

    /// The scope's kinds with the assignments a list-expand listing carries, the filters and the groups named.
    public func snapshot(_ scope: TenantScope) async throws(GraphError) -> TenantSnapshot {
        var snapshot = TenantSnapshot(tenant: tenant.tenant, graphRoot: tenant.graphRoot)
        if let expected = scope.tenant, expected != tenant.tenant { return snapshot }
        snapshot.kinds = scope.kinds
        for kind in scope.kinds {
            snapshot.configurations[kind] = tenant.configurations[kind] ?? []
            if kind.isRoleAccess {
                for item in tenant.configurations[kind] ?? [] {
                    let key = ConfigurationKey(kind: kind, id: item.id)
                    snapshot.assignments[key] = []
                    snapshot.roleAccess[key] = tenant.roleAccess[key]
                }
            }
            guard kind.read.assignments == .listExpand else { continue }
            for item in tenant.configurations[kind] ?? [] {
                let key = ConfigurationKey(kind: kind, id: item.id)
                snapshot.assignments[key] = tenant.assignments[key] ?? []
            }
        }
        snapshot.filters = tenant.filters
        for name in scope.groupsNamed { snapshot.groupsByName[name] = tenant.groupsByName[name] ?? [] }
        return snapshot
    }

    /// Copies what the scope asks for.
    public func observe(_ scope: ObservationScope, into snapshot: inout TenantSnapshot) async throws(GraphError) {
        for item in scope.configurations {
            snapshot.assignments[item.key] = tenant.assignments[item.key] ?? []
            if item.parts.contains(.devices) {
                snapshot.assignedDevices[item.key] = tenant.assignedDevices[item.key] ?? []
            }
            if item.parts.contains(.deviceGroup) {
                snapshot.deviceGroups[item.key] = tenant.deviceGroups[item.key] ?? DeviceGroup.none
            }
            if item.key.kind.isRoleAccess { snapshot.roleAccess[item.key] = tenant.roleAccess[item.key] }
            if item.parts.contains(.defaultProfile) {
                snapshot.appleDefaults[item.key] = tenant.appleDefaults[item.key] ?? false
            }
        }
        for id in scope.groupIDs { snapshot.groupNames[id] = tenant.groupNames[id] }
        snapshot.checkedDevices.formUnion(scope.autopilotDevices)
        snapshot.existingDevices.formUnion(scope.autopilotDevices.filter(tenant.existingDevices.contains))
        for name in scope.groupsNamed { snapshot.groupsByName[name] = tenant.groupsByName[name] ?? [] }
    }
}
