/// The registry of assignable kinds: one row per row of shared/graph/kinds.md, in that table's order.
///
/// Target types: kinds.md lists all five target types for every kind, but Intune itself offers fewer for some
/// families, and a manifest that asks for a target the service refuses should fail before any Graph call. Where
/// this table narrows the list it says why next to the constant.
public enum Kinds {
    /// Users-only families: app protection and app configuration for managed apps (MAM) and Windows
    /// Information Protection target users, never devices or Configuration Manager collections.
    private static let userTargets: [TargetType] = [.group, .exclusionGroup, .allUsers]
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

    /// One row of the registry.
    private static func row(
        _ name: String, _ path: String, _ bodyKey: String, _ odataType: String, _ answer: AssignAnswer,
        v1: Bool, _ permission: String, targets: [TargetType] = standardTargets, intent: IntentRule? = nil,
        fields: [AssignmentField] = [], takesDevices: Bool = false, groupWrites: GroupTargetWrites = .assignAction,
        readOnly: [String] = [], defaultsUnassignable: Bool = false, idForm: ConfigurationIDForm = .guid
    ) -> Kind {
        Kind(
            name: name, collectionPath: path, assignBodyKey: bodyKey, assignmentODataType: odataType,
            assignAnswer: answer, supportsSingleCreate: true, inV1: v1, writePermission: permission,
            targetTypes: targets, intent: intent, fields: fields, takesDevices: takesDevices,
            groupTargetWrites: groupWrites, readOnlyAssignmentFields: readOnly,
            defaultConfigurationsUnassignable: defaultsUnassignable, idForm: idForm)
    }

