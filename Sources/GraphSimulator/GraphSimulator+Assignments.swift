import Foundation
import GraphClient
import IntuneAssignCore

/// Graph's rules for writing assignments (kinds.md, targets.md): the kind's own body key and `@odata.type`s, the
/// target types the kind takes, no target twice, no assignment to a default enrollment configuration, read-only
/// properties ignored, policy-set assignments kept.
extension GraphSimulator {
    /// Properties every assignment entity may carry; the server sets them, so what a client sends is ignored.
    static let serverSetProperties: Set<String> = ["id", "source", "sourceId", "lastModifiedDateTime"]

    /// `POST .../{id}/assign`: replaces the direct assignments with the posted set.
    func assign(_ kind: Kind, _ index: Int, body: [UInt8]) -> HTTPResponse {
        guard case .object(let pairs)? = parse(body) else { return badRequest("The body must be a JSON object.") }
        guard pairs.count == 1, pairs[0].key == kind.assignBodyKey, case .array(let items) = pairs[0].value else {
            let sent = pairs.map(\.key).joined(separator: ", ")
            return badRequest("\(kind.name)/assign takes { \"\(kind.assignBodyKey)\": [...] }, not { \(sent) }.")
        }
        let configuration = tenantState.configurations[index]
        if let refusal = refuseDefault(kind, configuration) { return refusal }
        var accepted: [JSONValue] = []
        var identities: [String] = []
        for item in items {
            switch validated(kind, item, configurationID: configuration.id) {
            case .failure(let refusal):
                return refusal.response
            case .success((let assignment, let identity)):
                if identities.contains(identity) {
                    return badRequest("The same target is assigned twice (\(identity)).")
                }
                identities.append(identity)
                accepted.append(assignment)
            }
        }
        let inherited = configuration.assignments.filter { $0["source"]?.stringValue == "policySets" }
        tenantState.configurations[index].assignments = inherited + accepted
        switch kind.assignAnswer {
        case .noContent:
            return json(204, nil)
        case .collection:
            let collection = String(kind.collectionPath.dropFirst())
            return ok([
                "@odata.context": .string(context("\(collection)('\(configuration.id)')/assignments")),
                "value": .array(tenantState.configurations[index].assignments.map { field.withType(kind, $0) }),
            ])
        }
    }

    /// `POST .../{id}/assignments`: adds one assignment (201 with it).
    func createAssignment(_ kind: Kind, _ index: Int, body: [UInt8]) -> HTTPResponse {
        guard let item = parse(body), case .object = item else {
            return badRequest("The body must be one assignment object.")
        }
        let configuration = tenantState.configurations[index]
        if let refusal = refuseDefault(kind, configuration) { return refusal }
        switch validated(kind, item, configurationID: configuration.id) {
        case .failure(let refusal):
            return refusal.response
        case .success((let assignment, let identity)):
            let existing = configuration.assignments.compactMap { self.identity(kind, $0) }
            if existing.contains(identity) { return badRequest("The target is already assigned (\(identity)).") }
            tenantState.configurations[index].assignments.append(assignment)
            let collection = String(kind.collectionPath.dropFirst())
            return json(
                201,
                withContext(
                    "\(collection)('\(configuration.id)')/assignments/$entity", field.withType(kind, assignment))
            )
        }
    }

    /// 400 for a tenant's default enrollment configuration, which takes no assignments; `nil` otherwise.
    func refuseDefault(_ kind: Kind, _ configuration: SimulatedTenant.Configuration) -> HTTPResponse? {
        guard kind.defaultConfigurationsUnassignable, configuration.priority == 0 else { return nil }
        return badRequest(
            "'\(configuration.displayName)' is a default enrollment configuration; it applies to everyone and "
                + "cannot be assigned.")
    }

    /// Whether two `@odata.type`s name the same type, with or without `#`.
    static func sameType(_ a: String, _ b: String) -> Bool {
        (a.hasPrefix("#") ? String(a.dropFirst()) : a) == (b.hasPrefix("#") ? String(b.dropFirst()) : b)
    }

