/// The one mapping between Graph's assignment JSON and the planner's `PlannedAssignment`: reading what Graph
/// answers (normalised so that it compares with what the manifests want) and writing the body Graph takes.
extension PlannedAssignment {
    /// Reads an assignment as Graph answers it, normalising `@odata.type` (with or without `#`), GUID case, and the
    /// three spellings of "no filter"; an optional intent left out is the kind's default. A group target with a
    /// virtual group's id is All users or All devices, for every kind (field-notes §5). `nil` for what
    /// intune-assign does not manage (it is shown, never changed): a target type it does not know, an exclusion of a
    /// virtual group, and an exclusion on a kind that takes includes only (`UnmanagedAssignment.isUnsupported`).
    public init?(graph: JSONValue, kind: Kind) {
        guard let typeText = graph["target"]?["@odata.type"]?.stringValue,
            let type = kind.targets.groupForm == .cloudPC
                ? Self.cloudPCGroup(graph["target"]) : TargetType(odataType: typeText),
            !(type == .exclusionGroup && kind.targets.includesOnly)
        else {
            return nil
        }
        switch type {
        case .group, .exclusionGroup:
            guard let id = graph["target"]?["groupId"]?.stringValue.flatMap(GUID.init) else { return nil }
            if let virtual = VirtualGroup(id: id) {
                guard type == .group else { return nil }
                target = virtual.target
            } else {
                target = ResolvedTarget(type: type, group: id)!
            }
        case .configurationManagerCollection:
            guard let id = graph["target"]?["collectionId"]?.stringValue else { return nil }
            target = .collection(id.uppercased())
        case .allUsers: target = .allUsers
        case .allDevices: target = .allDevices
        }
        let filterType = graph["target"]?["deviceAndAppManagementAssignmentFilterType"]?.stringValue ?? "none"
        if let mode = FilterMode(rawValue: filterType),
            let id = graph["target"]?["deviceAndAppManagementAssignmentFilterId"]?.stringValue.flatMap(GUID.init),
            id != .zero
        {
            filter = ResolvedFilter(mode: mode, id: id)
        } else {
            filter = nil
        }
        if let rule = kind.intent {
            intent = graph[rule.graphField]?.stringValue ?? rule.defaultValue
        } else {
            intent = nil
        }
        var fields: [String: JSONValue] = [:]
        for field in kind.fields {
            if let value = graph[field.rawValue], value != .null {
                fields[field.rawValue] = Self.normalised(field, value)
            }
        }
        self.fields = fields
        graphID = graph["id"]?.stringValue
        policySet = graph["source"]?.stringValue == "policySets" ? (graph["sourceId"]?.stringValue ?? "") : nil
    }

    /// Windows 365's group target (`cloudPcManagementGroupAssignmentTarget`) as a plain group: `nil` for another
    /// type, and for one that names a service plan or a Frontline allotment (shared Cloud PCs), which intune-assign
    /// does not model and keeps as it is. An empty string and a count of 0 name no plan and no allotment: the admin
    /// center re-sends dedicated targets in that shape (field-notes §8), so they read as absent.
    static func cloudPCGroup(_ target: JSONValue?) -> TargetType? {
        guard let type = target?["@odata.type"]?.stringValue,
            (type.hasPrefix("#") ? type : "#" + type) == TargetType.cloudPCGroupODataType
        else { return nil }
        for key in ["servicePlanId", "allotmentDisplayName", "allotmentLicensesCount"] {
            if let value = target?[key], !isAbsent(value) { return nil }
        }
        return .group
    }

    /// Whether a Windows 365 target property names nothing: null, an empty string, or 0.
    static func isAbsent(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.isEmpty
        case .int(let number): number == 0
        case .double(let number): number == 0
        default: false
        }
    }

    /// A kind-specific property as the planner compares it: `null` members dropped (Graph answers every property,
    /// set or not), `@odata.type` with its `#`, schedule times as `HH:MM:SS` (Graph writes `08:30:00.0000000`), and
    /// `useUtc: false` (the default) left out.
    public static func normalised(_ field: AssignmentField, _ value: JSONValue) -> JSONValue {
        var result = value.droppingNulls().withHashedODataTypes()
        if field == .runSchedule, case .object(var pairs) = result {
            pairs.removeAll { $0.key == "useUtc" && $0.value == .bool(false) }
            for index in pairs.indices where pairs[index].key == "time" {
                if let text = pairs[index].value.stringValue { pairs[index].value = .string(normalisedTime(text)) }
            }
            result = .object(pairs)
        }
        return result
    }

    /// `8:30`, `08:30`, `08:30:00` and `08:30:00.0000000` are all `08:30:00`; anything else stays as written.
    static func normalisedTime(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1)[0].split(separator: ":")
        guard (2...3).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isNumber) })
        else { return text }
        let padded = parts.map { $0.count == 1 ? "0" + $0 : String($0) }
        return (padded + (parts.count == 2 ? ["00"] : [])).joined(separator: ":")
    }

    /// The assignment as the kind's `assign` or create body wants it: entity type, target, intent, fields — and
    /// nothing the server sets (`id`, `source`, `sourceId`, `lastModifiedDateTime`). All users on a kind that stores
    /// it as the virtual All-users group is written that way.
    public func graphBody(_ kind: Kind) -> JSONValue {
        var target: [(key: String, value: JSONValue)] = [("@odata.type", .string(self.target.type.odataType))]
        switch self.target {
        case .group(let id) where kind.targets.groupForm == .cloudPC:
            target = [("@odata.type", .string(TargetType.cloudPCGroupODataType)), ("groupId", .string(id.description))]
        case .group(let id), .exclusionGroup(let id): target.append(("groupId", .string(id.description)))
        case .collection(let id): target.append(("collectionId", .string(id)))
        case .allUsers where kind.targets.allUsersForm == .virtualGroup:
            target = [
                ("@odata.type", .string(TargetType.group.odataType)),
                ("groupId", .string(VirtualGroup.allUsers.id.description)),
            ]
        case .allUsers, .allDevices: break
        }
        if let filter {
            target.append(("deviceAndAppManagementAssignmentFilterId", .string(filter.id.description)))
            target.append(("deviceAndAppManagementAssignmentFilterType", .string(filter.mode.rawValue)))
        }
        let entity =
            kind.takesDevices
            ? "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment" : kind.assignmentODataType
        var pairs: [(key: String, value: JSONValue)] = [("@odata.type", .string(entity)), ("target", .object(target))]
        if let rule = kind.intent, let intent { pairs.append((rule.graphField, .string(intent))) }
        for key in fields.keys.sorted() { pairs.append((key, fields[key]!)) }
        return .object(pairs)
    }
}
