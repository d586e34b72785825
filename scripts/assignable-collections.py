#!/usr/bin/env python3
"""Writes docs/assignable-collections.md: every Graph beta collection whose items have a bound `assign` action or an
`assignments` navigation, from the team's tables of the published beta metadata and SDK models
(shared/graph/assign-endpoints.csv and assignments-create-endpoints.csv), with the kind that covers it or the reason it
is left out. The covered collections are read from the kinds table (docs/kinds.md), which a test keeps equal to the registry.

    python3 scripts/assignable-collections.py [SHARED_GRAPH_FOLDER] > docs/assignable-collections.md

A collection that appears in the tables and is neither covered nor given a reason below stops the script: leaving one
out is a decision written down here, not an accident. A test checks the committed file against the registry.
"""
import collections
import csv
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Collections the team's tables predate, with their routes as the Graph beta reference documents them.
NEWER = {
    # "assign action" (intune-deviceconfigv2-devicemanagementinventorypolicy-assign) and the settings pages that list
    # /deviceManagement/inventoryPolicies/{id}/settings beside configurationPolicies.
    "/deviceManagement/inventoryPolicies": {"assign", "assignments"},
    # Intune role assignments: no `assign` and no `assignments`; who may manage what is the object's own `members`,
    # `scopeType`, `resourceScopes` and `roleScopeTagIds`, written with PATCH (deviceAndAppManagementRoleAssignment).
    "/deviceManagement/roleAssignments": set(),
    # Apple automated device enrollment profiles, under each Apple token: assigned to serial numbers with
    # `updateDeviceProfileAssignment`, made the token's default with `setDefaultProfile`.
    "/deviceManagement/depOnboardingSettings/{id}/enrollmentProfiles": set(),
}

# Assignments made through other routes than `assign` and `assignments`, which the tables do not list.
ELSEWHERE = []

# Assigned by other routes than `assign` and `assignments`, and covered.
ELSEWHERE_COVERED = [
    ("/deviceManagement/configurationPolicies/{id}/setEnrollmentTimeDeviceMembershipTarget",
     "the device group devices join during enrollment (Autopilot device preparation, Apple enrollment policies), "
     "read with `retrieve…` and removed with `clear…`: the `deviceGroup:` key of configurationPolicy"),
    ("/deviceManagement/depOnboardingSettings/{id}/enrollmentProfiles/{id}/updateDeviceProfileAssignment",
     "Apple automated device enrollment profiles, assigned to serial numbers (`devices:`) and made their token's "
     "default with `setDefaultProfile` (`default: true`): the appleEnrollmentProfile kind"),
    ("/deviceManagement/roleAssignments/{id}",
     "who may manage what (`members`, `scopeType`, `resourceScopes`, `roleScopeTagIds`), written with `PATCH`: "
     "the roleAssignment kind"),
]

