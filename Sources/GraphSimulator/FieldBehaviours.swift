import Foundation
import GraphClient
import IntuneAssignCore

// How real tenants answer, kind by kind, where they differ from the reference pages. Each behaviour is taken
// from shared/graph/field-notes.md with its evidence; this table is the simulator's own (it does not read the
// client's read profiles), so that a wrong profile fails against it.
//
// - Names (§1): settings-catalog policies (`configurationPolicies`, `compliancePolicies`) have `name` and no
//   `displayName` (DOC, and every peer selects `name`); branding profiles have `profileName` (their name) and
//   `displayName` (the company name shown to users, DOC). Every other kind has `displayName`.
// - `$select`, `$orderby` and the property a `$filter` starts with must name a property of the type: anything else is
//   400, as OData answers (DOC: OData; field-notes §1).
// - `GET {id}/assignments` of `deviceShellScripts` and `deviceCustomAttributeShellScripts` is 400 "No OData route
//   exists" (LIVE: TenuVault lab; SHIPPED: IntuneCD 07fa5c1). Their list and item `$expand=assignments` work.
// - `configurationPolicies/{id}?$expand=assignments` returns `assignments: []` (LIVE: TenuVault lab,
//   msgraph-sdk-powershell#3337); their list expand works.
// - `intents` and `roleScopeTags`: any `$expand=assignments` returns `[]` (LIVE: graph-explorer-v4#2051; SHIPPED:
//   IntuneManagement). Their `{id}/assignments` works.
// - `policySets` refuse a list with `$expand=assignments` (400); each set is read with its own `$expand` or
//   `{id}/assignments` (SHIPPED: jseerden/IntuneBackupAndRestore PR #94, 2026-01: "$expand is not supported on
//   collection queries").
// - Every other kind answers list and item `$expand=assignments` with its assignments. For the kinds where the
//   evidence is thin (field-notes §2, last row) that is a guess; the client does not rely on it there.
// - Page sizes (§3): `configurationPolicies` pages at 25 unless `$top` asks for more, and honours `$top` up to 100
//   (above 100 is unknown: the simulator keeps pages of 100 and links the rest, which a client must follow anyway);
//   `mobileApps` pages at 1,000. Other collections use `Options.pageSize` and honour `$top` up to 999.
// - `Options.expandOmits`: configurations whose `assignments` property is left out of expanded list pages (the
//   field notes ask clients to read such an object another way); `Options.expandPageSize`: expanded lists longer
//   than this carry `assignments@odata.nextLink` (no public source shows one; real apps carry 100+ assignments).
//
// Writes (§8):
// - `POST {id}/assignments` (a single create) answers 400 "No OData route exists … with http verb POST" on the kinds
//   of `Options.unroutedSingleCreates`: by default deviceHealthScripts, deviceComplianceScripts,
//   mobileAppConfigurations and deviceCompliancePolicies (LIVE reports for each); elsewhere it creates.
// - `mobileAppConfigurations/{id}/assign` answers that 400 unless the path carries the type-cast segment
//   `microsoft.graph.managedDeviceMobileAppConfiguration` (LIVE: microsoft-graph-docs #15359, #20609; msgraph-sdk-
//   powershell #2985), under `Options.appConfigurationAssignNeedsCast` (default on, as reported; off models a tenant
//   that routes both). The cast route always works.
// - `runRemediationScript` on remediation assignments is stored, and read back, as `false` whatever was written,
//   under `Options.remediationReadsBackFalse` (default on: terraform-provider-microsoft365 PR #1385, "the API
//   response always returns false"; Microsoft365DSC #6697 shows `RunRemediationScript=False` read back).
// - A write naming a filter of `Options.filtersOutOfScope` answers 400 "Scope Tags validation failed : Filters …"
//   (LIVE: Micke-K/IntuneManagement #373: a filter outside the signed-in admin's scope tags, or renamed).
//
// Targets as Intune stores them (§5):
// - App protection and MAM app configuration (`ios/android/windowsManagedAppProtection`,
//   `targetedManagedAppConfiguration`) refuse `allLicensedUsersAssignmentTarget` and `allDevicesAssignmentTarget`
//   with Graph's "Unsupported AssignmentTarget" message (LIVE: CIPP#4677). `mdmWindowsInformationProtectionPolicy`
//   is unknown and modelled the same. All users there is a group target with the virtual All-users id, stored and
//   answered as the group target it is (SHIPPED: CIPP).
// - Enrollment configurations answer 400 to an exclusion. What Graph does is unknown (the admin center offers none;
//   one vendor says it is stored as an include): the simulator refuses it, so that a client that sends one fails.
// - `Options.readLag`: after a write, reads of that configuration show the old assignments for that many seconds
//   (LIVE: old exclusions on 11 of 13 reads over two minutes after an `assign` on app protection).
/// The field behaviours above, as decisions: the simulator's routes ask them and word the HTTP answers. Pure, so
/// that a new kind's behaviour is one place to add and to test.
struct FieldBehaviours: Sendable {
    /// The knobs that choose between conflicting evidence.
    let options: GraphSimulator.Options

