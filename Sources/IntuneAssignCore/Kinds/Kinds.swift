/// The registry of assignable kinds: one row per row of shared/graph/kinds.md, in that table's order.
///
/// Target types: kinds.md lists all five target types for every kind, but Intune itself offers fewer for some
/// families, and a manifest that asks for a target the service refuses should fail before any Graph call. Where
/// this table narrows the list it says why next to the constant.
public enum Kinds {
    /// Users-only families: app protection and app configuration for managed apps (MAM) and Windows
    /// Information Protection target users, never devices or Configuration Manager collections. Their assignment
    /// type (`targetedManagedAppPolicyAssignment`) refuses `allLicensedUsersAssignmentTarget`: All users is the
    /// virtual All-users group there (field-notes §5, LIVE: CIPP#4677; mdmWindowsInformationProtectionPolicy and
    /// windowsInformationProtectionPolicy share the assignment type and are treated the same until evidence says
    /// otherwise).
    private static let userTargets: [TargetType] = [.group, .exclusionGroup, .allUsers]
    /// Enrollment configurations (restrictions, ESP, notifications, Windows Hello) take includes only: the admin
    /// center offers no exclusion (DOC), what Graph does with one is unknown, and one vendor says it is stored as an
    /// include (field-notes §5).
    private static let includeTargets: [TargetType] = [.group, .allUsers, .allDevices]
    /// Windows Update for Business profiles and role scope tag auto-assignment take groups only.
    private static let groupTargets: [TargetType] = [.group, .exclusionGroup]
    /// The common case: groups, exclusions, All users and All devices.
    private static let standardTargets: [TargetType] = [.group, .exclusionGroup, .allUsers, .allDevices]
    /// Policies that tenant attach can deploy to Configuration Manager collections.
    private static let collectionTargets: [TargetType] = standardTargets + [.configurationManagerCollection]

    private static let applyOrRemove = IntentRule(
        graphField: "intent", values: ["apply", "remove"], required: false, isIdentity: false, defaultValue: "apply")
    private static let installIntents = ["available", "required", "uninstall", "availableWithoutEnrollment"]

    private static let config = "DeviceManagementConfiguration.ReadWrite.All"
    private static let apps = "DeviceManagementApps.ReadWrite.All"
    private static let service = "DeviceManagementServiceConfig.ReadWrite.All"
    private static let devices = "DeviceManagementManagedDevices.ReadWrite.All"
    private static let mam = "#microsoft.graph.targetedManagedAppPolicyAssignment"
    private static let cloudPC = "CloudPC.ReadWrite.All"
    /// The clouds whose Graph serves the Cloud PC `assign` actions (their reference pages' national-cloud tables).
    private static let cloudPCClouds = ["global", "usgov"]

    // Read profiles (field-notes.md §1–3). List expand where the evidence says it works and a tenant may hold
    // many; the documented `GET .../{id}/assignments` wherever the evidence is thin or a kind stays small.

    /// §2, row "works | works | works": SHIPPED by CIPP, Salto, Microsoft365DSC and IntuneManagement, LIVE for
    /// several kinds in TenuVault's lab.
    private static let expandWorks = ReadProfile(
        .listExpand, "field-notes §2: list, item and per-item reads all work (SHIPPED; LIVE for several)")
    /// §2, last row: list expand probable or unknown, item expand unknown; the per-item read is documented.
    private static let thinEvidence = ReadProfile(
        .perItem, "field-notes §2: expand unproven for this kind; `GET .../{id}/assignments` is documented (DOC)")
    /// §2: `GET .../{id}/assignments` answers 400 "No OData route exists" (LIVE, TenuVault lab; SHIPPED, IntuneCD
    /// 07fa5c1); list and item expand both work. Whether `POST .../{id}/assignments` is routed is unknown, so these
    /// kinds are written with `assign` alone.
    private static let shellScripts = ReadProfile(
        .listExpand, item: .itemExpand,
        "field-notes §2: `{id}/assignments` is not routed (LIVE, SHIPPED); list and item expand work")
    /// §2: list and item expand return `[]` (LIVE: graph-explorer-v4#2051 for intents; SHIPPED: IntuneManagement
    /// for scope tags); the per-item read works.
    private static let expandEmpty = ReadProfile(
        .perItem, "field-notes §2: any expand returns [] (LIVE, SHIPPED); only `{id}/assignments` is read")