# Why each collection that no kind covers is left out.
REASONS = {
    "/deviceAppManagement/managedAppPolicies":
        "the base collection of every app protection policy; its typed collections (android, iOS, Windows, WIP) are "
        "the kinds, and assigning through the base type would manage the same policy twice",
    "/deviceAppManagement/managedAppRegistrations/{managedAppRegistrationId}/appliedPolicies":
        "a per-app-registration view of app protection policies, not a configuration of its own",
    "/deviceAppManagement/managedAppRegistrations/{managedAppRegistrationId}/intendedPolicies":
        "a per-app-registration view of app protection policies, not a configuration of its own",
    "/deviceAppManagement/wdacSupplementalPolicies/{windowsDefenderApplicationControlSupplementalPolicyId}/deviceStatuses/{windowsDefenderApplicationControlSupplementalPolicyDeploymentStatusId}/policy/assign":
        "the same WDAC policy reached through a device's deployment status; covered as wdacSupplementalPolicy",
    "/deviceManagement/deviceConfigurations/{deviceConfigurationId}/groupAssignments/{deviceConfigurationGroupAssignmentId}/deviceConfiguration/assign":
        "the same configuration reached through a legacy groupAssignment; covered as deviceConfiguration",
    "/deviceManagement/deviceConfigurations/{deviceConfigurationId}/microsoft.graph.windowsDomainJoinConfiguration/networkAccessConfigurations":
        "configurations that a domain-join configuration links to; each is assigned as its own deviceConfiguration",
    "/deviceManagement/reusablePolicySettings/{deviceManagementReusablePolicySetting-id}/referencingConfigurationPolicies":
        "settings catalog policies reached through a reusable setting; covered as configurationPolicy",
    "/deviceManagement/roleAssignments/{deviceAndAppManagementRoleAssignment-id}/roleScopeTags":
        "scope tags reached through a role assignment; covered as roleScopeTag",
    "/deviceManagement/roleDefinitions":
        "the role definitions themselves; the role assignments under them are the roleAssignment kind "
        "(`/deviceManagement/roleAssignments`), worded as admin access",
    "/deviceManagement/roleDefinitions/{roleDefinitionId}/roleAssignments/{roleAssignmentId}/microsoft.graph.deviceAndAppManagementRoleAssignment/roleScopeTags":
        "scope tags reached through a role definition's assignment; covered as roleScopeTag",
    "/deviceManagement/virtualEndpoint/cloudPcPools":
        "no `assign` action, beta only, and no documented permissions (the table marks them unverified)",
    "/deviceManagement/windowsAutopilotDeviceIdentities/{windowsAutopilotDeviceIdentityId}/deploymentProfile/assign":
        "a profile reached through one device; devices are listed on the profile (`devices:`)",
    "/deviceManagement/windowsAutopilotDeviceIdentities/{windowsAutopilotDeviceIdentityId}/intendedDeploymentProfile/assign":
        "a profile reached through one device; devices are listed on the profile (`devices:`)",
    "/users/{user-id}/deviceEnrollmentConfigurations":
        "a per-user view of enrollment configurations; covered as deviceEnrollmentConfiguration",
}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "graph")
    found = collections.defaultdict(set)
    for row in csv.DictReader(open(os.path.join(folder, "assign-endpoints.csv"))):
        if row["api_version"] == "beta":
            found[row["collection_path"]].add("assign")
    for row in csv.DictReader(open(os.path.join(folder, "assignments-create-endpoints.csv"))):
        if row["api_version"] == "beta":
            found[row["collection_path"]].add("assignments")
    # Collections the tables predate, from the beta reference pages (issue 31).
    for path, routes in NEWER.items():
        found[path] |= routes
    readme = open(os.path.join(ROOT, "docs", "kinds.md")).read()
    covered = {path: kind for kind, path in re.findall(r"^\| `(\w+)` \| `(/[^`]+)` \|", readme, re.M)}
    missing = [path for path in found if path not in covered and path not in REASONS]
    if missing:
        sys.exit("no kind and no reason for: " + ", ".join(sorted(missing)))
    print("# Assignable collections (Graph beta)\n")
    print("Made by `scripts/assignable-collections.py` from the team's tables of the published beta metadata and SDK "
          "models (`shared/graph/assign-endpoints.csv`, `assignments-create-endpoints.csv`), and the collections those "
          "tables predate, from the beta reference pages (`NEWER` in the script). Every collection whose "
          "items have a bound `assign` action or an `assignments` navigation, with the kind that covers it, or why "
          "none does.\n")
    print("| collection | `assign` | `assignments` | kind | left out because |")
    print("|---|---|---|---|---|")
    for path in sorted(found):
        kinds = found[path]
        kind = f"`{covered[path]}`" if path in covered else "—"
        print(f"| `{path}` | {'yes' if 'assign' in kinds else 'no'} | {'yes' if 'assignments' in kinds else 'no'} | "
              f"{kind} | {REASONS.get(path, '')} |")
    print(f"\n{len(covered)} collections covered, {len(found) - len(covered)} left out.")
    print("\nAssigned by other routes than these, and covered:\n")
    for route, why in ELSEWHERE_COVERED:
        print(f"- `{route}`: {why}")
    if ELSEWHERE:
        print("\nAssigned by other routes than these, and not covered yet:\n")
        for route, why in ELSEWHERE:
            print(f"- `{route}`: {why}")


if __name__ == "__main__":
    main()
