import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// What `plan --reach` reads, as the simulator serves it in-process and over loopback: transitive members counted by
/// type (nested groups followed once, cycles cut), `$count` refused without `ConsistencyLevel: eventual`, the
/// tenant's users and enrolled devices, and filters evaluated as the tenant file says; then the client's reads of it,
/// in `$batch`, with the header.
@Suite struct SimulatorReachTests {
    static let outer = "11111111-0000-4000-8000-000000000001"
    static let inner = "11111111-0000-4000-8000-000000000002"
    static let rule = "(device.deviceOwnership -eq \"Corporate\")"

    /// Two groups that hold each other (a cycle), three users and two devices; one filter with two matches.
    static func tenant() -> SimulatedTenant {
        var tenant = Fixture.tenant(kinds: [Kinds.named("deviceConfiguration")!])
        let users = (1...3).map {
            SimulatedTenant.User(id: "22222222-0000-4000-8000-00000000000\($0)", userPrincipalName: "u\($0)@x.example")
        }
        let devices = (1...2).map {
            SimulatedTenant.Device(id: "33333333-0000-4000-8000-00000000000\($0)", displayName: "D\($0)")
        }
        tenant.users = users
        tenant.devices = devices
        tenant.enrolledDeviceCount = 7
        tenant.groups += [
            .init(id: outer, displayName: "Outer", members: [users[0].id, users[1].id, inner]),
            .init(
                id: inner, displayName: "Inner",
                members: [users[1].id, users[2].id, devices[0].id, devices[1].id, outer]),
        ]
        tenant.assignmentFilters[0].rule = rule
        tenant.assignmentFilters[0].matchingDevices = devices.map(\.id)
        return tenant
    }

    @Test(arguments: Mode.allCases)
    func countsAreServedAsTheDirectoryAndIntuneAnswerThem(_ mode: Mode) async throws {
        try await Harness.with(mode, Self.tenant()) { (harness: Harness) async throws in
            let eventual = ["ConsistencyLevel": "eventual"]
            let users = try await harness.send(
                "GET", "/groups/\(Self.outer)/transitiveMembers/microsoft.graph.user?$count=true&$top=1",
                headers: eventual)
            #expect(users.status == 200)
            #expect(users.body?["@odata.count"]?.intValue == 3, "u2 is in both groups and counted once")
            let devices = try await harness.send(
                "GET", "/groups/\(Self.outer)/transitiveMembers/microsoft.graph.device?$count=true", headers: eventual)
            #expect(devices.body?["@odata.count"]?.intValue == 2)
            let refused = try await harness.send(
                "GET", "/groups/\(Self.outer)/transitiveMembers/microsoft.graph.user?$count=true")
            #expect(refused.status == 400)
            #expect(refused.body?["error"]?["code"]?.stringValue == "Request_BadRequest")
            let all = try await harness.send("GET", "/users?$count=true&$top=1", headers: eventual)
            #expect(all.body?["@odata.count"]?.intValue == 3)
            let overview = try await harness.send("GET", "/deviceManagement/managedDeviceOverview")
            #expect(overview.body?["enrolledDeviceCount"]?.intValue == 7)
            let platform = harness.simulator.tenant.assignmentFilters[0].platform
            let evaluated = try await harness.send(
                "POST", "/deviceManagement/evaluateAssignmentFilter",
                ["data": ["platform": .string(platform), "rule": .string(Self.rule), "top": 1]])
            #expect(evaluated.body?["TotalRowCount"]?.intValue == 2)
            let unknown = try await harness.send(
                "POST", "/deviceManagement/evaluateAssignmentFilter",
                ["data": ["platform": .string(platform), "rule": "(device.model -eq \"X\")"]])
            #expect(unknown.status == 400)
        }
    }

    @Test func theClientCountsInBatchesWithTheHeader() async throws {
        let tenant = Self.tenant()
        let simulator = GraphSimulator(
            tenant: tenant, options: .init(baseURL: "https://graph.microsoft.com", limits: nil))
        let recorder = RecordingTransport(InProcessTransport(simulator))
        let graph = IntuneGraph(
            session: GraphSession(transport: recorder, cloud: Cloud.named("global")!, sleeper: SimulatedTime()))
        let filter = GUID(tenant.assignmentFilters[0].id)!
        let counts = await graph.reachCounts(
            ReachScope(
                groups: [GUID(Self.outer)!, GUID(Self.inner)!], allUsers: true, allDevices: true, filters: [filter]))
        #expect(counts.groups[GUID(Self.outer)!] == Reach.Count(users: 3, devices: 2))
        #expect(counts.groups[GUID(Self.inner)!] == Reach.Count(users: 3, devices: 2))
        #expect(counts.allUsers == 3)
        #expect(counts.allDevices == 7)
        #expect(counts.filters[filter] == 2)
        #expect(counts.problems.isEmpty)
        // Four group counts and the users' count: one $batch, each inner request with the header.
        let batches = recorder.exchanges.filter { $0.request.url.hasSuffix("/$batch") }
        #expect(batches.count == 1)
        let inner = try JSONValue.parse(batches[0].request.body)["requests"]
        guard case .array(let requests)? = inner else {
            Issue.record("no requests")
            return
        }
        #expect(requests.count == 5)
        #expect(requests.allSatisfy { $0["headers"]?["ConsistencyLevel"]?.stringValue == "eventual" })
    }
}