    /// Every assignable kind.
    public static let all: [Kind] = [
        row(
            "androidManagedAppProtection", "/deviceAppManagement/androidManagedAppProtections", "assignments", mam,
            .noContent, v1: true, config, targets: userTargets),
        row(
            "iosLobAppProvisioningConfiguration", "/deviceAppManagement/iosLobAppProvisioningConfigurations",
            "iOSLobAppProvisioningConfigAssignments", "#microsoft.graph.iosLobAppProvisioningConfigurationAssignment",
            .noContent, v1: false, config),
        row(
            "iosManagedAppProtection", "/deviceAppManagement/iosManagedAppProtections", "assignments", mam,
            .noContent, v1: true, config, targets: userTargets),
        row(
            "managedEBook", "/deviceAppManagement/managedEBooks", "managedEBookAssignments",
            "#microsoft.graph.managedEBookAssignment", .noContent, v1: true, apps,
            intent: IntentRule(
                graphField: "installIntent", values: installIntents, required: true, isIdentity: true,
                defaultValue: nil)),
        row(
            "mdmWindowsInformationProtectionPolicy", "/deviceAppManagement/mdmWindowsInformationProtectionPolicies",
            "assignments", mam, .noContent, v1: true, config, targets: userTargets),
        row(
            "mobileAppConfiguration", "/deviceAppManagement/mobileAppConfigurations", "assignments",
            "#microsoft.graph.managedDeviceMobileAppConfigurationAssignment", .noContent, v1: true, apps),
        row(
            "mobileApp", "/deviceAppManagement/mobileApps", "mobileAppAssignments",
            "#microsoft.graph.mobileAppAssignment", .noContent, v1: true, config,
            intent: IntentRule(
                graphField: "intent", values: installIntents, required: true, isIdentity: true,
                defaultValue: nil),
            fields: [.settings]),
        row(
            "targetedManagedAppConfiguration", "/deviceAppManagement/targetedManagedAppConfigurations", "assignments",
            mam, .noContent, v1: true, config, targets: userTargets),
        row(
            "wdacSupplementalPolicy", "/deviceAppManagement/wdacSupplementalPolicies", "wdacPolicyAssignments",
            "#microsoft.graph.windowsDefenderApplicationControlSupplementalPolicyAssignment", .noContent, v1: false,
            apps),
        row(
            "windowsInformationProtectionPolicy", "/deviceAppManagement/windowsInformationProtectionPolicies",
            "assignments", mam, .noContent, v1: true, config, targets: userTargets),
        row(
            "windowsManagedAppProtection", "/deviceAppManagement/windowsManagedAppProtections", "assignments", mam,
            .noContent, v1: false, config, targets: userTargets),
        row(
            "compliancePolicy", "/deviceManagement/compliancePolicies", "assignments",
            "#microsoft.graph.deviceManagementConfigurationPolicyAssignment", .collection, v1: false, config,
            targets: collectionTargets),
        row(
            "configurationPolicy", "/deviceManagement/configurationPolicies", "assignments",
            "#microsoft.graph.deviceManagementConfigurationPolicyAssignment", .collection, v1: false, config,
            targets: collectionTargets),
        row(
            "deviceCompliancePolicy", "/deviceManagement/deviceCompliancePolicies", "assignments",
            "#microsoft.graph.deviceCompliancePolicyAssignment", .collection, v1: true, config,
            targets: collectionTargets),
        row(
            "deviceComplianceScript", "/deviceManagement/deviceComplianceScripts", "deviceHealthScriptAssignments",
            "#microsoft.graph.deviceHealthScriptAssignment", .noContent, v1: false, config,
            fields: [.runRemediationScript, .runSchedule]),
        row(
            "deviceConfiguration", "/deviceManagement/deviceConfigurations", "assignments",
            "#microsoft.graph.deviceConfigurationAssignment", .collection, v1: true, config,
            targets: collectionTargets, intent: applyOrRemove),
        row(
            "deviceCustomAttributeShellScript", "/deviceManagement/deviceCustomAttributeShellScripts",
            "deviceManagementScriptAssignments", "#microsoft.graph.deviceManagementScriptAssignment", .noContent,
            v1: false, config),
        row(
            "deviceEnrollmentConfiguration", "/deviceManagement/deviceEnrollmentConfigurations",
            "enrollmentConfigurationAssignments", "#microsoft.graph.enrollmentConfigurationAssignment", .noContent,
            v1: true, service, defaultsUnassignable: true, idForm: .guidWithSuffix),
        row(
            "deviceHealthScript", "/deviceManagement/deviceHealthScripts", "deviceHealthScriptAssignments",
            "#microsoft.graph.deviceHealthScriptAssignment", .noContent, v1: false, config,
            fields: [.runRemediationScript, .runSchedule]),
        row(
            "deviceManagementScript", "/deviceManagement/deviceManagementScripts", "deviceManagementScriptAssignments",
            "#microsoft.graph.deviceManagementScriptAssignment", .noContent, v1: false, config),
        row(
            "deviceShellScript", "/deviceManagement/deviceShellScripts", "deviceManagementScriptAssignments",
            "#microsoft.graph.deviceManagementScriptAssignment", .noContent, v1: false, devices),
        row(
            "embeddedSIMActivationCodePool", "/deviceManagement/embeddedSIMActivationCodePools", "assignments",
            "#microsoft.graph.embeddedSIMActivationCodePoolAssignment", .collection, v1: false, config),
        row(
            "groupPolicyConfiguration", "/deviceManagement/groupPolicyConfigurations", "assignments",
            "#microsoft.graph.groupPolicyConfigurationAssignment", .collection, v1: false, config,
            readOnly: ["lastModifiedDateTime"]),
        row(
            "hardwareConfiguration", "/deviceManagement/hardwareConfigurations", "hardwareConfigurationAssignments",
            "#microsoft.graph.hardwareConfigurationAssignment", .collection, v1: false, config),
        row(
            "deviceManagementIntent", "/deviceManagement/intents", "assignments",
            "#microsoft.graph.deviceManagementIntentAssignment", .noContent, v1: false, config),
        row(
            "intuneBrandingProfile", "/deviceManagement/intuneBrandingProfiles", "assignments",
            "#microsoft.graph.intuneBrandingProfileAssignment", .noContent, v1: false, apps),
        row(
            "resourceAccessProfile", "/deviceManagement/resourceAccessProfiles", "assignments",
            "#microsoft.graph.deviceManagementResourceAccessProfileAssignment", .collection, v1: false, service,
            intent: applyOrRemove),
        row(
            "roleScopeTag", "/deviceManagement/roleScopeTags", "assignments",
            "#microsoft.graph.roleScopeTagAutoAssignment", .collection, v1: false, config, targets: [.group],
            idForm: .integer),
        row(
            "windowsAutopilotDeploymentProfile", "/deviceManagement/windowsAutopilotDeploymentProfiles", "deviceIds",
            "#Collection(Edm.String)", .noContent, v1: false, service,
            targets: [.group, .exclusionGroup, .allDevices], takesDevices: true, groupWrites: .createAndDelete),
        row(
            "windowsDriverUpdateProfile", "/deviceManagement/windowsDriverUpdateProfiles", "assignments",
            "#microsoft.graph.windowsDriverUpdateProfileAssignment", .noContent, v1: false, config,
            targets: groupTargets),
        row(
            "windowsFeatureUpdateProfile", "/deviceManagement/windowsFeatureUpdateProfiles", "assignments",
            "#microsoft.graph.windowsFeatureUpdateProfileAssignment", .noContent, v1: false, config,
            targets: groupTargets),
        row(
            "windowsQualityUpdatePolicy", "/deviceManagement/windowsQualityUpdatePolicies", "assignments",
            "#microsoft.graph.windowsQualityUpdatePolicyAssignment", .noContent, v1: false, config,
            targets: groupTargets),
        row(
            "windowsQualityUpdateProfile", "/deviceManagement/windowsQualityUpdateProfiles", "assignments",
            "#microsoft.graph.windowsQualityUpdateProfileAssignment", .noContent, v1: false, config,
            targets: groupTargets),
    ]

    private static let byName: [String: Kind] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The kind with this manifest name, matched exactly.
    public static func named(_ name: String) -> Kind? { byName[name] }

    /// Kind names close to a misspelt one, best first, for "did you mean" hints.
    public static func suggestions(for name: String) -> [String] {
        Suggestions.closest(to: name, among: all.map(\.name), limit: 2)
    }
}
