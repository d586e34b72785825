public import GraphSimulator
public import IntuneAssignCore

/// Small tenants for the tests.
public enum Fixture {
    /// The id of group "IT Pilot".
    public static let pilot = "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"
    /// The id of group "Finance's Team".
    public static let finance = "7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b"
    /// The id of filter "Corporate Windows".
    public static let filter = "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9"
    /// The tenant's id.
    public static let tenantID = "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11"
    /// The id of the one Autopilot device.
    public static let device = "9a3e5c71-2b8d-4f6a-9c1e-7d3b5a9f1c28"
    /// The id of role definition "Fixture Role", which the role assignments are under.
    public static let role = "9e0cc482-82df-4ab2-a24c-0c23a3f52e1e"
    /// The Apple token the Apple enrollment profiles are under.
    public static let appleToken = "a9c3e5f7-1b2d-4e6f-8a0c-2e4f6a8c0e13"
    /// The serial numbers the Apple token holds.
    public static let serials = ["F2LXK0XXHG7F", "F2LXK0XXHG7G"]

    /// A GUID id for configuration number `index`.
    public static func configurationID(_ index: Int) -> String {
        GUID(high: 0xC0F1_0000_0000_4000 | UInt64(index), low: 0x8000_0000_0000_0000 | UInt64(index)).description
    }

    /// A tenant with two groups, a filter, a device and `perKind` configurations of each kind.
    public static func tenant(kinds: [Kind] = Kinds.all, perKind: Int = 1) -> SimulatedTenant {
        var configurations: [SimulatedTenant.Configuration] = []
        for (k, kind) in kinds.enumerated() {
            for n in 0..<perKind {
                var configuration = SimulatedTenant.Configuration(
                    kind: kind.name, id: configurationID(k * 1000 + n), displayName: "\(kind.name) \(n)",
                    priority: kind.defaultConfigurationsUnassignable ? 1 : nil)
                // A role assignment is listed under its role definition, and gives no access yet; an Apple enrollment
                // profile lives under its token.
                if kind.isRoleAccess { configuration.roleDefinition = role }
                if kind.idForm == .nested { configuration.id = appleToken + "/" + configuration.id }
                configurations.append(configuration)
            }
        }
        var tenant = SimulatedTenant(
            tenantId: tenantID,
            application: .init(clientId: "11111111-2222-4333-8444-555555555555", clientSecret: "test-only"),
            groups: [.init(id: pilot, displayName: "IT Pilot"), .init(id: finance, displayName: "Finance's Team")],
            assignmentFilters: [.init(id: filter, displayName: "Corporate Windows", platform: "windows10AndLater")],
            configurations: configurations,
            autopilotDevices: [.init(id: device, serialNumber: "5CG1234XYZ")])
        tenant.roleDefinitions = [.init(id: role, displayName: "Fixture Role")]
        tenant.appleTokens = [.init(id: appleToken, tokenName: "Fixture token")]
        tenant.appleDevices = serials.map { .init(serialNumber: $0, token: appleToken) }
        return tenant
    }

    /// A valid assignment of `kind` to a group, in Graph's shape.
    public static func assignment(_ kind: Kind, group: String = pilot, intent: String? = nil) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("@odata.type", .string(kind.assignmentODataType)),
            (
                "target",
                [
                    "@odata.type": .string(
                        kind.targets.groupForm == .cloudPC
                            ? TargetType.cloudPCGroupODataType : "#microsoft.graph.groupAssignmentTarget"),
                    "groupId": .string(group),
                ]
            ),
        ]
        if let rule = kind.intent, rule.required || intent != nil {
            pairs.append((rule.graphField, .string(intent ?? rule.values[0])))
        }
        return .object(pairs)
    }
}
