public import IntuneAssignCore

/// What `plan --reach` asks: the groups, tenant-wide counts and filters of the targets a plan changes.
public struct ReachScope: Hashable, Sendable {
    /// Groups whose transitive users and devices are counted.
    public var groups: [GUID]
    /// Whether All users is changed (the tenant's users are counted).
    public var allUsers: Bool
    /// Whether All devices (or All users, whose devices they are) is changed.
    public var allDevices: Bool
    /// Filters to evaluate (include filters of changed targets).
    public var filters: [GUID]

    /// A scope from its parts.
    public init(groups: [GUID] = [], allUsers: Bool = false, allDevices: Bool = false, filters: [GUID] = []) {
        self.groups = groups
        self.allUsers = allUsers
        self.allDevices = allDevices
        self.filters = filters
    }

    /// The scope of a plan's changes.
    public init(_ plan: Plan) {
        var groups = Set<GUID>()
        var filters = Set<GUID>()
        var allUsers = false
        var allDevices = false
        for configuration in plan.configurations where !configuration.isNoOp {
            for change in configuration.changes where [.add, .remove, .update].contains(change.action) {
                for side in [change.before, change.after].compactMap({ $0 }) {
                    switch side.target {
                    case .group(let id), .exclusionGroup(let id): groups.insert(id)
                    case .allUsers: allUsers = true
                    case .allDevices: allDevices = true
                    case .collection: break
                    }
                    if let filter = side.filter, filter.mode == .include { filters.insert(filter.id) }
                }
            }
        }
        self.init(
            groups: groups.sorted(), allUsers: allUsers, allDevices: allDevices || allUsers, filters: filters.sorted())
    }
}

extension IntuneGraph {
    /// The permissions reach reads need, by what they read (each page's least privileged application permission:
    /// "List group transitive members", "List users", "Get managedDeviceOverview").
    public enum ReachPermission {
        /// Group members' counts.
        public static let groups = "GroupMember.Read.All"
        /// The tenant's users.
        public static let users = "User.Read.All"
        /// The devices enrolled in Intune.
        public static let devices = "DeviceManagementManagedDevices.Read.All"
    }

    /// The counts of `scope`. Directory counts go in `$batch`, two per group (users, devices), with
    /// `ConsistencyLevel: eventual` (Graph's "Advanced query capabilities on Microsoft Entra ID objects": `$count`
    /// on directory objects needs it), through a session paced by Entra's limits, not Intune's. Enrolled devices come
    /// from Intune's device overview; each filter from Intune's evaluation (`evaluateAssignmentFilter`, beta, which
    /// answers a report with `TotalRowCount`). Nothing here fails a plan: a refusal becomes a problem naming the
    /// permission, and a filter Intune does not evaluate stays unevaluated.
    public func reachCounts(_ scope: ReachScope) async -> Reach.Counts {
        var counts = Reach.Counts()
        var problems: [String] = []
        func refused(_ status: Int, _ permission: String) {
            let line = "needs the permission \(permission) (Graph answered \(status))"
            if !problems.contains(line) { problems.append(line) }
        }
        let directory = session.sibling(policy: .entra)
        let eventual = ["ConsistencyLevel": "eventual"]
        var requests: [BatchRequest] = []
        for (index, group) in scope.groups.enumerated() {
            for type in ["user", "device"] {
                requests.append(
                    BatchRequest(
                        id: "\(type)-\(index)",
                        url: "/groups/\(group)/transitiveMembers/microsoft.graph.\(type)?$count=true&$top=1&$select=id",
                        headers: eventual))
            }
        }
        if scope.allUsers {
            requests.append(BatchRequest(id: "users", url: "/users?$count=true&$top=1&$select=id", headers: eventual))
        }
        do {
            let answers = try await directory.batch(requests, concurrency: concurrency)
            for (index, group) in scope.groups.enumerated() {
                var count = Reach.Count(users: nil, devices: nil)
                for type in ["user", "device"] {
                    guard let answer = answers["\(type)-\(index)"] else { continue }
                    let value: Int?
                    switch answer.status {
                    case 200..<300: value = Self.count(answer.body)
                    // A cast to a type the group cannot hold (a Microsoft 365 group and devices):
                    // Request_UnsupportedQuery ("List group transitive members"). It holds none.
                    case 400 where answer.body?["error"]?["code"]?.stringValue == "Request_UnsupportedQuery": value = 0
                    case 401, 403:
                        refused(answer.status, ReachPermission.groups)
                        value = nil
                    default: value = nil
                    }
                    if type == "user" { count.users = value } else { count.devices = value }
                }
                counts.groups[group] = count
            }
            if let answer = answers["users"] {
                if (200..<300).contains(answer.status) {
                    counts.allUsers = Self.count(answer.body)
                } else if [401, 403].contains(answer.status) {
                    refused(answer.status, ReachPermission.users)
                }
            }
        } catch {
            problems.append("the directory's counts could not be read: \(error.description)")
        }
        if scope.allDevices {
            do {
                let response = try await session.send("GET", "/deviceManagement/managedDeviceOverview")
                counts.allDevices = (try? JSONValue.parse(response.body))?["enrolledDeviceCount"]?.intValue
            } catch {
                if let status = error.status, [401, 403].contains(status) {
                    refused(status, ReachPermission.devices)
                } else {
                    problems.append("the enrolled devices could not be counted: \(error.description)")
                }
            }
        }
        for filter in scope.filters {
            if let matches = await filterMatches(filter) { counts.filters[filter] = matches }
        }
        counts.problems = problems
        return counts
    }

    /// How many devices a filter matches, by Intune's evaluation of its rule on its platform; `nil` when the
    /// filter or the evaluation cannot be read.
    func filterMatches(_ filter: GUID) async -> Int? {
        guard
            let read = try? await session.send(
                "GET", "/deviceManagement/assignmentFilters/\(filter)?$select=platform,rule"),
            let value = try? JSONValue.parse(read.body), let platform = value["platform"]?.stringValue,
            let rule = value["rule"]?.stringValue
        else { return nil }
        let body: JSONValue = [
            "data": ["platform": .string(platform), "rule": .string(rule), "top": 1, "skip": 0]
        ]
        // A POST that reads: it takes no slot under the write limit.
        guard
            let answer = try? await session.send(
                "POST", "/deviceManagement/evaluateAssignmentFilter", body: body,
                weight: GraphSession.Weight(writes: 0))
        else { return nil }
        return (try? JSONValue.parse(answer.body))?["TotalRowCount"]?.intValue
    }

    /// A count from `@odata.count`, or from a bare number (what `/$count` answers).
    static func count(_ body: JSONValue?) -> Int? {
        if let count = body?["@odata.count"]?.intValue { return count }
        if case .int(let value)? = body { return value }
        if let text = body?.stringValue { return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return nil
    }
}