    /// Windows 365 collections: list expand, as the tools that read them do (no field note yet).
    private static let cloudPCReads = ReadProfile(
        .listExpand,
        "issue 20 research: `?$expand=assignments` on the list (SHIPPED by Windows 365 tools; no LIVE note)")

    // Write profiles (field-notes.md §8). `assign` wherever a single create is unproven or known not to be routed;
    // the single create only where a widely used tool ships it.

    /// §8: no report either way for this kind; `assign` is documented on every assignable kind's reference page.
    private static let assignOnly = WriteProfile(
        .assign, "field-notes §8: a single create is unproven here; `assign` replaces the set (DOC)")
    /// §8: `POST .../{id}/assignments` answers 400 "No OData route exists … with http verb POST" (LIVE).
    private static func notRouted(_ reports: String) -> WriteProfile {
        WriteProfile(.assign, "field-notes §8: the single create is not routed (LIVE: \(reports)); `assign` only")
    }
    /// §8: the single create is shipped by terraform-provider-microsoft365 for this kind.
    private static let createShipped = WriteProfile(
        .assignOrCreate,
        "field-notes §8: the single create works (SHIPPED: terraform-provider-microsoft365); a 400 \"No OData route\" "
            + "is sent again as `assign`")

    /// One row of the registry.
    private static func row(
        _ name: String, _ path: String, _ bodyKey: String, _ odataType: String, _ answer: AssignAnswer,
        v1: Bool, _ permission: String, targets: [TargetType] = standardTargets, intent: IntentRule? = nil,
        fields: [AssignmentField] = [], write: WriteProfile = assignOnly,
        readOnly: [String] = [], defaultsUnassignable: Bool = false, idForm: ConfigurationIDForm = .guid,
        read: ReadProfile, includesOnly: Bool? = nil, filters: Bool = true,
        cloudPC: Bool = false, clouds: [String]? = nil
    ) -> Kind {
        Kind(
            name: name,
            graph: GraphCollection(
                path: path, assignBodyKey: bodyKey, assignmentODataType: odataType, assignAnswer: answer, inV1: v1,
                writePermission: permission, idForm: idForm, defaultsUnassignable: defaultsUnassignable,
                clouds: clouds),
            targets: TargetRules(
                targets, includesOnly: includesOnly ?? (targets == includeTargets),
                groupForm: cloudPC ? .cloudPC : .intune,
                allUsersForm: odataType == mam ? .virtualGroup : .allLicensedUsers, filters: filters),
            properties: AssignmentProperties(intent: intent, fields: fields, readOnly: readOnly),
            write: write, read: read)
    }

