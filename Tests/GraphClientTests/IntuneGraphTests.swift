import Foundation
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

@testable import GraphClient

/// The Intune reads and writes, driven by the registry, against the in-process simulator.
@Suite struct IntuneGraphTests {
    static let pilot = "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"

    /// A simulator and a session over a tenant holding `perKind` configurations of each of `kinds`.
    func fixture(
        _ kinds: [Kind], perKind: Int, options: GraphSimulator.Options = .init(limits: nil),
        groups: [SimulatedTenant.Group] = [], devices: [SimulatedTenant.AutopilotDevice] = []
    )
        throws -> (GraphSimulator, IntuneGraph, [ConfigurationKey])
    {
        var configurations: [SimulatedTenant.Configuration] = []
        var items: [ConfigurationKey] = []
        for (k, kind) in kinds.enumerated() {
            for n in 0..<perKind {
                let guid = GUID(
                    high: 0xC0F1_0000_0000_4000 | UInt64(k << 16 | n), low: 0x8000_0000_0000_0000 | UInt64(n))
                let id = kind.idForm == .integer ? "\(k * 1000 + n + 1)" : guid.description
                configurations.append(
                    .init(
                        kind: kind.name, id: id, displayName: "\(kind.name) \(n)",
                        priority: kind.defaultConfigurationsUnassignable ? 1 : nil,
                        assignments: [
                            [
                                "id": .string("\(id)_a"), "source": "direct",
                                "target": ["@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"],
                            ]
                        ]))
                items.append(.init(kind: kind, id: ConfigurationID(id, form: kind.idForm)!))
            }
        }
        var options = options
        options.baseURL = SessionFixture.root
        let simulator = GraphSimulator(
            tenant: SimulatedTenant(
                tenantId: SessionFixture.tenantID,
                groups: groups.isEmpty ? [.init(id: Self.pilot, displayName: "IT Pilot")] : groups,
                configurations: configurations, autopilotDevices: devices),
            options: options)
        let session = GraphSession(
            transport: InProcessTransport(simulator),
            cloud: try Cloud.global.overriding(graphRoot: SessionFixture.root),
            sleeper: SimulatedTime())
        return (simulator, IntuneGraph(session: session), items)
    }

    @Test func readingTheAssignmentsOfAThousandConfigurationsTakesFiftyRequests() async throws {
        let kinds = Array(Kinds.all.prefix(20))
        let (_, graph, items) = try fixture(kinds, perKind: 50)
        #expect(items.count == 1000)
        let read = try await graph.assignments(of: items)
        #expect(read.count == 1000)
        #expect(read.values.allSatisfy { $0.count == 1 })
        #expect(await graph.session.requestCount == 50)
    }

    /// Later pages of many collections travel together: each round batches the next page of every collection still open.
    @Test func furtherPagesOfManyCollectionsGoOutInBatches() async throws {
        let kinds = Array(Kinds.all.filter { $0.idForm == .guid }.prefix(3))
        let (_, graph, _) = try fixture(kinds, perKind: 250, options: .init(pageSize: 100, limits: nil))
        let lists = try await graph.collections(
            kinds.map { IntuneGraph.CollectionRead("\($0.collectionPath)?$select=id,displayName", kind: $0) })
        #expect(lists.map(\.count) == [250, 250, 250])
        #expect(lists.map { Set($0.compactMap { $0["id"]?.stringValue }).count } == [250, 250, 250])
        // First pages in one batch, second pages in one, third pages in one.
        #expect(await graph.session.requestCount == 3)
    }