    /// Kinds whose assignments take groups and exclusions only.
    static let groupOnlyTargets: Set<String> = [
        "androidManagedAppProtection", "iosManagedAppProtection", "windowsManagedAppProtection",
        "targetedManagedAppConfiguration", "mdmWindowsInformationProtectionPolicy",
    ]

    /// The type-cast segment app configurations' `assign` is reported to need.
    static let appConfigurationCast = "microsoft.graph.managedDeviceMobileAppConfiguration"

    /// The message of the 400 Graph answers to a target the kind refuses, beyond the types its assignment type
    /// takes; `nil` when it takes it.
    func targetRefusal(_ kind: Kind, _ type: TargetType) -> String? {
        if Self.groupOnlyTargets.contains(kind.name), type == .allUsers || type == .allDevices {
            return "Unsupported AssignmentTarget. Group assignments contain classes other than GroupAssignmentTarget "
                + "and ExclusionGroupTarget"
        }
        if kind.name == "deviceEnrollmentConfiguration", type == .exclusionGroup {
            return "Exclusion group assignments are not supported for enrollment configurations."
        }
        return nil
    }

    /// The property that names a kind's configurations, by the type's own definition.
    func nameProperty(_ kind: Kind) -> String {
        switch kind.name {
        // The settings catalog's types, the properties catalog's included (its policies are the same entity).
        case "configurationPolicy", "compliancePolicy", "inventoryPolicy": "name"
        case "intuneBrandingProfile": "profileName"
        default: "displayName"
        }
    }

    /// The properties a kind's configurations have, as its type defines them (the ones the simulator serves).
    func properties(of kind: Kind) -> Set<String> {
        var names: Set<String> = ["id", "@odata.type", "description", "createdDateTime", "lastModifiedDateTime"]
        names.insert(nameProperty(kind))
        // A branding profile's `displayName` is the company name shown to users.
        if kind.name == "intuneBrandingProfile" { names.insert("displayName") }
        if kind.name == "deviceEnrollmentConfiguration" { names.insert("priority") }
        if servesDeviceGroups(kind) { names.insert("templateReference") }
        if kind.isRoleAccess {
            names.formUnion(["members", "scopeType", "resourceScopes", "scopeMembers", "roleScopeTagIds"])
        }
        return names
    }

