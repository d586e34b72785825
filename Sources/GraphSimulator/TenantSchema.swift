public import IntuneAssignCore

/// `schemas/tenant.schema.json`: the tenant file of the simulator, generated from the kinds registry and the
/// target types so that it cannot fall behind them. A test keeps the committed file equal to this.
public enum TenantSchema {
    /// The schema as pretty-printed JSON text, ending in a line break.
    public static var text: String { document.serialized(pretty: true) + "\n" }

    static let guid: JSONValue = [
        "type": "string", "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    ]

    /// A reference to a definition of this schema.
    /// The schema of an app registration, with its description.
    static func application(_ description: String) -> JSONValue {
        [
            "description": .string(description),
            "type": "object", "required": ["clientId"], "additionalProperties": false,
            "properties": [
                "clientId": ref("guid"),
                "clientSecret": ["type": "string"],
                "certificate": [
                    "type": "string", "description": "PEM certificate (public part) for client assertions.",
                ],
                "roles": [
                    "type": "array", "items": ["type": "string"],
                    "description":
                        "Application permissions granted (the tokens' `roles`); every permission the kinds use when absent.",
                ],
                "federatedCredentials": [
                    "type": "array",
                    "items": [
                        "description":
                            "Workload identity federation: tokens of this issuer and subject are accepted.",
                        "type": "object", "required": ["issuer", "subject", "publicKey"],
                        "additionalProperties": false,
                        "properties": [
                            "issuer": ["type": "string"], "subject": ["type": "string"],
                            "audience": ["type": "string"],
                            "publicKey": [
                                "type": "string", "description": "The issuer's RSA public key (PEM).",
                            ],
                        ],
                    ],
                ],
            ],
        ]
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/$defs/\(name)")] }

    /// The schema as a JSON value.
    public static var document: JSONValue {
        let platforms: [JSONValue] = [
            "android", "androidForWork", "iOS", "macOS", "windowsPhone81", "windows81AndLater", "windows10AndLater",
            "androidWorkProfile", "unknown", "androidAOSP", "androidMobileApplicationManagement",
            "iOSMobileApplicationManagement", "windowsMobileApplicationManagement",
        ]
        let target: JSONValue = [
            "type": "object", "required": ["@odata.type"],
            "properties": [
                "@odata.type": .object([
                    (
                        "enum",
                        .array(
                            (TargetType.allCases.map(\.odataType) + [TargetType.cloudPCGroupODataType]).flatMap {
                                [JSONValue.string($0), .string(String($0.dropFirst()))]
                            })
                    )
                ]),
                "groupId": ref("guid"),
                "collectionId": ["type": "string"],
                "servicePlanId": ["type": ["string", "null"]],
                "allotmentDisplayName": ["type": ["string", "null"]],
                "allotmentLicensesCount": ["type": ["integer", "null"]],
                "deviceAndAppManagementAssignmentFilterId": ["anyOf": [ref("guid"), ["type": "null"]]],
                "deviceAndAppManagementAssignmentFilterType": ["enum": ["none", "include", "exclude"]],
            ],
            "additionalProperties": false,
        ]
        let assignment: JSONValue = [
            "description": "An assignment in Graph's own shape, as GET .../assignments answers it.",
            "type": "object", "required": ["id", "target"],
            "properties": [
                "id": ["type": "string"],
                "target": ref("target"),
                "source": ["enum": ["direct", "policySets"]],
                "sourceId": ["type": ["string", "null"]],
            ],
        ]
        let configuration: JSONValue = [
            "type": "object", "required": ["kind", "id", "displayName"], "additionalProperties": false,
            "properties": [
                "kind": .object([("enum", .array(Kinds.all.map { .string($0.name) }))]),
                "id": [
                    "type": "string", "pattern": "^[0-9A-Za-z_-]+(/[0-9A-Za-z_-]+)?$",
                    "description": "An appleEnrollmentProfile's is its token's id, /, and its own.",
                ],
                "displayName": ["type": "string"],
                "odataType": ["type": "string", "pattern": "^#?microsoft\\.graph\\."],
                "priority": [
                    "type": "integer", "minimum": 0,
                    "description": "Enrollment configurations: 0 is the tenant's default, which cannot be assigned.",
                ],
                "assignments": ["type": "array", "items": ref("assignment")],
                "isDefault": [
                    "type": "boolean",
                    "description": "appleEnrollmentProfile: the default profile of its token for its platform.",
                ],
                "roleDefinition": .object([
                    ("description", "roleAssignment: the role definition it is under."), ("$ref", "#/$defs/guid"),
                ]),
                "access": [
                    "type": "object",
                    "description":
                        "roleAssignment: members, scopeType, resourceScopes and roleScopeTagIds, as Graph answers them.",
                ],
                "items": [
                    "type": "array", "items": ["type": "string"],
                    "description":
                        "policySet: the ids of the configurations it holds; its assignments are put on them as inherited ones.",
                ],
                "templateFamily": [
                    "type": "string",
                    "description":
                        "configurationPolicy: its template's family (`enrollmentConfiguration` takes a device group).",
                ],
                "deviceGroup": .object([
                    (
                        "description",
                        "configurationPolicy of family enrollmentConfiguration: the group devices join as they enroll."
                    ), ("$ref", "#/$defs/guid"),
                ]),
            ],
        ]
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "intune-assign simulator tenant",
            "description":
                "An Intune tenant for `intune-assign simulator` and `--simulate`: groups, filters, configurations of every kind with their assignments, and Autopilot devices.",
            "type": "object", "required": ["tenantId"], "additionalProperties": false,
            "properties": [
                "tenantId": ref("guid"),
                "displayName": ["type": "string"],
                "domains": [
                    "description": "The tenant's verified domains: a fleet file may name the tenant by one of them.",
                    "type": "array", "items": ["type": "string", "pattern": "^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$"],
                ],
                "application": application(
                    "The app registration the token endpoint accepts. Test values only: never a real secret."),
                "readOnlyApplication": application(
                    "A second app registration with read permissions only: Graph answers 403 to its writes."),
                "appleTokens": [
                    "type": "array", "description": "Apple automated device enrollment tokens (depOnboardingSettings).",
                    "items": [
                        "type": "object", "required": ["id", "tokenName"], "additionalProperties": false,
                        "properties": ["id": ref("guid"), "tokenName": ["type": "string"]],
                    ],
                ],
                "appleDevices": [
                    "type": "array",
                    "description": "The devices the Apple tokens hold, and the profile each is assigned.",
                    "items": [
                        "type": "object", "required": ["serialNumber", "token"], "additionalProperties": false,
                        "properties": [
                            "serialNumber": ["type": "string"], "token": ref("guid"),
                            "requestedEnrollmentProfileId": ["type": "string"],
                        ],
                    ],
                ],
                "roleDefinitions": [
                    "type": "array",
                    "description": "Intune's role definitions; role assignments are listed under them.",
                    "items": [
                        "type": "object", "required": ["id", "displayName"], "additionalProperties": false,
                        "properties": ["id": ref("guid"), "displayName": ["type": "string"]],
                    ],
                ],
                "groups": [
                    "type": "array",
                    "items": [
                        "type": "object", "required": ["id", "displayName"], "additionalProperties": false,
                        "properties": [
                            "id": ref("guid"), "displayName": ["type": "string"],
                            "members": [
                                "type": "array", "items": ref("guid"),
                                "description": "Direct members: ids of users, devices and other groups.",
                            ],
                            "dynamic": ["type": "boolean", "description": "Members come from a rule."],
                            "securityEnabled": ["type": "boolean", "description": "A security group (default)."],
                            "owners": [
                                "type": "array", "items": ref("guid"),
                                "description":
                                    "Owners' ids: the Intune Provisioning Client's app id must be one for a device group.",
                            ],
                        ],
                    ],
                ],
                "users": [
                    "type": "array", "description": "The directory's users (group members; All users counts them).",
                    "items": [
                        "type": "object", "required": ["id", "userPrincipalName"], "additionalProperties": false,
                        "properties": [
                            "id": ref("guid"), "userPrincipalName": ["type": "string"],
                            "displayName": ["type": "string"],
                        ],
                    ],
                ],
                "devices": [
                    "type": "array", "description": "The directory's devices (members of device groups).",
                    "items": [
                        "type": "object", "required": ["id", "displayName"], "additionalProperties": false,
                        "properties": ["id": ref("guid"), "displayName": ["type": "string"]],
                    ],
                ],
                "enrolledDeviceCount": [
                    "type": "integer", "minimum": 0,
                    "description": "Devices enrolled in Intune (All devices); the directory's devices when absent.",
                ],
                "assignmentFilters": [
                    "type": "array",
                    "items": [
                        "type": "object", "required": ["id", "displayName", "platform"], "additionalProperties": false,
                        "properties": [
                            "id": ref("guid"), "displayName": ["type": "string"],
                            "platform": .object([("enum", .array(platforms))]),
                            "rule": ["type": "string"],
                            "matchingDevices": [
                                "type": "array", "items": ref("guid"),
                                "description":
                                    "The devices Intune's evaluation of the rule finds (the simulator does not run rules).",
                            ],
                        ],
                    ],
                ],
                "configurations": ["type": "array", "items": ref("configuration")],
                "multiAdminApproval": [
                    "type": "object", "required": ["protectedPaths"], "additionalProperties": false,
                    "description":
                        "Multi Admin Approval: writes under these paths (after /beta) need a second admin's approval.",
                    "properties": [
                        "protectedPaths": ["type": "array", "items": ["type": "string", "pattern": "^/"]],
                        "approvalRequiredStatus": .object([("enum", [403, 412])]),
                        "payloadProperties": [
                            "type": "boolean",
                            "description": .string(
                                "Show payloadId, payloadType, payloadOperation and actionParameters on requests (seen "
                                    + "by one operator; not in Microsoft's contract). Default: the documented entity only."
                            ),
                        ],
                    ],
                ],
                "approvalRequests": [
                    "type": "array", "description": "Approval requests the simulator filed (it writes them).",
                    "items": [
                        "type": "object", "additionalProperties": false,
                        "required": [
                            "id", "status", "requestJustification", "payloadId", "payloadType", "payloadOperation",
                            "method", "path",
                        ],
                        "properties": [
                            "id": ref("guid"),
                            "status": .object([
                                (
                                    "enum",
                                    ["needsApproval", "approved", "rejected", "cancelled", "completed", "expired"]
                                )
                            ]),
                            "requestJustification": ["type": "string"],
                            "approvalJustification": ["type": "string"],
                            "payloadId": ["type": "string"], "payloadType": ["type": "string"],
                            "payloadOperation": ["type": "string"], "actionParameters": [:],
                            "method": ["type": "string"], "path": ["type": "string"],
                        ],
                    ],
                ],
                "autopilotDevices": [
                    "type": "array",
                    "items": [
                        "type": "object", "required": ["id", "serialNumber"], "additionalProperties": false,
                        "properties": [
                            "id": ref("guid"), "serialNumber": ["type": "string"],
                            "deploymentProfileId": ["type": ["string", "null"]],
                        ],
                    ],
                ],
                "signInUser": [
                    "type": "object", "required": ["id", "userPrincipalName"], "additionalProperties": false,
                    "description":
                        "The person a device-code sign-in stands for (approve codes at /simulator/deviceCodes/{code}/approve).",
                    "properties": [
                        "id": ref("guid"), "userPrincipalName": ["type": "string"], "displayName": ["type": "string"],
                    ],
                ],
                "publicClients": [
                    "type": "array", "items": ref("guid"),
                    "description":
                        "Client ids a person may sign in through; Microsoft Graph Command Line Tools when absent.",
                ],
                "consentedScopes": [
                    "type": "array", "items": ["type": "string"],
                    "description": "Delegated scopes consented for public clients; every scope when absent.",
                ],
                "managedIdentities": [
                    "type": "array",
                    "description":
                        "The machine's managed identities, served at /metadata/identity/oauth2/token and /msi/token.",
                    "items": [
                        "type": "object", "required": ["clientId"], "additionalProperties": false,
                        "properties": [
                            "clientId": ref("guid"), "userAssigned": ["type": "boolean"],
                            "roles": ["type": "array", "items": ["type": "string"]],
                        ],
                    ],
                ],
                "auditEvents": [
                    "type": "array",
                    "description": .string(
                        "Intune's audit log, oldest first, as /deviceManagement/auditEvents answers it (Graph's "
                            + "auditEvent); the simulator adds one event for every write it carries out."),
                    "items": [
                        "type": "object", "required": ["id", "activityDateTime", "resources"],
                        "properties": [
                            "id": ["type": "string"], "activity": ["type": "string"],
                            "activityDateTime": ["type": "string"], "activityResult": ["type": "string"],
                            "actor": ["type": "object"],
                            "resources": [
                                "type": "array",
                                "items": [
                                    "type": "object", "required": ["resourceId"],
                                    "properties": ["resourceId": ["type": "string"]],
                                ],
                            ],
                        ],
                    ],
                ],
            ],
            "$defs": ["guid": guid, "target": target, "assignment": assignment, "configuration": configuration],
        ]
    }
}