    @Test func aForbiddenKindFailsTheWholeReadNamingItsPermission() async throws {
        let apps = try #require(Kinds.named("mobileApp"))
        let policies = try #require(Kinds.named("configurationPolicy"))
        let (_, graph, items) = try fixture(
            [policies, apps], perKind: 3, options: .init(limits: nil, forbidden: ["/deviceAppManagement"]))
        do {
            _ = try await graph.assignments(of: items)
            Issue.record("a partial read passed")
        } catch {
            #expect(error.status == 403)
            #expect(
                error.description.contains(
                    "reading mobileApp needs the application permission DeviceManagementConfiguration.Read.All"))
        }
    }

    /// `check` probes each kind the way plans read it: the listing with `$expand` for list-expand kinds, then one
    /// configuration's assignments for the kinds read per item, so a permission that covers only the list is found.
    @Test func theReadProbeTakesEachKindsOwnPath() async throws {
        let names = ["deviceConfiguration", "deviceManagementIntent", "deviceShellScript", "configurationPolicy"]
        let kinds = names.map { Kinds.named($0)! }
        let (_, graph, _) = try fixture(
            kinds, perKind: 2, options: .init(limits: nil, forbidden: ["/deviceManagement/intents/"]))
        let probes = try await graph.readProbe(kinds)
        let byKind = Dictionary(uniqueKeysWithValues: probes.map { ($0.kind.name, $0) })
        #expect(byKind["deviceConfiguration"]?.path.contains("$expand=assignments") == true)
        #expect(byKind["deviceConfiguration"]?.answer.status == 200)
        #expect(
            byKind["configurationPolicy"]?.path.contains("$select=id,name,templateReference&$expand=assignments&$top=1")
                == true)
        #expect(byKind["configurationPolicy"]?.answer.status == 200)
        #expect(byKind["deviceShellScript"]?.answer.status == 200)
        let intents = try #require(byKind["deviceManagementIntent"])
        #expect(intents.path.hasSuffix("/assignments"), "the per-item read was probed")
        #expect(intents.answer.status == 403)
    }

    @Test func groupsByNameAndNamesById() async throws {
        let groups = [
            SimulatedTenant.Group(id: Self.pilot, displayName: "IT Pilot"),
            .init(id: "7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b", displayName: "Finance's Team"),
            .init(id: "7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3c", displayName: "Sales"),
            .init(id: "7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3d", displayName: "sales"),
        ]
        let (_, graph, _) = try fixture([], perKind: 0, groups: groups)
        let found = try await graph.groups(named: ["finance's team", "Sales", "Nobody", "IT Pilot"])
        #expect(found["finance's team"]?.map(\.id.description) == ["7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b"])
        #expect(found["Sales"]?.count == 2, "two groups answer to one name: the plan must refuse it")
        #expect(found["Nobody"]?.isEmpty == true)
        #expect(await graph.session.requestCount == 1)

        var ids = (0..<1499).map { GUID(high: UInt64($0), low: 1) }
        ids.append(GUID(Self.pilot)!)
        let names = try await graph.groupNames(ids)
        #expect(names == [GUID(Self.pilot)!: "IT Pilot"])
        #expect(await graph.session.requestCount == 3, "1 batch + 2 getByIds calls of at most 1000 ids")
    }

    /// Makes one planned call inside a `$batch`, built the one way `apply` builds its writes.
    static func write(_ graph: IntuneGraph, _ call: PlannedCall, to key: ConfigurationKey) async throws -> BatchResponse
    {
        let answers = try await graph.session.batch([BatchRequest(id: "0", call: call, to: key)])
        return try #require(answers["0"])
    }

    /// The ids of the Autopilot devices that carry a profile.
    static func assignedDevices(_ graph: IntuneGraph, _ key: ConfigurationKey) async throws -> [String] {
        let lists = try await graph.collections([.init(key.path + "/assignedDevices", kind: key.kind)])
        return lists[0].compactMap { $0["id"]?.stringValue }
    }

    @Test(arguments: Kinds.all.filter { $0.groupTargetWrites == .assignAction && $0.takesAssignments })
    func assignUsesTheKindsBodyKey(_ kind: Kind) async throws {
        let (simulator, graph, items) = try fixture([kind], perKind: 1)
        let assignment = PlannedAssignment(
            target: .group(GUID(Self.pilot)!), intent: kind.intent.map { $0.required ? $0.values[0] : nil } ?? nil)
        let response = try await Self.write(graph, .assign([assignment.graphBody(kind)]), to: items[0])
        if kind.write.assignCast != nil {
            // Without its cast segment, as reported (field-notes §8); the applier sends it again with the segment.
            #expect(response.status == 400)
            return
        }
        #expect(response.status == (kind.assignAnswer == .noContent ? 204 : 200))
        let stored = simulator.tenant.configurations[0].assignments
        #expect(stored.count == 1)
        #expect(stored.first?["target"]?["groupId"]?.stringValue == Self.pilot)
    }

    @Test func autopilotDevicesAndSingleAssignments() async throws {
        let kind = try #require(Kinds.named("windowsAutopilotDeploymentProfile"))
        let devices = [
            SimulatedTenant.AutopilotDevice(id: "9a3e5c71-2b8d-4f6a-9c1e-7d3b5a9f1c28", serialNumber: "A"),
            .init(id: "4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b16", serialNumber: "B"),
        ]
        let (_, graph, items) = try fixture([kind], perKind: 1, devices: devices)
        #expect(try await Self.assignedDevices(graph, items[0]).isEmpty)
        _ = try await Self.write(graph, .assignDevices([DeviceID(GUID(devices[1].id)!)]), to: items[0])
        #expect(try await Self.assignedDevices(graph, items[0]) == [devices[1].id])
        let created = try await Self.write(
            graph,
            .create([
                "target": [
                    "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": .string(Self.pilot),
                ]
            ]), to: items[0])
        let id = try #require(created.body?["id"]?.stringValue)
        #expect(try await graph.assignments(of: items)[items[0]]?.count == 2)
        _ = try await Self.write(graph, .delete(id), to: items[0])
        #expect(try await graph.assignments(of: items)[items[0]]?.count == 1)
    }

    @Test func configurationsListWithTheirPriority() async throws {
        let kind = try #require(Kinds.named("deviceEnrollmentConfiguration"))
        let (_, graph, _) = try fixture([kind], perKind: 3)
        let listing = try await graph.listing(of: [kind])
        let listed = try #require(listing.configurations[kind])
        #expect(listed.count == 3)
        #expect(listed.allSatisfy { $0.priority == 1 && $0.displayName.hasPrefix("deviceEnrollmentConfiguration ") })
        #expect(listing.filters.isEmpty, "the tenant has no filters")
        #expect(await graph.session.requestCount == 1, "the lists and the filters in one batch")
    }
}