    /// A configuration as Graph answers it: its type, id and name under the type's own name property (a branding
    /// profile's `displayName` is `companyName`).
    func configurationJSON(
        _ kind: Kind, _ configuration: SimulatedTenant.Configuration, companyName: String
    ) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("@odata.type", .string(configuration.odataType ?? "#microsoft.graph.\(kind.name)")),
            ("id", .string(configuration.id)),
            (nameProperty(kind), .string(configuration.displayName)),
        ]
        if kind.name == "intuneBrandingProfile" { pairs.append(("displayName", .string(companyName))) }
        if let priority = configuration.priority { pairs.append(("priority", .int(priority))) }
        if servesDeviceGroups(kind) {
            pairs.append(("templateReference", ["templateFamily": .string(configuration.templateFamily ?? "none")]))
        }
        if kind.isRoleAccess {
            let access = configuration.access
            for key in ["members", "resourceScopes", "roleScopeTagIds"] {
                pairs.append((key, access?[key] ?? .array([])))
            }
            pairs.append(("scopeMembers", .array([])))
            pairs.append(("scopeType", access?["scopeType"] ?? "resourceScope"))
        }
        return .object(pairs)
    }

    /// The message of the 400 when `$select`, `$orderby` or the start of `$filter` names a property the kind's
    /// type lacks; `nil` when all are known.
    func unknownProperty(_ kind: Kind, _ query: Query) -> String? {
        var named: [String] = []
        for option in ["$select", "$orderby"] {
            named += (query[option] ?? "").split(separator: ",").map {
                String($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
            }
        }
        if let filter = query["$filter"], let first = filter.split(separator: " ").first { named.append(String(first)) }
        let known = properties(of: kind)
        guard let unknown = named.first(where: { !$0.isEmpty && !known.contains($0) }) else { return nil }
        return "Could not find a property named '\(unknown)' on type 'microsoft.graph.\(kind.name)'."
    }

    /// Whether the kind's items have the enrollment-time device group actions (set, retrieve, clear).
    func servesDeviceGroups(_ kind: Kind) -> Bool { kind.name == "configurationPolicy" }

    /// Whether a list with `$expand=assignments` is served for the kind.
    func expandsLists(_ kind: Kind) -> Bool { kind.name != "policySet" && !kind.isRoleAccess }

    /// Whether `GET {id}/assignments` is served for the kind.
    func servesAssignmentsRoute(_ kind: Kind) -> Bool {
        kind.name != "deviceShellScript" && kind.name != "deviceCustomAttributeShellScript" && !kind.isRoleAccess
    }

    /// Whether a single `POST {id}/assignments` is routed for the kind.
    func routesSingleCreate(_ kind: Kind) -> Bool {
        !options.unroutedSingleCreates.contains(kind.name)
    }

    /// The route an `assign` is served as: app configurations' through the type cast (always), and without it only
    /// when `Options.appConfigurationAssignNeedsCast` is off; `nil` when it is not served.
    func assignRoute(_ kind: Kind, _ route: [String]) -> [String]? {
        guard kind.name == "mobileAppConfiguration" else { return route }
        if route == [Self.appConfigurationCast, "assign"] { return ["assign"] }
        return options.appConfigurationAssignNeedsCast ? nil : route
    }

    /// An assignment as Graph types it.
    func withType(_ kind: Kind, _ assignment: JSONValue) -> JSONValue {
        guard case .object(let pairs) = assignment else { return assignment }
        let type =
            kind.takesDevices
            ? "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment" : kind.assignmentODataType
        return .object([("@odata.type", .string(type))] + pairs.filter { $0.key != "@odata.type" })
    }

    /// What `$expand=assignments` answers for a configuration: its assignments, or `[]` where the service drops
    /// them (item expand of settings catalog; any expand of intents and scope tags).
    func expandedAssignments(_ kind: Kind, _ configuration: SimulatedTenant.Configuration, list: Bool) -> [JSONValue] {
        switch kind.name {
        case "deviceManagementIntent", "roleScopeTag": return []
        case "configurationPolicy" where !list: return []
        default: return configuration.assignments.map { withType(kind, $0) }
        }
    }

    /// The page size a collection uses without `$top`, and the most `$top` may ask for.
    func pageLimits(_ path: String) -> (size: Int, most: Int) {
        switch path {
        case "/deviceManagement/configurationPolicies": (25, 100)
        case "/deviceAppManagement/mobileApps": (1000, 1000)
        default: (options.pageSize, 999)
        }
    }

    /// A configuration in a list page with `$expand=assignments`: with its assignments (the first page of them,
    /// and a link to the rest), or without the property when `Options.expandOmits` names it.
    func withExpandedAssignments(_ kind: Kind, _ configuration: SimulatedTenant.Configuration, _ item: JSONValue)
        -> JSONValue
    {
        guard !options.expandOmits.contains(configuration.id) else { return item }
        let all = expandedAssignments(kind, configuration, list: true)
        let size = servesAssignmentsRoute(kind) ? options.expandPageSize ?? all.count : all.count
        var pairs: [(key: String, value: JSONValue)] = [("assignments", .array(Array(all.prefix(size))))]
        if all.count > size {
            let link = "\(options.baseURL)/beta\(kind.collectionPath)/\(configuration.id)/assignments?$top=\(size)"
            pairs.append(("assignments@odata.nextLink", .string(link + "&$skiptoken=\(size)")))
        }
        return item.merging(.object(pairs))
    }
}