    /// The assignment as stored (normalised, server properties set) and its identity, or the 400 that Graph sends.
    func validated(_ kind: Kind, _ item: JSONValue, configurationID: String) -> Result<(JSONValue, String), Refusal> {
        guard case .object(let pairs) = item else {
            return .failure(Refusal(badRequest("An assignment must be a JSON object.")))
        }
        let entityType =
            kind.takesDevices
            ? "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment" : kind.assignmentODataType
        if let type = item["@odata.type"] {
            guard let text = type.stringValue, Self.sameType(text, entityType) else {
                return .failure(
                    Refusal(badRequest("\(kind.name) assignments are \(entityType), not \(type.serialized()).")))
            }
        }
        var allowed: Set<String> = Self.serverSetProperties.union(["@odata.type", "target"])
        if let intent = kind.intent { allowed.insert(intent.graphField) }
        for field in kind.fields { allowed.insert(field.rawValue) }
        if let unknown = pairs.first(where: { !allowed.contains($0.key) }) {
            return .failure(
                Refusal(badRequest("The property '\(unknown.key)' does not exist on type '\(entityType.dropFirst())'."))
            )
        }
        guard case .object(let targetPairs)? = item["target"],
            let typeText = item["target"]?["@odata.type"]?.stringValue,
            let type = Self.targetType(typeText, kind)
        else {
            return .failure(
                Refusal(
                    badRequest(
                        kind.targets.groupForm == .cloudPC
                            ? "\(kind.name) assignments take \(TargetType.cloudPCGroupODataType.dropFirst()) targets only."
                            : "An assignment needs a `target` with a known `@odata.type`.")))
        }
        if kind.targets.groupForm == .cloudPC {
            return cloudPCValidated(kind, item, targetPairs, configurationID: configurationID)
        }
        if let refusal = field.targetRefusal(kind, type) { return .failure(Refusal(badRequest(refusal))) }
        guard kind.accepts(type) else {
            return .failure(Refusal(badRequest("\(kind.name) does not take \(type.odataType) targets.")))
        }
        var target: [(key: String, value: JSONValue)]
        var identity: String
        switch storedTarget(type, targetPairs) {
        case .success(let (pairs, object)):
            target = pairs
            identity = type.rawValue + object
        case .failure(let refusal): return .failure(refusal)
        }
        switch storedFilter(item["target"]) {
        case .success(let pairs): target += pairs
        case .failure(let refusal): return .failure(refusal)
        }

        var stored: [(key: String, value: JSONValue)] = [("id", ""), ("target", .object(target))]
        switch storedProperties(kind, item) {
        case .success(let (pairs, intent)):
            stored += pairs
            if let intent { identity += " \(intent)" }
        case .failure(let refusal): return .failure(refusal)
        }
        if kind.readOnlyAssignmentFields.contains("lastModifiedDateTime") {
            stored.append(("lastModifiedDateTime", .string(ISO8601DateFormatter().string(from: Date()))))
        }
        stored.append(("source", "direct"))
        stored.append(("sourceId", .null))
        stored[0].value = .string(assignmentID(configurationID, identity))
        return .success((.object(stored), identity))
    }

    /// A target of a type the kind takes, as the simulator stores it, and the object part of its identity; or why
    /// Graph refuses it (no object id, or a property the type lacks).
    func storedTarget(_ type: TargetType, _ targetPairs: [(key: String, value: JSONValue)]) -> Result<
        ([(key: String, value: JSONValue)], String), Refusal
    > {
        let item = JSONValue.object(targetPairs)
        var target: [(key: String, value: JSONValue)] = [("@odata.type", .string(type.odataType))]
        var identity = ""
        switch type {
        case .group, .exclusionGroup:
            guard let id = item["groupId"]?.stringValue.flatMap(GUID.init) else {
                return .failure(Refusal(badRequest("A \(type.odataType) needs `groupId`, an object id.")))
            }
            target.append(("groupId", .string(id.description)))
            identity += " \(id)"
        case .configurationManagerCollection:
            guard let id = item["collectionId"]?.stringValue, !id.isEmpty else {
                return .failure(
                    Refusal(badRequest("A configurationManagerCollectionAssignmentTarget needs `collectionId`.")))
            }
            target.append(("collectionId", .string(id)))
            identity += " \(id.uppercased())"
        case .allUsers, .allDevices:
            break
        }
        let known: Set<String> = [
            "@odata.type", "groupId", "collectionId", "deviceAndAppManagementAssignmentFilterId",
            "deviceAndAppManagementAssignmentFilterType",
        ]
        if let unknown = targetPairs.first(where: { !known.contains($0.key) }) {
            return .failure(
                Refusal(
                    badRequest("The property '\(unknown.key)' does not exist on type '\(type.odataType.dropFirst())'."))
            )
        }
        return .success((target, identity))
    }

