import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import IntuneAssignOperations
import ManifestYAML
import TestSupport
import Testing

/// `export`: the example tenant against golden files, and the round trip — export, then plan the written manifests
/// against the same tenant — on the example and on a generated tenant with every kind, awkward names, duplicate
/// display names and policy-set assignments.
@Suite struct ExportTests {
    static let time = "2026-11-23T12:00:00Z"

    static func session(_ tenant: SimulatedTenant) -> GraphSession { SimulatedGraph.session(tenant) }

    /// The exported files as text, by name.
    static func export(_ tenant: SimulatedTenant, byName: Bool = false, includeEmpty: Bool = false) async throws
        -> [String: String]
    {
        let input = try await ManifestExport.read(
            GraphTenantReader(graph: IntuneGraph(session: session(tenant))), kinds: Kinds.all, byName: byName)
        let files = ManifestExport.files(
            input, options: .init(byName: byName, includeEmpty: includeEmpty), exportedAt: time)
        return Dictionary(
            uniqueKeysWithValues: files.map {
                ($0.name, ExportWriter.text($0, schemaPath: "../../schemas/manifest.schema.json"))
            })
    }

    /// Loads exported files and plans them against the tenant: the summary line, and every diagnostic.
    static func plan(_ files: [String: String], against tenant: SimulatedTenant) async throws -> (String, [String]) {
        let sources = files.keys.sorted().map { ManifestSource(path: $0, bytes: Array(files[$0]!.utf8)) }
        let loaded = ManifestLoader.load(sources)
        guard !loaded.hasErrors else {
            return ("", loaded.diagnostics.map { "\($0.location?.description ?? ""): \($0.message)" })
        }
        let (plan, diagnostics) = try await PlanMaker.make(
            loaded.state, manifestDigest: "x", graph: IntuneGraph(session: session(tenant)))
        return (plan?.summaryLine ?? "", diagnostics.map(\.message))
    }

    static func exampleTenant() throws -> SimulatedTenant {
        try SimulatedTenant.load(Data(contentsOf: Repository.url("examples/tenant.json")))
    }

    @Test(arguments: [false, true])
    func theExampleTenantExportsToItsGoldenFilesAndPlansToNoChanges(_ byName: Bool) async throws {
        let tenant = try Self.exampleTenant()
        let files = try await Self.export(tenant, byName: byName)
        let folder = byName ? "export-by-name" : "export"
        try Golden.assertFolder(files, folder)
        if Golden.recording { return }
        let (summary, problems) = try await Self.plan(files, against: tenant)
        #expect(problems == [])
        #expect(summary == "No changes. The tenant matches the manifests.")
        // Deterministic: the same tenant gives the same bytes.
        #expect(try await Self.export(tenant, byName: byName) == files)
    }

