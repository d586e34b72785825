public import IntuneAssignCore

/// `schemas/fleet.schema.json`, generated from the tables the fleet decoder checks against (`FleetKeys`), so that
/// editors flag what `FleetLoader` flags. A test keeps the committed file equal to this.
public enum FleetSchema {
    /// The schema as pretty-printed JSON text, ending in a line break.
    public static var text: String { document.serialized(pretty: true) + "\n" }

    /// A reference to a definition of this schema.
    static func ref(_ name: String) -> JSONValue { ManifestSchema.ref(name) }

    /// An object with exactly these properties (in the table's order), none other.
    static func object(_ table: KeyTable, _ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        [
            "type": "object", "additionalProperties": false, "required": .array(required.map(JSONValue.string)),
            "properties": .object(table.names.map { ($0, properties[$0] ?? [:]) }),
        ]
    }

    /// A list of names.
    static let names: JSONValue = ["type": "array", "items": ref("name")]

    /// The schema as a JSON value.
    public static var document: JSONValue {
        let tenant = object(
            FleetKeys.tenant,
            [
                "name": .object([
                    ("description", "The tenant's short name in groups, waves and reports."), ("$ref", "#/$defs/name"),
                ]),
                "tenant": [
                    "description": "The tenant id, or one of its verified domains.",
                    "anyOf": [
                        ["type": "string", "pattern": .string(ManifestSchema.guidPattern)],
                        ["type": "string", "pattern": "^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z0-9-]+$"],
                    ],
                ],
                "cloud": ["enum": .array(Fleet.clouds.map(JSONValue.string))],
                "overlays": [
                    "description": "Manifest files and folders merged over the baseline for this tenant.",
                    "type": "array", "items": ["type": "string", "pattern": "\\S"],
                ],
                "variables": [
                    "description": "Values for ${name} inside names.", "type": "object",
                    "propertyNames": ref("name"), "additionalProperties": ["type": "string"],
                ],
                "tags": names,
                "signIn": object(
                    FleetKeys.signIn, ["clientId": ["type": "string", "pattern": .string(ManifestSchema.guidPattern)]]),
            ], required: ["name", "tenant"])
        let group = object(FleetKeys.group, ["tenants": names, "tags": names])
        let wave = object(FleetKeys.wave, ["name": ref("name"), "tenants": names, "groups": names], required: ["name"])
        let top = object(
            FleetKeys.topLevel,
            [
                "version": ["description": "The fleet format version.", "const": .int(Fleet.currentVersion)],
                "baseline": [
                    "description": "Manifest files and folders every tenant gets.", "type": "array",
                    "items": ["type": "string", "pattern": "\\S"],
                ],
                "tenants": ["type": "array", "items": ref("tenant")],
                "groups": ["type": "object", "propertyNames": ref("name"), "additionalProperties": ref("group")],
                "waves": ["type": "array", "items": ref("wave")],
            ], required: ["version", "tenants"])
        guard case .object(var pairs) = top else { return top }
        pairs.insert(("$schema", "https://json-schema.org/draft/2020-12/schema"), at: 0)
        pairs.insert(("title", .string("intune-assign fleet, version \(Fleet.currentVersion)")), at: 1)
        pairs.insert(("description", "Tenants over a shared baseline of manifests, with groups and waves."), at: 2)
        pairs.append(
            (
                "$defs",
                [
                    "name": [
                        "description": "A letter or digit, then letters, digits, '.', '_' or '-'.", "type": "string",
                        "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                    ],
                    "tenant": tenant, "group": group, "wave": wave,
                ]
            ))
        return .object(pairs)
    }
}