    /// An assignment's intent and kind-specific properties as the simulator stores them (and the intent when it is
    /// part of the identity), or why Graph refuses them.
    func storedProperties(_ kind: Kind, _ item: JSONValue) -> Result<
        ([(key: String, value: JSONValue)], String?), Refusal
    > {
        var stored: [(key: String, value: JSONValue)] = []
        var identityIntent: String?
        if let rule = kind.intent {
            let value = item[rule.graphField]?.stringValue ?? rule.defaultValue
            guard let value, rule.values.contains(value) else {
                return .failure(
                    Refusal(
                        badRequest(
                            "\(kind.name) assignments need `\(rule.graphField)`: one of "
                                + rule.values.joined(separator: ", ") + ".")))
            }
            stored.append((rule.graphField, .string(value)))
            if rule.isIdentity { identityIntent = value }
        }
        for field in kind.fields {
            guard let value = item[field.rawValue] else { continue }
            if field == .settings, value != .null {
                guard let type = value["@odata.type"]?.stringValue, AppAssignmentSettings.canonicalType(type) != nil
                else {
                    return .failure(
                        Refusal(
                            badRequest(
                                "App assignment `settings` need a known `@odata.type`, such as "
                                    + "#microsoft.graph.win32LobAppAssignmentSettings.")))
                }
            }
            // Remediation assignments read back `runRemediationScript: false` whatever was written (field-notes §8),
            // under `Options.remediationReadsBackFalse`.
            if field == .runRemediationScript, options.remediationReadsBackFalse {
                stored.append((field.rawValue, false))
                continue
            }
            stored.append((field.rawValue, value))
        }
        return .success((stored, identityIntent))
    }

    /// A target's filter as the simulator stores it, or why Graph refuses it: an unknown filter, an unknown type, a
    /// type without an id, or a filter outside the admin's scope tags.
    func storedFilter(_ target: JSONValue?) -> Result<[(key: String, value: JSONValue)], Refusal> {
        // The filter: a null id, the all-zero id and type `none` all mean "no filter".
        let filterType = target?["deviceAndAppManagementAssignmentFilterType"]?.stringValue ?? "none"
        guard ["none", "include", "exclude"].contains(filterType) else {
            return .failure(
                Refusal(badRequest("deviceAndAppManagementAssignmentFilterType must be none, include or exclude.")))
        }
        let filterID = target?["deviceAndAppManagementAssignmentFilterId"]?.stringValue.flatMap(GUID.init)
        if filterType != "none", let filterID, filterID != .zero {
            guard tenantState.assignmentFilters.contains(where: { GUID($0.id) == filterID }) else {
                return .failure(
                    Refusal(badRequest("No assignment filter with id '\(filterID)' exists in this tenant.")))
            }
            // A filter outside the signed-in admin's scope tags (field-notes §8, LIVE: IntuneManagement #373).
            if options.filtersOutOfScope.contains(filterID.description) {
                return .failure(Refusal(badRequest("Scope Tags validation failed : Filters \(filterID)")))
            }
            return .success([
                ("deviceAndAppManagementAssignmentFilterId", .string(filterID.description)),
                ("deviceAndAppManagementAssignmentFilterType", .string(filterType)),
            ])
        } else if filterType != "none" {
            return .failure(
                Refusal(badRequest("A filter type of \(filterType) needs deviceAndAppManagementAssignmentFilterId.")))
        }
        return .success([
            ("deviceAndAppManagementAssignmentFilterId", .null), ("deviceAndAppManagementAssignmentFilterType", "none"),
        ])
    }

    /// A target `@odata.type` as the kind reads it: Windows 365's group target is the only one its kinds take.
    static func targetType(_ text: String, _ kind: Kind) -> TargetType? {
        guard kind.targets.groupForm == .cloudPC else { return TargetType(odataType: text) }
        return sameType(text, TargetType.cloudPCGroupODataType) ? .group : nil
    }

    /// The identity of a stored assignment (as `validated` computes it), for duplicate checks on create.
    func identity(_ kind: Kind, _ assignment: JSONValue) -> String? {
        guard let typeText = assignment["target"]?["@odata.type"]?.stringValue,
            let type = Self.targetType(typeText, kind)
        else { return nil }
        var identity = type.rawValue
        if let group = assignment["target"]?["groupId"]?.stringValue.flatMap(GUID.init) { identity += " \(group)" }
        if let collection = assignment["target"]?["collectionId"]?.stringValue {
            identity += " \(collection.uppercased())"
        }
        if let rule = kind.intent, rule.isIdentity, let intent = assignment[rule.graphField]?.stringValue {
            identity += " \(intent)"
        }
        return identity
    }

    /// `{configurationId}_{target}`: stable, so that re-assigning the same target keeps its id.
    func assignmentID(_ configurationID: String, _ identity: String) -> String {
        ([configurationID] + identity.split(separator: " ").map(String.init)).joined(separator: "_")
    }
}

/// A 400 that a validation step answers with, as an `Error` for `Result`.
struct Refusal: Error {
    let response: HTTPResponse

    /// A refusal answered with `response`.
    init(_ response: HTTPResponse) { self.response = response }
}
