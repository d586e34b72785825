extension Kinds {
    /// The kinds issue 31 added, from the Graph beta reference and the tools that ship them (after the team's table).
    static let newer: [Kind] = [
        // The properties catalog (issue 31): settings-catalog policies of their own collection. Graph's beta
        // reference "assign action" (intune-deviceconfigv2-devicemanagementinventorypolicy-assign): POST
        // .../inventoryPolicies/{id}/assign with `assignments` of deviceManagementConfigurationPolicyAssignment,
        // 200 with the collection, every national cloud. Named by `name`, which refuses a `$filter` (IntuneManagement,
        // verified live 2026-08-27); assignments read per item, as for compliancePolicy (list expand unproven).
        // Targets as the settings catalog's, without collections (inventory is not deployed by tenant attach).
        row(
            "inventoryPolicy",
            GraphCollection(
                path: "/deviceManagement/inventoryPolicies", assignBodyKey: "assignments",
                assignmentODataType: "#microsoft.graph.deviceManagementConfigurationPolicyAssignment",
                assignAnswer: .collection, inV1: false, writePermission: config),
            read: ReadProfile(
                name: "name", .perItem,
                "field-notes §1: named by `name` (DOC; IntuneManagement); §2: expand unproven, per-item read documented "
                    + "(DOC)")),
        // Apple account-driven (user-initiated) enrollment profiles (issue 31): no `assign` action; assignments
        // are created and deleted one by one (assignments-create-endpoints.csv: POST 201, DELETE 204,
        // appleEnrollmentProfileAssignment, DeviceManagementServiceConfig). Users enroll their devices with them, so
        // includes of groups and All users only, without filters, as terms and conditions (thin evidence: no field
        // report yet; `check --field-report` probes its list expand).
        row(
            "appleUserInitiatedEnrollmentProfile",
            GraphCollection(
                path: "/deviceManagement/appleUserInitiatedEnrollmentProfiles", assignBodyKey: "assignments",
                assignmentODataType: "#microsoft.graph.appleEnrollmentProfileAssignment", assignAnswer: .noContent,
                inV1: false, writePermission: service),
            targets: TargetRules([.group, .allUsers], includesOnly: true, filters: false),
            write: WriteProfile(
                .createAndDelete,
                "Graph reference: no `assign` action; `POST` and `DELETE` on `assignments` (DOC: "
                    + "assignments-create-endpoints.csv)"), read: .thinEvidence),
        // Policy sets (issue 31): their own assignments, managed here; the assignments they put on their member
        // configurations stay "from policy set …, not changed here" there. Assignments are created and deleted one by
        // one (assignments-create-endpoints.csv: POST 201, DELETE 204, policySetAssignment). A list with
        // `$expand=assignments` is refused, each set is read on its own (SHIPPED: jseerden/IntuneBackupAndRestore PR
        // #94, 2026-01). Groups, exclusions, All users and All devices, without filters (thin evidence).
        row(
            "policySet",
            GraphCollection(
                path: "/deviceAppManagement/policySets", assignBodyKey: "assignments",
                assignmentODataType: "#microsoft.graph.policySetAssignment", assignAnswer: .noContent, inV1: false,
                writePermission: config),
            targets: TargetRules(standardTargets, includesOnly: false, filters: false),
            write: WriteProfile(
                .createAndDelete,
                "Graph reference: `POST` and `DELETE` on `assignments` (DOC: assignments-create-endpoints.csv); "
                    + "the Terraform provider writes through `update` instead"),
            read: ReadProfile(
                .perItem,
                "field-notes §2: list `$expand=assignments` refused (SHIPPED: IntuneBackupAndRestore PR #94); "
                    + "`GET .../{id}/assignments` is documented (DOC)")),
        // Intune role assignments (issue 31): who may manage what. No assignments: the object's own `members`,
        // `scopeType`, `resourceScopes` and `roleScopeTagIds` (Graph beta reference, deviceAndAppManagementRoleAssignment).
        // Listed under their role definitions (`GET /deviceManagement/roleDefinitions/{id}/roleAssignments`, DOC);
        // read one by one at `/deviceManagement/roleAssignments/{id}` and written there with `PATCH`: the nested
        // `PATCH` is not routed (LIVE: microsoft-graph-docs #12674), members are updated that way (same report);
        // scope groups are refused unless the scope type is `resourceScope` (LIVE: Microsoft365DSC #6394). Whether a
        // `PATCH` of `resourceScopes` and `roleScopeTagIds` takes (one 2021 report says it answered 200 and kept the
        // old scope) is thin: apply reads each back and says what still differs.
        row(
            "roleAssignment",
            GraphCollection(
                path: "/deviceManagement/roleAssignments", assignBodyKey: "",
                assignmentODataType: "#microsoft.graph.deviceAndAppManagementRoleAssignment", assignAnswer: .collection,
                inV1: true, writePermission: "DeviceManagementRBAC.ReadWrite.All",
                parent: ParentCollection(
                    path: "/deviceManagement/roleDefinitions", nameProperty: "displayName", child: "roleAssignments",
                    nestedItems: false)),
            targets: TargetRules([], includesOnly: false, filters: false),
            write: WriteProfile(
                .roleAccess,
                "Graph reference: `PATCH /deviceManagement/roleAssignments/{id}` (DOC); the nested PATCH is not routed "
                    + "(LIVE: microsoft-graph-docs #12674)"),
            read: ReadProfile(
                .perItem,
                "Graph reference: listed under each role definition, read at `/deviceManagement/roleAssignments/{id}` "
                    + "(DOC); no assignments")),
        // Apple automated device enrollment profiles (issue 31): under each Apple token
        // (`/deviceManagement/depOnboardingSettings/{id}/enrollmentProfiles`, DOC), no assignments. They are assigned
        // to serial numbers with `POST .../updateDeviceProfileAssignment` and `deviceIds` (DOC; that serial numbers
        // are what it takes: LIVE, microsoft-graph-docs #16773), 204; a profile becomes the token's default with
        // `POST .../setDefaultProfile` (DOC; SHIPPED: terraform-provider-microsoft365's enrollment policies). Which
        // serial numbers carry a profile is read from the token's `importedAppleDeviceIdentities`
        // (`requestedEnrollmentProfileId`, DOC); `isDefault` from the listing (depEnrollmentBaseProfile, DOC). Ids are
        // the token's GUID and the profile's id. Thin evidence: no field report yet.
        row(
            "appleEnrollmentProfile",
            GraphCollection(
                path: "/deviceManagement/depOnboardingSettings/{id}/enrollmentProfiles", assignBodyKey: "deviceIds",
                assignmentODataType: "#Collection(Edm.String)", assignAnswer: .noContent, inV1: false,
                writePermission: service, idForm: .nested,
                parent: ParentCollection(
                    path: "/deviceManagement/depOnboardingSettings", nameProperty: "tokenName",
                    child: "enrollmentProfiles", nestedItems: true)),
            targets: TargetRules([], includesOnly: false, filters: false),
            write: WriteProfile(
                .serialNumbers,
                "Graph reference: `updateDeviceProfileAssignment` with serial numbers and `setDefaultProfile` (DOC; "
                    + "serial numbers: LIVE, microsoft-graph-docs #16773)"),
            read: ReadProfile(
                .perItem,
                "Graph reference: listed under each Apple token; serial numbers from `importedAppleDeviceIdentities` "
                    + "(DOC); no assignments")),
    ]
}
