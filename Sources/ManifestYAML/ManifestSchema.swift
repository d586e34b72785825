public import IntuneAssignCore

/// `schemas/manifest.schema.json`, generated from the tables the decoder checks against (`ManifestKeys`,
/// `Kinds`), so editors flag what `validate` flags. A test keeps the committed file equal to this.
public enum ManifestSchema {
    /// The schema as pretty-printed JSON text, ending in a line break.
    public static var text: String { document.serialized(pretty: true) + "\n" }

    static let guidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

    /// A reference to a definition of this schema.
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/$defs/\(name)")] }
    /// A list of strings.
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
    /// `required` with these keys.
    static func required(_ keys: String...) -> JSONValue { ["required": strings(keys)] }

    /// The schema as a JSON value, made from the kinds registry and the manifest keys.
    public static var document: JSONValue {
        var defs: [(key: String, value: JSONValue)] = [
            (
                "guid",
                [
                    "description": "An object id: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.",
                    "type": "string", "pattern": .string(guidPattern),
                ]
            ),
            (
                "aliasName",
                [
                    "description": "An alias: a letter or digit, then letters, digits, '.', '_' or '-'.",
                    "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                    "not": ["pattern": .string(ManifestKeys.guidShapePattern)],
                ]
            ),
            ("displayName", ["type": "string", "pattern": "\\S"]),
            (
                "byName",
                [
                    "description": "An object by its exact display name; exactly one must match when planning.",
                    "type": "object", "additionalProperties": false, "required": ["name"],
                    "properties": ["name": ref("displayName")],
                ]
            ),
            (
                "aliases",
                [
                    "type": "object", "propertyNames": ref("aliasName"),
                    "additionalProperties": ["oneOf": [ref("guid"), ref("byName")]],
                ]
            ),
            (
                "reference",
                [
                    "description": "An alias, an object id, or { name: ... }.",
                    "anyOf": [ref("guid"), ref("aliasName"), ref("byName")],
                ]
            ),
            (
                "filter",
                [
                    "description": "An assignment filter: { include: ... } or { exclude: ... }.",
                    "type": "object", "additionalProperties": false, "minProperties": 1, "maxProperties": 1,
                    "properties": ["include": ref("reference"), "exclude": ref("reference")],
                ]
            ),
            (
                "collectionId",
                [
                    "description": "A Configuration Manager collection id, such as SMS00001.",
                    "type": "string", "pattern": "^[A-Za-z0-9]{3}[0-9A-Fa-f]{5}$",
                ]
            ),
            (
                "settings",
                [
                    "description": "App assignment settings (mobileApp), typed by @odata.type.",
                    "type": "object", "required": ["@odata.type"],
                    "properties": [
                        "@odata.type": .object([
                            (
                                "enum",
                                strings(
                                    AppAssignmentSettings.types
                                        + AppAssignmentSettings.types.map { String($0.dropFirst()) })
                            )
                        ])
                    ],
                ]
            ),
            ("runSchedule", runSchedule),
            (
                "options",
                [
                    "type": "object", "additionalProperties": false,
                    "properties": .object(optionProperties),
                ]
            ),
            ("allTarget", ["anyOf": [["type": "null"], ref("options")]]),
            ("assignment", assignment),
            (
                "setUse",
                [
                    "description": "Stands for the assignments of a set from `assignmentSets`, at this place.",
                    "type": "object", "additionalProperties": false, "required": ["use"],
                    "properties": ["use": ref("aliasName")],
                ]
            ),
            ("configuration", configuration),
        ]
        for kind in Kinds.all { defs.append(("assignment.\(kind.name)", kindAssignment(kind))) }
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": .string("intune-assign manifest, version \(Manifest.currentVersion)"),
            "description": "Which groups, users and devices each Intune configuration is assigned to.",
            "type": "object", "additionalProperties": false, "required": ["version"],
            "properties": [
                "version": ["description": "The manifest format version.", "const": .int(Manifest.currentVersion)],
                "tenant": .object([
                    ("description", "Refuse to run against any other tenant."), ("$ref", "#/$defs/guid"),
                ]),
                "groups": .object([("description", "Aliases for Entra ID groups."), ("$ref", "#/$defs/aliases")]),
                "filters": .object([("description", "Aliases for assignment filters."), ("$ref", "#/$defs/aliases")]),
                "assignmentSets": [
                    "description":
                        "Named lists of assignments, shared by every manifest of a run: `- use: NAME` in a configuration's assignments stands for them.",
                    "type": "object", "propertyNames": ref("aliasName"),
                    "additionalProperties": [
                        "anyOf": [
                            ["type": "array", "items": ref("assignment")],
                            [
                                "description":
                                    "In a fleet overlay: replaces the baseline's set of this name for the overlay's tenant.",
                                "type": "object", "additionalProperties": false,
                                "required": ["override", "assignments"],
                                "properties": [
                                    "override": ["const": true],
                                    "assignments": ["type": "array", "items": ref("assignment")],
                                ],
                            ],
                        ]
                    ],
                ],
                "configurations": ["type": "array", "items": ref("configuration")],
                "skip": [
                    "description":
                        "In a fleet overlay: baseline configurations the overlay's tenant does not get.",
                    "type": "array",
                    "items": [
                        "type": "object", "additionalProperties": false, "required": ["kind"],
                        "properties": [
                            "kind": ["enum": strings(ManifestKeys.kinds)], "id": ["type": ["string", "integer"]],
                            "name": ref("displayName"),
                        ],
                        "oneOf": [["required": ["id"]], ["required": ["name"]]],
                    ],
                ],
            ],
            "$defs": .object(defs),
        ]
    }

    static var optionProperties: [(key: String, value: JSONValue)] {
        [
            ("filter", ref("filter")),
            ("intent", ["type": "string", "enum": strings(ManifestKeys.intents)]),
            ("settings", ref("settings")),
            ("runRemediationScript", ["type": "boolean"]),
            ("runSchedule", ref("runSchedule")),
        ]
    }

    static var runSchedule: JSONValue {
        [
            "description": "When a health or compliance script runs.",
            "type": "object", "additionalProperties": false, "required": ["type"],
            "properties": [
                "type": ["enum": strings(ManifestKeys.runScheduleTypes)],
                "interval": ["type": "integer", "minimum": 1],
                "time": ["type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"],
                "date": ["type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"],
                "useUtc": ["type": "boolean"],
            ],
            "allOf": [
                [
                    "if": ["properties": ["type": ["const": "hourly"]]],
                    "then": ["properties": ["time": false, "date": false, "useUtc": false]],
                ],
                [
                    "if": ["properties": ["type": ["const": "daily"]]],
                    "then": ["required": ["time"], "properties": ["date": false]],
                ],
                ["if": ["properties": ["type": ["const": "once"]]], "then": ["required": ["date", "time"]]],
            ],
        ]
    }

    static var assignment: JSONValue {
        var properties: [(key: String, value: JSONValue)] = [
            ("group", ref("reference")),
            ("exclude", ref("reference")),
            ("allUsers", ref("allTarget")),
            ("allDevices", ref("allTarget")),
            ("collection", ref("collectionId")),
        ]
        properties += optionProperties
        return [
            "description": "One assignment: exactly one target, and its options.",
            "type": "object", "additionalProperties": false,
            "properties": .object(properties),
            "oneOf": .array(ManifestKeys.targets.map { ["required": [.string($0)]] }),
            "if": ["required": ["exclude"]],
            "then": ["not": ["required": ["filter"]]],
        ]
    }

    static var configuration: JSONValue {
        [
            "type": "object", "additionalProperties": false, "required": ["kind"],
            "properties": [
                "kind": [
                    "description": "The Intune object kind (see docs/kinds.md).", "enum": strings(ManifestKeys.kinds),
                ],
                "id": [
                    "description": "The object id (for most kinds a GUID; see docs/kinds.md).",
                    "anyOf": [
                        ref("guid"), ["type": "string", "pattern": .string(idPattern(.guidWithSuffix))],
                        ["type": "string", "pattern": .string(idPattern(.integer))], ["type": "integer", "minimum": 0],
                    ],
                ],
                "name": ref("displayName"),
                "mode": [
                    "description": "authoritative (default): exactly these assignments; additive: never remove.",
                    "enum": strings(ManifestKeys.modes),
                ],
                "assignments": ["type": "array", "items": ["anyOf": [ref("setUse"), ref("assignment")]]],
                "devices": [
                    "description":
                        "Autopilot device identities (GUIDs), or Apple serial numbers, that must carry this profile.",
                    "type": "array",
                    "items": ["anyOf": [ref("guid"), ["type": "string", "pattern": "^[A-Za-z0-9]{8,20}$"]]],
                    "uniqueItems": true,
                ],
                "deviceGroup": [
                    "description":
                        "Autopilot device preparation and Apple automated enrollment policies: the static security group devices join as they enroll, or `none` to clear it. Left out, the group is not looked at.",
                    "anyOf": [["const": "none"], ref("reference")],
                ],
                "default": [
                    "description": "appleEnrollmentProfile: `true` makes it its Apple token's default profile.",
                    "const": true,
                ],
                "roleDefinition": [
                    "description": "roleAssignment: the role definition it is under, by id or display name.",
                    "type": "string", "minLength": 1,
                ],
                "members": [
                    "description": "roleAssignment: the groups whose members hold the role.",
                    "type": "array", "items": ref("reference"),
                ],
                "scope": [
                    "description":
                        "roleAssignment: the groups whose users and devices the role's holders may manage, or allUsers, allDevices, allUsersAndDevices.",
                    "anyOf": [
                        ["enum": ["allUsers", "allDevices", "allUsersAndDevices"]],
                        ["type": "array", "items": ref("reference")],
                    ],
                ],
                "scopeTags": [
                    "description":
                        "roleAssignment: the role scope tag ids that limit what its holders see (0 is Default). Left out, they are not looked at.",
                    "type": "array",
                    "items": [
                        "anyOf": [["type": "integer", "minimum": 0], ["type": "string", "pattern": "^[0-9]+$"]]
                    ],
                ],
                "override": [
                    "description":
                        "In a fleet overlay: this entry replaces the baseline's entry for the same configuration, for the overlay's tenant.",
                    "type": "boolean",
                ],
            ],
            "oneOf": [["required": ["id"]], ["required": ["name"]]],
            "allOf": .array(
                Kinds.all.map { kind in
                    var then: [(key: String, value: JSONValue)] = [
                        ("assignments", ["items": ["anyOf": [ref("setUse"), ref("assignment.\(kind.name)")]]])
                    ]
                    if !kind.takesDevices { then.append(("devices", false)) }
                    if kind.write.style == .deviceIds { then.append(("devices", ["items": ref("guid")])) }
                    if kind.write.style == .serialNumbers {
                        then.append(("devices", ["items": ["type": "string", "pattern": "^[A-Za-z0-9]{8,20}$"]]))
                    }
                    if !kind.takesDeviceGroup { then.append(("deviceGroup", false)) }
                    var required: [JSONValue] = ["assignments"]
                    if kind.isRoleAccess {
                        then[0] = ("assignments", false)
                        required = ["roleDefinition", "members", "scope"]
                    } else {
                        for key in ["roleDefinition", "members", "scope", "scopeTags"] { then.append((key, false)) }
                    }
                    if !kind.takesAssignments, !kind.isRoleAccess {
                        then[0] = ("assignments", false)
                        required = []
                    }
                    if kind.write.style != .serialNumbers { then.append(("default", false)) }
                    let idRule: JSONValue =
                        kind.idForm == .integer
                        ? [
                            "anyOf": [
                                ["type": "string", "pattern": .string(idPattern(.integer))],
                                ["type": "integer", "minimum": 0],
                            ]
                        ]
                        : ["type": "string", "pattern": .string(idPattern(kind.idForm))]
                    then.append(("id", idRule))
                    return [
                        "if": ["properties": ["kind": ["const": .string(kind.name)]], "required": ["kind"]],
                        "then": ["properties": .object(then), "required": .array(required)],
                    ]
                }),
        ]
    }

    /// The pattern of a kind's configuration ids.
    static func idPattern(_ form: ConfigurationIDForm) -> String {
        switch form {
        case .guid: guidPattern
        case .guidWithSuffix: String(guidPattern.dropLast()) + "(_[A-Za-z0-9]+)?$"
        case .integer: "^[0-9]{1,10}$"
        case .nested: String(guidPattern.dropLast()) + "/[A-Za-z0-9_-]{1,100}$"
        }
    }

    /// What one kind allows in an assignment: its target types, intent values and fields.
    static func kindAssignment(_ kind: Kind) -> JSONValue {
        var forbidden: [(key: String, value: JSONValue)] = []
        for type in TargetType.allCases where !kind.accepts(type) { forbidden.append((type.manifestKey, false)) }
        var options: [(key: String, value: JSONValue)] = []
        if let rule = kind.intent {
            options.append(("intent", ["enum": strings(rule.values)]))
        } else {
            options.append(("intent", false))
        }
        for field in AssignmentField.allCases where !kind.accepts(field) { options.append((field.rawValue, false)) }
        if !kind.targets.filters { options.append(("filter", false)) }
        let inner: JSONValue = ["anyOf": [["type": "null"], ["type": "object", "properties": .object(options)]]]
        var properties = forbidden + options
        for type in [TargetType.allUsers, .allDevices] where kind.accepts(type) {
            properties.append((type.manifestKey, inner))
        }
        var result: [(key: String, value: JSONValue)] = [("properties", .object(properties))]
        if let rule = kind.intent, rule.required {
            var ways: [JSONValue] = [["required": ["intent"]]]
            for type in [TargetType.allUsers, .allDevices] where kind.accepts(type) {
                ways.append([
                    "required": [.string(type.manifestKey)],
                    "properties": .object([(type.manifestKey, ["type": "object", "required": ["intent"]] as JSONValue)]
                    ),
                ])
            }
            result.append(("anyOf", .array(ways)))
        }
        return .object(result)
    }
}