    /// A tenant with every kind, names that need quoting, display names used twice and a policy-set assignment.
    static func awkwardTenant() -> SimulatedTenant {
        let names = [
            "Quote \"double\" and 'single'", "Colon: here", "  leading spaces", "Ünïcödé – 名前", "yes", "123",
            "# not a comment", "trailing space ",
        ]
        var groups: [SimulatedTenant.Group] = []
        for (index, name) in names.enumerated() {
            groups.append(
                .init(
                    id: GUID(high: 0xA000_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0000).description,
                    displayName: name))
        }
        // Two groups with one name: --by-name must fall back to the id.
        groups.append(
            .init(id: GUID(high: 0xA000_0000_0000_4099, low: 0x8000_0000_0000_0000).description, displayName: "yes"))
        let filter = SimulatedTenant.AssignmentFilter(
            id: "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9", displayName: "Filter: \"all\"",
            platform: "windows10AndLater")
        var configurations: [SimulatedTenant.Configuration] = []
        var appleDevices: [SimulatedTenant.AppleDevice] = [
            .init(serialNumber: "C02ZK1XXMD6T", token: "a9c3e5f7-1b2d-4e6f-8a0c-2e4f6a8c0e13")
        ]
        let role = SimulatedTenant.RoleDefinition(
            id: "9e0cc482-82df-4ab2-a24c-0c23a3f52e1e", displayName: "Rôle: \"help desk\" # 1")
        for (k, kind) in Kinds.all.enumerated() {
            for n in 0..<3 {
                let id =
                    kind.idForm == .integer
                    ? "\(k * 10 + n + 1)"
                    : GUID(high: 0xC000_0000_0000_4000 | UInt64(k << 8 | n), low: 0x8000_0000_0000_0000 | UInt64(n))
                        .description
                let group = groups[(k + n) % groups.count].id
                var target: [(key: String, value: JSONValue)] = [
                    (
                        "@odata.type",
                        .string(
                            kind.targets.groupForm == .cloudPC
                                ? TargetType.cloudPCGroupODataType : "#microsoft.graph.groupAssignmentTarget")
                    ),
                    ("groupId", .string(group)),
                ]
                if n == 1, kind.targets.types.contains(.allDevices) {
                    target = [("@odata.type", "#microsoft.graph.allDevicesAssignmentTarget")]
                    if kind.targets.filters {
                        target += [
                            ("deviceAndAppManagementAssignmentFilterId", .string(filter.id)),
                            ("deviceAndAppManagementAssignmentFilterType", "include"),
                        ]
                    }
                }
                var assignment: [(key: String, value: JSONValue)] = [
                    ("id", .string("\(id)_a")), ("target", .object(target)),
                    ("source", "direct"),
                ]
                if let rule = kind.intent {
                    assignment.append((rule.graphField, .string(rule.values[n % rule.values.count])))
                }
                if kind.fields.contains(.runSchedule) {
                    assignment.append(("runRemediationScript", .bool(n == 0)))
                    assignment.append(
                        (
                            "runSchedule",
                            [
                                "@odata.type": "#microsoft.graph.deviceHealthScriptDailySchedule",
                                "interval": 2, "time": "06:15:00.0000000", "useUtc": true,
                            ]
                        ))
                }
                var assignments: [JSONValue] = n == 2 && kind.name != "roleScopeTag" ? [] : [.object(assignment)]
                if n == 0, kind.name == "configurationPolicy" {
                    assignments.append([
                        "id": "ps", "source": "policySets", "sourceId": "d1c0ffee-0000-4000-8000-0000000000a1",
                        "target": [
                            "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget",
                            "groupId": .string(groups[3].id),
                        ],
                    ])
                }
                // Every kind has two configurations with the same display name.
                var configuration = SimulatedTenant.Configuration(
                    kind: kind.name, id: id, displayName: n < 2 ? "Same name" : names[k % names.count],
                    priority: kind.defaultConfigurationsUnassignable ? n + 1 : nil, assignments: assignments)
                // Role assignments: under a role with an awkward name; scoped by a group, All devices, and no one.
                // Apple enrollment profiles: under one token; the first carries a device, the last is the default.
                if kind.idForm == .nested {
                    configuration.assignments = []
                    configuration.id = "a9c3e5f7-1b2d-4e6f-8a0c-2e4f6a8c0e13/" + id
                    configuration.isDefault = n == 2
                    if n == 0 {
                        appleDevices.append(
                            .init(
                                serialNumber: "F2LXK0XXHG7F", token: "a9c3e5f7-1b2d-4e6f-8a0c-2e4f6a8c0e13",
                                requestedEnrollmentProfileId: id))
                    }
                }
                if kind.isRoleAccess {
                    configuration.assignments = []
                    configuration.roleDefinition = role.id
                    configuration.access = [
                        "members": n == 2 ? [] : [.string(group)],
                        "scopeType": n == 1 ? "allDevices" : "resourceScope",
                        "resourceScopes": n == 0 ? [.string(groups[3].id)] : [], "roleScopeTagIds": n == 2 ? [] : ["0"],
                    ]
                }
                configurations.append(configuration)
            }
        }
        var tenant = SimulatedTenant(
            tenantId: "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11", groups: groups, assignmentFilters: [filter],
            configurations: configurations)
        tenant.roleDefinitions = [role]
        tenant.appleTokens = [.init(id: "a9c3e5f7-1b2d-4e6f-8a0c-2e4f6a8c0e13", tokenName: "Token: \"ABM\"")]
        tenant.appleDevices = appleDevices
        return tenant
    }

    @Test(arguments: [false, true])
    func anAwkwardTenantWithEveryKindRoundTrips(_ byName: Bool) async throws {
        let tenant = Self.awkwardTenant()
        #expect(tenant.problems() == [])
        let files = try await Self.export(tenant, byName: byName, includeEmpty: true)
        let (summary, problems) = try await Self.plan(files, against: tenant)
        #expect(problems == [])
        #expect(summary == "No changes. The tenant matches the manifests.")
        let all = files.values.joined()
        #expect(
            all.contains(
                "# Not listed: exclude group \"Ünïcödé – 名前\" (a0000000-0000-4003-8000-000000000000) comes from policy set d1c0ffee-0000-4000-8000-0000000000a1; change it there."
            ))
        #expect(files.count == Kinds.all.count + 1)
        if byName {
            // Unique names by name, the twice-used ones by id with the name beside it.
            #expect(all.contains("colon-here: {name: 'Colon: here'}"))
            #expect(all.contains("  yes: a0000000-0000-4004-8000-000000000000  # yes"))
            #expect(all.contains("# Same name\n- kind:"))
        }
    }
}
