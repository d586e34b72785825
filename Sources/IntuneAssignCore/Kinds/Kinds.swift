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
    static let standardTargets: [TargetType] = [.group, .exclusionGroup, .allUsers, .allDevices]
    /// Policies that tenant attach can deploy to Configuration Manager collections.
    private static let collectionTargets: [TargetType] = standardTargets + [.configurationManagerCollection]

    private static let applyOrRemove = IntentRule(
        graphField: "intent", values: ["apply", "remove"], required: false, isIdentity: false, defaultValue: "apply")
    private static let installIntents = ["available", "required", "uninstall", "availableWithoutEnrollment"]

    static let config = "DeviceManagementConfiguration.ReadWrite.All"
    private static let apps = "DeviceManagementApps.ReadWrite.All"
    static let service = "DeviceManagementServiceConfig.ReadWrite.All"
    private static let devices = "DeviceManagementManagedDevices.ReadWrite.All"
    private static let mam = "#microsoft.graph.targetedManagedAppPolicyAssignment"
    private static let cloudPC = "CloudPC.ReadWrite.All"
    /// The clouds whose Graph serves the Cloud PC `assign` actions (their reference pages' national-cloud tables).
    private static let cloudPCClouds = ["global", "usgov"]

    /// One row of the registry: a kind from its values, with the common case as defaults (groups, exclusions, All
    /// users and All devices with filters; no intent or settings; `assign`).
    static func row(
        _ name: String, _ graph: GraphCollection,
        targets: TargetRules = TargetRules(standardTargets, includesOnly: false),
        properties: AssignmentProperties = AssignmentProperties(), write: WriteProfile = .assignOnly,
        read: ReadProfile
    ) -> Kind {
        Kind(name: name, graph: graph, targets: targets, properties: properties, write: write, read: read)
    }

    /// Every assignable kind.
    public static let all: [Kind] =
        [
            row(
                "androidManagedAppProtection",
                GraphCollection(
                    path: "/deviceAppManagement/androidManagedAppProtections", assignBodyKey: "assignments",
                    assignmentODataType: mam, assignAnswer: .noContent, inV1: true, writePermission: config),
                targets: TargetRules(userTargets, includesOnly: false, allUsersForm: .virtualGroup), read: .expandWorks),
            row(
                "iosLobAppProvisioningConfiguration",
                GraphCollection(
                    path: "/deviceAppManagement/iosLobAppProvisioningConfigurations",
                    assignBodyKey: "iOSLobAppProvisioningConfigAssignments",
                    assignmentODataType: "#microsoft.graph.iosLobAppProvisioningConfigurationAssignment",
                    assignAnswer: .noContent, inV1: false, writePermission: config), read: .thinEvidence),
            row(
                "iosManagedAppProtection",
                GraphCollection(
                    path: "/deviceAppManagement/iosManagedAppProtections", assignBodyKey: "assignments",
                    assignmentODataType: mam, assignAnswer: .noContent, inV1: true, writePermission: config),
                targets: TargetRules(userTargets, includesOnly: false, allUsersForm: .virtualGroup), read: .expandWorks),
            row(
                "managedEBook",
                GraphCollection(
                    path: "/deviceAppManagement/managedEBooks", assignBodyKey: "managedEBookAssignments",
                    assignmentODataType: "#microsoft.graph.managedEBookAssignment", assignAnswer: .noContent,
                    inV1: true,
                    writePermission: apps),
                properties: AssignmentProperties(
                    intent: IntentRule(
                        graphField: "installIntent", values: installIntents, required: true, isIdentity: true,
                        defaultValue: nil)), read: .thinEvidence),
            row(
                "mdmWindowsInformationProtectionPolicy",
                GraphCollection(
                    path: "/deviceAppManagement/mdmWindowsInformationProtectionPolicies", assignBodyKey: "assignments",
                    assignmentODataType: mam, assignAnswer: .noContent, inV1: true, writePermission: config),
                targets: TargetRules(userTargets, includesOnly: false, allUsersForm: .virtualGroup), read: .expandWorks),
            row(
                "mobileAppConfiguration",
                GraphCollection(
                    path: "/deviceAppManagement/mobileAppConfigurations", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.managedDeviceMobileAppConfigurationAssignment",
                    assignAnswer: .noContent, inV1: true, writePermission: apps),
                write: WriteProfile(
                    .assign, assignCast: "microsoft.graph.managedDeviceMobileAppConfiguration",
                    "field-notes §8: the single create is not routed (LIVE: microsoft-graph-docs-contrib #4017; "
                        + "msgraph-sdk-powershell #1318, #2250); `assign` is reported to need the cast segment (LIVE: "
                        + "microsoft-graph-docs #15359, #20609; msgraph-sdk-powershell #2985): tried without, then with"
                ),
                read: .expandWorks),
            row(
                "mobileApp",
                GraphCollection(
                    path: "/deviceAppManagement/mobileApps", assignBodyKey: "mobileAppAssignments",
                    assignmentODataType: "#microsoft.graph.mobileAppAssignment", assignAnswer: .noContent, inV1: true,
                    writePermission: config),
                properties: AssignmentProperties(
                    intent: IntentRule(
                        graphField: "intent", values: installIntents, required: true, isIdentity: true,
                        defaultValue: nil), fields: [.settings]), write: .createShipped,
                read: ReadProfile(
                    .listExpand,
                    "field-notes §2: list expand works with one dissenting source (SHIPPED: CIPP, Salto, Microsoft365DSC); "
                        + "tenants hold thousands of apps; §3: default page 1000 (LIVE)")),
            row(
                "targetedManagedAppConfiguration",
                GraphCollection(
                    path: "/deviceAppManagement/targetedManagedAppConfigurations", assignBodyKey: "assignments",
                    assignmentODataType: mam, assignAnswer: .noContent, inV1: true, writePermission: config),
                targets: TargetRules(userTargets, includesOnly: false, allUsersForm: .virtualGroup),
                read: ReadProfile(
                    .perItem, "field-notes §2: one tool turns list expand off for this kind; a tenant has a few dozen")),
            row(
                "wdacSupplementalPolicy",
                GraphCollection(
                    path: "/deviceAppManagement/wdacSupplementalPolicies", assignBodyKey: "wdacPolicyAssignments",
                    assignmentODataType:
                        "#microsoft.graph.windowsDefenderApplicationControlSupplementalPolicyAssignment",
                    assignAnswer: .noContent, inV1: false, writePermission: apps), read: .thinEvidence),
            row(
                "windowsInformationProtectionPolicy",
                GraphCollection(
                    path: "/deviceAppManagement/windowsInformationProtectionPolicies", assignBodyKey: "assignments",
                    assignmentODataType: mam, assignAnswer: .noContent, inV1: true, writePermission: config),
                targets: TargetRules(userTargets, includesOnly: false, allUsersForm: .virtualGroup), read: .thinEvidence
            ),
            row(
                "windowsManagedAppProtection",
                GraphCollection(
                    path: "/deviceAppManagement/windowsManagedAppProtections", assignBodyKey: "assignments",
                    assignmentODataType: mam, assignAnswer: .noContent, inV1: false, writePermission: config),
                targets: TargetRules(userTargets, includesOnly: false, allUsersForm: .virtualGroup), read: .expandWorks),
            row(
                "compliancePolicy",
                GraphCollection(
                    path: "/deviceManagement/compliancePolicies", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.deviceManagementConfigurationPolicyAssignment",
                    assignAnswer: .collection, inV1: false, writePermission: config),
                targets: TargetRules(collectionTargets, includesOnly: false),
                read: ReadProfile(
                    name: "name", .perItem,
                    "field-notes §1: named by `name` (DOC); §2: expand unknown, TenuVault reads per item on purpose (SHIPPED)"
                )),
            row(
                "configurationPolicy",
                GraphCollection(
                    path: "/deviceManagement/configurationPolicies", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.deviceManagementConfigurationPolicyAssignment",
                    assignAnswer: .collection, inV1: false, writePermission: config,
                    // Issue 31: set, retrieve and clear EnrollmentTimeDeviceMembershipTarget (Graph beta reference,
                    // every cloud; SHIPPED: terraform-provider-microsoft365 PR #3624, 2026-08).
                    enrollmentDeviceGroup: true),
                targets: TargetRules(collectionTargets, includesOnly: false),
                read: ReadProfile(
                    name: "name", .listExpand, top: 100,
                    "field-notes §1: named by `name` (DOC); §2: list expand works, item expand returns [] (LIVE); §3: "
                        + "default page 25, $top=100 honoured (LIVE)")),
            row(
                "deviceCompliancePolicy",
                GraphCollection(
                    path: "/deviceManagement/deviceCompliancePolicies", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.deviceCompliancePolicyAssignment", assignAnswer: .collection,
                    inV1: true, writePermission: config), targets: TargetRules(collectionTargets, includesOnly: false),
                write: .notRouted(
                    "microsoft-graph-docs #2326, #4984, #20615; msgraph-sdk-powershell #2985 (beta), #3376 (v1.0, 2025-11)"
                ),
                read: .expandWorks),
            row(
                "deviceComplianceScript",
                GraphCollection(
                    path: "/deviceManagement/deviceComplianceScripts", assignBodyKey: "deviceHealthScriptAssignments",
                    assignmentODataType: "#microsoft.graph.deviceHealthScriptAssignment", assignAnswer: .noContent,
                    inV1: false, writePermission: config),
                properties: AssignmentProperties(fields: [.runRemediationScript, .runSchedule]),
                write: .notRouted("microsoft-graph-docs-contrib #2903"), read: .thinEvidence),
            row(
                "deviceConfiguration",
                GraphCollection(
                    path: "/deviceManagement/deviceConfigurations", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.deviceConfigurationAssignment", assignAnswer: .collection,
                    inV1: true, writePermission: config), targets: TargetRules(collectionTargets, includesOnly: false),
                properties: AssignmentProperties(intent: applyOrRemove), write: .createShipped, read: .expandWorks),
            row(
                "deviceCustomAttributeShellScript",
                GraphCollection(
                    path: "/deviceManagement/deviceCustomAttributeShellScripts",
                    assignBodyKey: "deviceManagementScriptAssignments",
                    assignmentODataType: "#microsoft.graph.deviceManagementScriptAssignment", assignAnswer: .noContent,
                    inV1: false, writePermission: config), read: .shellScripts),
            row(
                "deviceEnrollmentConfiguration",
                GraphCollection(
                    path: "/deviceManagement/deviceEnrollmentConfigurations",
                    assignBodyKey: "enrollmentConfigurationAssignments",
                    assignmentODataType: "#microsoft.graph.enrollmentConfigurationAssignment", assignAnswer: .noContent,
                    inV1: true, writePermission: service, idForm: .guidWithSuffix, defaultsUnassignable: true),
                targets: TargetRules(includeTargets, includesOnly: true),
                read: ReadProfile(
                    .perItem, "field-notes §2: list expand works with one dissenting source; a tenant has a few dozen")),
            row(
                "deviceHealthScript",
                GraphCollection(
                    path: "/deviceManagement/deviceHealthScripts", assignBodyKey: "deviceHealthScriptAssignments",
                    assignmentODataType: "#microsoft.graph.deviceHealthScriptAssignment", assignAnswer: .noContent,
                    inV1: false, writePermission: config),
                properties: AssignmentProperties(fields: [.runRemediationScript, .runSchedule]),
                write: .notRouted("terraform-provider-microsoft365 #504, 2025-06"), read: .expandWorks),
            row(
                "deviceManagementScript",
                GraphCollection(
                    path: "/deviceManagement/deviceManagementScripts",
                    assignBodyKey: "deviceManagementScriptAssignments",
                    assignmentODataType: "#microsoft.graph.deviceManagementScriptAssignment", assignAnswer: .noContent,
                    inV1: false, writePermission: config), read: .expandWorks),
            row(
                "deviceShellScript",
                GraphCollection(
                    path: "/deviceManagement/deviceShellScripts", assignBodyKey: "deviceManagementScriptAssignments",
                    assignmentODataType: "#microsoft.graph.deviceManagementScriptAssignment", assignAnswer: .noContent,
                    inV1: false, writePermission: devices), read: .shellScripts),
            row(
                "embeddedSIMActivationCodePool",
                GraphCollection(
                    path: "/deviceManagement/embeddedSIMActivationCodePools", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.embeddedSIMActivationCodePoolAssignment",
                    assignAnswer: .collection, inV1: false, writePermission: config), read: .thinEvidence),
            row(
                "groupPolicyConfiguration",
                GraphCollection(
                    path: "/deviceManagement/groupPolicyConfigurations", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.groupPolicyConfigurationAssignment",
                    assignAnswer: .collection,
                    inV1: false, writePermission: config),
                properties: AssignmentProperties(readOnly: ["lastModifiedDateTime"]), read: .expandWorks),
            row(
                "hardwareConfiguration",
                GraphCollection(
                    path: "/deviceManagement/hardwareConfigurations", assignBodyKey: "hardwareConfigurationAssignments",
                    assignmentODataType: "#microsoft.graph.hardwareConfigurationAssignment", assignAnswer: .collection,
                    inV1: false, writePermission: config), read: .thinEvidence),
            row(
                "deviceManagementIntent",
                GraphCollection(
                    path: "/deviceManagement/intents", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.deviceManagementIntentAssignment", assignAnswer: .noContent,
                    inV1: false, writePermission: config), read: .expandEmpty),
            row(
                "intuneBrandingProfile",
                GraphCollection(
                    path: "/deviceManagement/intuneBrandingProfiles", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.intuneBrandingProfileAssignment", assignAnswer: .noContent,
                    inV1: false, writePermission: apps),
                read: ReadProfile(
                    name: "profileName", .perItem,
                    "field-notes §1: named by `profileName`; `displayName` is the company name (DOC); §2: expand unknown"
                )),
            row(
                "resourceAccessProfile",
                GraphCollection(
                    path: "/deviceManagement/resourceAccessProfiles", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.deviceManagementResourceAccessProfileAssignment",
                    assignAnswer: .collection, inV1: false, writePermission: service),
                properties: AssignmentProperties(intent: applyOrRemove), read: .thinEvidence),
            row(
                "roleScopeTag",
                GraphCollection(
                    path: "/deviceManagement/roleScopeTags", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.roleScopeTagAutoAssignment", assignAnswer: .collection,
                    inV1: false, writePermission: config, idForm: .integer),
                targets: TargetRules([.group], includesOnly: false), read: .expandEmpty),
            row(
                "windowsAutopilotDeploymentProfile",
                GraphCollection(
                    path: "/deviceManagement/windowsAutopilotDeploymentProfiles", assignBodyKey: "deviceIds",
                    assignmentODataType: "#Collection(Edm.String)", assignAnswer: .noContent, inV1: false,
                    writePermission: service),
                targets: TargetRules([.group, .exclusionGroup, .allDevices], includesOnly: false),
                write: WriteProfile(
                    .deviceIds,
                    "Graph reference: `assign` takes `deviceIds`; group targets are created and deleted (DOC)"),
                read: .expandWorks),
            row(
                "windowsDriverUpdateProfile",
                GraphCollection(
                    path: "/deviceManagement/windowsDriverUpdateProfiles", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.windowsDriverUpdateProfileAssignment",
                    assignAnswer: .noContent,
                    inV1: false, writePermission: config), targets: TargetRules(groupTargets, includesOnly: false),
                read: .expandWorks),
            row(
                "windowsFeatureUpdateProfile",
                GraphCollection(
                    path: "/deviceManagement/windowsFeatureUpdateProfiles", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.windowsFeatureUpdateProfileAssignment",
                    assignAnswer: .noContent,
                    inV1: false, writePermission: config), targets: TargetRules(groupTargets, includesOnly: false),
                read: .expandWorks),
            row(
                "windowsQualityUpdatePolicy",
                GraphCollection(
                    path: "/deviceManagement/windowsQualityUpdatePolicies", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.windowsQualityUpdatePolicyAssignment",
                    assignAnswer: .noContent,
                    inV1: false, writePermission: config), targets: TargetRules(groupTargets, includesOnly: false),
                read: .expandWorks),
            row(
                "windowsQualityUpdateProfile",
                GraphCollection(
                    path: "/deviceManagement/windowsQualityUpdateProfiles", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.windowsQualityUpdateProfileAssignment",
                    assignAnswer: .noContent,
                    inV1: false, writePermission: config), targets: TargetRules(groupTargets, includesOnly: false),
                read: .expandWorks),
            // Windows 365 (issue 20). Graph reference, cloudpcprovisioningpolicy-assign / cloudpcusersetting-assign (beta
            // and v1.0): `assign` with `assignments`, 204, CloudPC.ReadWrite.All, served in the global cloud and US Gov
            // L4 only (not L5/DoD, not China); targets are `cloudPcManagementGroupAssignmentTarget`, "currently ... only a
            // user group" (resource pages), so no exclusions, no All users, no filters. Reads: `?$expand=assignments` on
            // the list is what tools rely on (SHIPPED: several Windows 365 reporting tools and modules), so list expand.
            // A provisioning policy's target may carry `servicePlanId` and a Frontline allotment: not modelled, kept as
            // it is. Assignment ids read `{policyId}_{groupId}`.
            row(
                "cloudPcProvisioningPolicy",
                GraphCollection(
                    path: "/deviceManagement/virtualEndpoint/provisioningPolicies", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.cloudPcProvisioningPolicyAssignment",
                    assignAnswer: .noContent,
                    inV1: true, writePermission: cloudPC, clouds: cloudPCClouds),
                targets: TargetRules([.group], includesOnly: true, groupForm: .cloudPC, filters: false),
                read: .cloudPCReads
            ),
            row(
                "cloudPcUserSetting",
                GraphCollection(
                    path: "/deviceManagement/virtualEndpoint/userSettings", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.cloudPcUserSettingAssignment", assignAnswer: .noContent,
                    inV1: true, writePermission: cloudPC, clouds: cloudPCClouds),
                targets: TargetRules([.group], includesOnly: true, groupForm: .cloudPC, filters: false),
                properties: AssignmentProperties(readOnly: ["createdDateTime"]), read: .cloudPCReads),
            // Terms and conditions (issue 20): no `assign` action; `POST .../assignments` creates one
            // (termsAndConditionsAssignment, target deviceAndAppManagementAssignmentTarget) and `DELETE` removes it
            // (assignments-create-endpoints.csv, intune-companyterms-termsandconditionsassignment-*.md). Includes only
            // (field-notes §5); the admin center offers groups and All users and no filters.
            row(
                "termsAndConditions",
                GraphCollection(
                    path: "/deviceManagement/termsAndConditions", assignBodyKey: "assignments",
                    assignmentODataType: "#microsoft.graph.termsAndConditionsAssignment", assignAnswer: .noContent,
                    inV1: true, writePermission: service),
                targets: TargetRules([.group, .allUsers], includesOnly: true, filters: false),
                write: WriteProfile(
                    .createAndDelete,
                    "Graph reference: no `assign` action; `POST` and `DELETE` on `assignments` (DOC: "
                        + "assignments-create-endpoints.csv)"), read: .thinEvidence),
        ] + newer

    private static let byName: [String: Kind] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The kind with this manifest name, matched exactly.
    public static func named(_ name: String) -> Kind? { byName[name] }

    /// Kind names close to a misspelt one, best first, for "did you mean" hints.
    public static func suggestions(for name: String) -> [String] {
        Suggestions.closest(to: name, among: all.map(\.name), limit: 2)
    }
}