    /// Every assignable kind.
    public static let all: [Kind] = [
        row(
            "androidManagedAppProtection", "/deviceAppManagement/androidManagedAppProtections", "assignments", mam,
            .noContent, v1: true, config, targets: userTargets, read: expandWorks),
        row(
            "iosLobAppProvisioningConfiguration", "/deviceAppManagement/iosLobAppProvisioningConfigurations",
            "iOSLobAppProvisioningConfigAssignments", "#microsoft.graph.iosLobAppProvisioningConfigurationAssignment",
            .noContent, v1: false, config, read: thinEvidence),
        row(
            "iosManagedAppProtection", "/deviceAppManagement/iosManagedAppProtections", "assignments", mam,
            .noContent, v1: true, config, targets: userTargets, read: expandWorks),
        row(
            "managedEBook", "/deviceAppManagement/managedEBooks", "managedEBookAssignments",
            "#microsoft.graph.managedEBookAssignment", .noContent, v1: true, apps,
            intent: IntentRule(
                graphField: "installIntent", values: installIntents, required: true, isIdentity: true,
                defaultValue: nil), read: thinEvidence),
        row(
            "mdmWindowsInformationProtectionPolicy", "/deviceAppManagement/mdmWindowsInformationProtectionPolicies",
            "assignments", mam, .noContent, v1: true, config, targets: userTargets, read: expandWorks),
        row(
            "mobileAppConfiguration", "/deviceAppManagement/mobileAppConfigurations", "assignments",
            "#microsoft.graph.managedDeviceMobileAppConfigurationAssignment", .noContent, v1: true, apps,
            write: WriteProfile(
                .assign, assignCast: "microsoft.graph.managedDeviceMobileAppConfiguration",
                "field-notes §8: the single create is not routed (LIVE: microsoft-graph-docs-contrib #4017; "
                    + "msgraph-sdk-powershell #1318, #2250); `assign` is reported to need the cast segment (LIVE: "
                    + "microsoft-graph-docs #15359, #20609; msgraph-sdk-powershell #2985): tried without, then with"),
            read: expandWorks),
        row(
            "mobileApp", "/deviceAppManagement/mobileApps", "mobileAppAssignments",
            "#microsoft.graph.mobileAppAssignment", .noContent, v1: true, config,
            intent: IntentRule(
                graphField: "intent", values: installIntents, required: true, isIdentity: true,
                defaultValue: nil),
            fields: [.settings], write: createShipped,
            read: ReadProfile(
                .listExpand,
                "field-notes §2: list expand works with one dissenting source (SHIPPED: CIPP, Salto, Microsoft365DSC); "
                    + "tenants hold thousands of apps; §3: default page 1000 (LIVE)")),
        row(
            "targetedManagedAppConfiguration", "/deviceAppManagement/targetedManagedAppConfigurations", "assignments",
            mam, .noContent, v1: true, config, targets: userTargets,
            read: ReadProfile(
                .perItem, "field-notes §2: one tool turns list expand off for this kind; a tenant has a few dozen")),
        row(
            "wdacSupplementalPolicy", "/deviceAppManagement/wdacSupplementalPolicies", "wdacPolicyAssignments",
            "#microsoft.graph.windowsDefenderApplicationControlSupplementalPolicyAssignment", .noContent, v1: false,
            apps, read: thinEvidence),
        row(
            "windowsInformationProtectionPolicy", "/deviceAppManagement/windowsInformationProtectionPolicies",
            "assignments", mam, .noContent, v1: true, config, targets: userTargets, read: thinEvidence),
        row(
            "windowsManagedAppProtection", "/deviceAppManagement/windowsManagedAppProtections", "assignments", mam,
            .noContent, v1: false, config, targets: userTargets, read: expandWorks),
        row(
            "compliancePolicy", "/deviceManagement/compliancePolicies", "assignments",
            "#microsoft.graph.deviceManagementConfigurationPolicyAssignment", .collection, v1: false, config,
            targets: collectionTargets,
            read: ReadProfile(
                name: "name", .perItem,
                "field-notes §1: named by `name` (DOC); §2: expand unknown, TenuVault reads per item on purpose (SHIPPED)"
            )),
        row(
            "configurationPolicy", "/deviceManagement/configurationPolicies", "assignments",
            "#microsoft.graph.deviceManagementConfigurationPolicyAssignment", .collection, v1: false, config,
            targets: collectionTargets,
            read: ReadProfile(
                name: "name", .listExpand, top: 100,
                "field-notes §1: named by `name` (DOC); §2: list expand works, item expand returns [] (LIVE); §3: "
                    + "default page 25, $top=100 honoured (LIVE)")),
        row(
            "deviceCompliancePolicy", "/deviceManagement/deviceCompliancePolicies", "assignments",
            "#microsoft.graph.deviceCompliancePolicyAssignment", .collection, v1: true, config,
            targets: collectionTargets,
            write: notRouted(
                "microsoft-graph-docs #2326, #4984, #20615; msgraph-sdk-powershell #2985 (beta), #3376 (v1.0, 2025-11)"),
            read: expandWorks),
        row(
            "deviceComplianceScript", "/deviceManagement/deviceComplianceScripts", "deviceHealthScriptAssignments",
            "#microsoft.graph.deviceHealthScriptAssignment", .noContent, v1: false, config,
            fields: [.runRemediationScript, .runSchedule], write: notRouted("microsoft-graph-docs-contrib #2903"),
            read: thinEvidence),
        row(
            "deviceConfiguration", "/deviceManagement/deviceConfigurations", "assignments",
            "#microsoft.graph.deviceConfigurationAssignment", .collection, v1: true, config,
            targets: collectionTargets, intent: applyOrRemove, write: createShipped, read: expandWorks),
        row(
            "deviceCustomAttributeShellScript", "/deviceManagement/deviceCustomAttributeShellScripts",
            "deviceManagementScriptAssignments", "#microsoft.graph.deviceManagementScriptAssignment", .noContent,
            v1: false, config, read: shellScripts),
        row(
            "deviceEnrollmentConfiguration", "/deviceManagement/deviceEnrollmentConfigurations",
            "enrollmentConfigurationAssignments", "#microsoft.graph.enrollmentConfigurationAssignment", .noContent,
            v1: true, service, targets: includeTargets, defaultsUnassignable: true, idForm: .guidWithSuffix,
            read: ReadProfile(
                .perItem, "field-notes §2: list expand works with one dissenting source; a tenant has a few dozen")),
        row(
            "deviceHealthScript", "/deviceManagement/deviceHealthScripts", "deviceHealthScriptAssignments",
            "#microsoft.graph.deviceHealthScriptAssignment", .noContent, v1: false, config,
            fields: [.runRemediationScript, .runSchedule],
            write: notRouted("terraform-provider-microsoft365 #504, 2025-06"), read: expandWorks),
        row(
            "deviceManagementScript", "/deviceManagement/deviceManagementScripts", "deviceManagementScriptAssignments",
            "#microsoft.graph.deviceManagementScriptAssignment", .noContent, v1: false, config, read: expandWorks),
        row(
            "deviceShellScript", "/deviceManagement/deviceShellScripts", "deviceManagementScriptAssignments",
            "#microsoft.graph.deviceManagementScriptAssignment", .noContent, v1: false, devices, read: shellScripts),
        row(
            "embeddedSIMActivationCodePool", "/deviceManagement/embeddedSIMActivationCodePools", "assignments",
            "#microsoft.graph.embeddedSIMActivationCodePoolAssignment", .collection, v1: false, config,
            read: thinEvidence),
        row(
            "groupPolicyConfiguration", "/deviceManagement/groupPolicyConfigurations", "assignments",
            "#microsoft.graph.groupPolicyConfigurationAssignment", .collection, v1: false, config,
            readOnly: ["lastModifiedDateTime"], read: expandWorks),
        row(
            "hardwareConfiguration", "/deviceManagement/hardwareConfigurations", "hardwareConfigurationAssignments",
            "#microsoft.graph.hardwareConfigurationAssignment", .collection, v1: false, config, read: thinEvidence),
        row(
            "deviceManagementIntent", "/deviceManagement/intents", "assignments",
            "#microsoft.graph.deviceManagementIntentAssignment", .noContent, v1: false, config, read: expandEmpty),
        row(
            "intuneBrandingProfile", "/deviceManagement/intuneBrandingProfiles", "assignments",
            "#microsoft.graph.intuneBrandingProfileAssignment", .noContent, v1: false, apps,
            read: ReadProfile(
                name: "profileName", .perItem,
                "field-notes §1: named by `profileName`; `displayName` is the company name (DOC); §2: expand unknown")),
        row(
            "resourceAccessProfile", "/deviceManagement/resourceAccessProfiles", "assignments",
            "#microsoft.graph.deviceManagementResourceAccessProfileAssignment", .collection, v1: false, service,
            intent: applyOrRemove, read: thinEvidence),
        row(
            "roleScopeTag", "/deviceManagement/roleScopeTags", "assignments",
            "#microsoft.graph.roleScopeTagAutoAssignment", .collection, v1: false, config, targets: [.group],
            idForm: .integer, read: expandEmpty),
        row(
            "windowsAutopilotDeploymentProfile", "/deviceManagement/windowsAutopilotDeploymentProfiles", "deviceIds",
            "#Collection(Edm.String)", .noContent, v1: false, service,
            targets: [.group, .exclusionGroup, .allDevices],
            write: WriteProfile(
                .deviceIds,
                "Graph reference: `assign` takes `deviceIds`; group targets are created and deleted (DOC)"),
            read: expandWorks),
        row(
            "windowsDriverUpdateProfile", "/deviceManagement/windowsDriverUpdateProfiles", "assignments",
            "#microsoft.graph.windowsDriverUpdateProfileAssignment", .noContent, v1: false, config,
            targets: groupTargets, read: expandWorks),
        row(
            "windowsFeatureUpdateProfile", "/deviceManagement/windowsFeatureUpdateProfiles", "assignments",
            "#microsoft.graph.windowsFeatureUpdateProfileAssignment", .noContent, v1: false, config,
            targets: groupTargets, read: expandWorks),
        row(
            "windowsQualityUpdatePolicy", "/deviceManagement/windowsQualityUpdatePolicies", "assignments",
            "#microsoft.graph.windowsQualityUpdatePolicyAssignment", .noContent, v1: false, config,
            targets: groupTargets, read: expandWorks),
        row(
            "windowsQualityUpdateProfile", "/deviceManagement/windowsQualityUpdateProfiles", "assignments",
            "#microsoft.graph.windowsQualityUpdateProfileAssignment", .noContent, v1: false, config,
            targets: groupTargets, read: expandWorks),
        // Windows 365 (issue 20). Graph reference, cloudpcprovisioningpolicy-assign / cloudpcusersetting-assign (beta
        // and v1.0): `assign` with `assignments`, 204, CloudPC.ReadWrite.All, served in the global cloud and US Gov
        // L4 only (not L5/DoD, not China); targets are `cloudPcManagementGroupAssignmentTarget`, "currently ... only a
        // user group" (resource pages), so no exclusions, no All users, no filters. Reads: `?$expand=assignments` on
        // the list is what tools rely on (SHIPPED: several Windows 365 reporting tools and modules), so list expand.
        // A provisioning policy's target may carry `servicePlanId` and a Frontline allotment: not modelled, kept as
        // it is. Assignment ids read `{policyId}_{groupId}`.
        row(
            "cloudPcProvisioningPolicy", "/deviceManagement/virtualEndpoint/provisioningPolicies", "assignments",
            "#microsoft.graph.cloudPcProvisioningPolicyAssignment", .noContent, v1: true, cloudPC,
            targets: [.group], read: cloudPCReads, includesOnly: true, filters: false,
            cloudPC: true, clouds: cloudPCClouds),
        row(
            "cloudPcUserSetting", "/deviceManagement/virtualEndpoint/userSettings", "assignments",
            "#microsoft.graph.cloudPcUserSettingAssignment", .noContent, v1: true, cloudPC, targets: [.group],
            readOnly: ["createdDateTime"], read: cloudPCReads, includesOnly: true,
            filters: false, cloudPC: true, clouds: cloudPCClouds),
        // Terms and conditions (issue 20): no `assign` action; `POST .../assignments` creates one
        // (termsAndConditionsAssignment, target deviceAndAppManagementAssignmentTarget) and `DELETE` removes it
        // (assignments-create-endpoints.csv, intune-companyterms-termsandconditionsassignment-*.md). Includes only
        // (field-notes §5); the admin center offers groups and All users and no filters.
        row(
            "termsAndConditions", "/deviceManagement/termsAndConditions", "assignments",
            "#microsoft.graph.termsAndConditionsAssignment", .noContent, v1: true, service,
            targets: [.group, .allUsers],
            write: WriteProfile(
                .createAndDelete,
                "Graph reference: no `assign` action; `POST` and `DELETE` on `assignments` (DOC: "
                    + "assignments-create-endpoints.csv)"),
            read: thinEvidence, includesOnly: true, filters: false),
    ]

    private static let byName: [String: Kind] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The kind with this manifest name, matched exactly.
    public static func named(_ name: String) -> Kind? { byName[name] }

    /// Kind names close to a misspelt one, best first, for "did you mean" hints.
    public static func suggestions(for name: String) -> [String] {
        Suggestions.closest(to: name, among: all.map(\.name), limit: 2)
    }
}
