/// What an assignment points at, with every reference resolved to an id (DESIGN §3: GUIDs compared by value,
/// collection ids without regard to case).
public struct ResolvedTarget: Hashable, Sendable, Comparable {
    public var type: TargetType
    /// The group id (lower-case GUID) or collection id (upper case); `nil` for All users / All devices.
    public var object: String?

    public init(type: TargetType, object: String? = nil) {
        self.type = type
        self.object = object
    }

    public static func < (lhs: ResolvedTarget, rhs: ResolvedTarget) -> Bool {
        (lhs.type, lhs.object ?? "") < (rhs.type, rhs.object ?? "")
    }
}

/// An assignment filter, resolved: a null id, the all-zero id and type `none` are all "no filter" (`nil`).
public struct ResolvedFilter: Hashable, Sendable {
    public var mode: FilterMode
    public var id: GUID

    public init(mode: FilterMode, id: GUID) {
        self.mode = mode
        self.id = id
    }
}

/// One assignment in the planner's terms, whether wanted (from the manifests) or found (in Graph), normalised so
/// that the two compare field by field.
public struct PlannedAssignment: Hashable, Sendable {
    public var target: ResolvedTarget
    public var filter: ResolvedFilter?
    public var intent: String?
    /// Kind-specific properties in Graph's shape (`settings`, `runRemediationScript`, `runSchedule`).
    public var fields: [String: JSONValue]
    /// Graph's assignment id (found assignments only).
    public var graphID: String?
    /// The policy set it comes from, for inherited assignments (found only): never posted or removed.
    public var policySet: String?

    public init(target: ResolvedTarget, filter: ResolvedFilter? = nil, intent: String? = nil, fields: [String: JSONValue] = [:],
                graphID: String? = nil, policySet: String? = nil) {
        self.target = target
        self.filter = filter
        self.intent = intent
        self.fields = fields
        self.graphID = graphID
        self.policySet = policySet
    }

    /// The identity (DESIGN §3): target type and object, and the intent where the kind makes it part of identity.
    public func identity(_ kind: Kind) -> Identity {
        Identity(target: target, intent: kind.intent?.isIdentity == true ? intent : nil)
    }

    public struct Identity: Hashable, Sendable, Comparable {
        public var target: ResolvedTarget
        public var intent: String?

        public static func < (lhs: Identity, rhs: Identity) -> Bool {
            (lhs.target, lhs.intent ?? "") < (rhs.target, rhs.intent ?? "")
        }
    }

    /// Reads an assignment as Graph answers it, normalising `@odata.type` (with or without `#`), GUID case, and the
    /// three spellings of "no filter"; an optional intent left out is the kind's default. `nil` for a target type
    /// intune-assign does not know (it is shown, never touched).
    public init?(graph: JSONValue, kind: Kind) {
        guard let typeText = graph["target"]?["@odata.type"]?.stringValue, let type = TargetType(odataType: typeText) else {
            return nil
        }
        switch type {
        case .group, .exclusionGroup:
            guard let id = graph["target"]?["groupId"]?.stringValue.flatMap(GUID.init) else { return nil }
            target = ResolvedTarget(type: type, object: id.description)
        case .configurationManagerCollection:
            guard let id = graph["target"]?["collectionId"]?.stringValue else { return nil }
            target = ResolvedTarget(type: type, object: id.uppercased())
        case .allUsers, .allDevices:
            target = ResolvedTarget(type: type)
        }
        let filterType = graph["target"]?["deviceAndAppManagementAssignmentFilterType"]?.stringValue ?? "none"
        if let mode = FilterMode(rawValue: filterType),
           let id = graph["target"]?["deviceAndAppManagementAssignmentFilterId"]?.stringValue.flatMap(GUID.init), id != .zero
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

    /// A kind-specific property as the planner compares it: `null` members dropped (Graph answers every property,
    /// set or not), `@odata.type` with its `#`, schedule times as `HH:MM:SS` (Graph writes `08:30:00.0000000`), and
    /// `useUtc: false` (the default) left out.
    public static func normalised(_ field: AssignmentField, _ value: JSONValue) -> JSONValue {
        var result = value.droppingNulls().withHashedODataTypes()
        if field == .runSchedule, case var .object(pairs) = result {
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
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isNumber) })
        else { return text }
        let padded = parts.map { $0.count == 1 ? "0" + $0 : String($0) }
        return (padded + (parts.count == 2 ? ["00"] : [])).joined(separator: ":")
    }

    /// The assignment as the kind's `assign` or create body wants it: entity type, target, intent, fields — and
    /// nothing the server sets (`id`, `source`, `sourceId`, `lastModifiedDateTime`).
    public func graphBody(_ kind: Kind) -> JSONValue {
        var target: [(key: String, value: JSONValue)] = [("@odata.type", .string(self.target.type.odataType))]
        switch self.target.type {
        case .group, .exclusionGroup: target.append(("groupId", .string(self.target.object ?? "")))
        case .configurationManagerCollection: target.append(("collectionId", .string(self.target.object ?? "")))
        case .allUsers, .allDevices: break
        }
        if let filter {
            target.append(("deviceAndAppManagementAssignmentFilterId", .string(filter.id.description)))
            target.append(("deviceAndAppManagementAssignmentFilterType", .string(filter.mode.rawValue)))
        }
        let entity = kind.takesDevices ? "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment" : kind.assignmentODataType
        var pairs: [(key: String, value: JSONValue)] = [("@odata.type", .string(entity)), ("target", .object(target))]
        if let rule = kind.intent, let intent { pairs.append((rule.graphField, .string(intent))) }
        for key in fields.keys.sorted() { pairs.append((key, fields[key]!)) }
        return .object(pairs)
    }
}

/// One line of a plan.
public struct PlannedChange: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable {
        case add, remove, update
        /// From a policy set: shown, never posted or removed.
        case inherited
        /// Present and as wanted.
        case unchanged
    }

    public var action: Action
    public var before: PlannedAssignment?
    public var after: PlannedAssignment?
    /// Why, in a reviewer's words: "filter include f1 → exclude f1", "not in the manifest", ...
    public var reasons: [String]

    public init(action: Action, before: PlannedAssignment?, after: PlannedAssignment?, reasons: [String]) {
        self.action = action
        self.before = before
        self.after = after
        self.reasons = reasons
    }

    public var identityTarget: ResolvedTarget { (after ?? before)!.target }
}

/// A Graph call the plan will make, chosen by the fewest-calls rules (DESIGN §4).
public enum PlannedCall: Hashable, Sendable {
    /// `POST .../{id}/assign` with the full set (the kind's body key).
    case assign([JSONValue])
    /// `POST .../{id}/assignments` with one assignment.
    case create(JSONValue)
    /// `DELETE .../{id}/assignments/{assignmentId}` (Autopilot group targets only).
    case delete(String)
    /// `POST .../{id}/assign` with `deviceIds` (Autopilot deployment profiles).
    case assignDevices([GUID])
}

/// The plan for one configuration.
public struct ConfigurationPlan: Hashable, Sendable {
    public var kind: Kind
    public var id: String
    /// The configuration's display name in the tenant.
    public var displayName: String = ""
    /// A digest of the assignments (and Autopilot devices) read when planning; `apply` refuses when it changed.
    public var fingerprint: String = ""
    public var mode: ConfigurationMode
    public var changes: [PlannedChange]
    /// Direct assignments whose target type intune-assign does not know (such as scope-tag or organizational-unit
    /// targets): shown, never removed, and sent back unchanged when an `assign` replaces the set.
    public var unmanaged: [JSONValue] = []
    /// Autopilot devices that must get the profile, and devices that carry it without being listed (left alone).
    public var devicesToAdd: [GUID]
    public var devicesNotListed: [GUID]
    /// Whether the manifest lists Autopilot devices, so that they were read (and are part of the fingerprint).
    public var devicesRead: Bool = false
    public var calls: [PlannedCall]

    public init(kind: Kind, id: String, displayName: String = "", fingerprint: String = "", mode: ConfigurationMode,
                changes: [PlannedChange], unmanaged: [JSONValue] = [], devicesToAdd: [GUID] = [], devicesNotListed: [GUID] = [],
                devicesRead: Bool = false, calls: [PlannedCall]) {
        self.devicesRead = devicesRead
        self.kind = kind
        self.id = id
        self.displayName = displayName
        self.fingerprint = fingerprint
        self.mode = mode
        self.changes = changes
        self.unmanaged = unmanaged
        self.devicesToAdd = devicesToAdd
        self.devicesNotListed = devicesNotListed
        self.calls = calls
    }

    public var isNoOp: Bool { calls.isEmpty }
    public func count(_ action: PlannedChange.Action) -> Int { changes.count { $0.action == action } }
}

/// Desired × current → plan, for one configuration at a time. Pure.
public enum Planner {
    public static func plan(
        kind: Kind, id: String, mode: ConfigurationMode, wanted: [PlannedAssignment], current: [PlannedAssignment],
        wantedDevices: [GUID]? = nil, currentDevices: [GUID] = [], unmanaged: [JSONValue] = [],
        filterName: (GUID) -> String = { $0.description }
    ) -> ConfigurationPlan {
        let inherited = current.filter { $0.policySet != nil }
        let direct = current.filter { $0.policySet == nil }
        var byIdentity: [PlannedAssignment.Identity: PlannedAssignment] = [:]
        for assignment in direct { byIdentity[assignment.identity(kind)] = byIdentity[assignment.identity(kind)] ?? assignment }

        var changes: [PlannedChange] = []
        var matched = Set<PlannedAssignment.Identity>()
        for want in wanted.sorted(by: { $0.identity(kind) < $1.identity(kind) }) {
            let identity = want.identity(kind)
            guard let have = byIdentity[identity] else {
                changes.append(PlannedChange(action: .add, before: nil, after: want, reasons: ["not assigned yet"]))
                continue
            }
            matched.insert(identity)
            let reasons = differences(have, want, kind, filterName: filterName)
            changes.append(PlannedChange(action: reasons.isEmpty ? .unchanged : .update, before: have, after: want, reasons: reasons))
        }
        for have in direct.sorted(by: { $0.identity(kind) < $1.identity(kind) }) where !matched.contains(have.identity(kind)) {
            if mode == .additive {
                changes.append(PlannedChange(action: .unchanged, before: have, after: have, reasons: ["not in the manifest; kept (additive)"]))
            } else {
                changes.append(PlannedChange(action: .remove, before: have, after: nil, reasons: ["not in the manifest"]))
            }
            matched.insert(have.identity(kind))
        }
        for have in inherited.sorted(by: { $0.identity(kind) < $1.identity(kind) }) {
            changes.append(PlannedChange(action: .inherited, before: have, after: have,
                                         reasons: ["from policy set \(have.policySet ?? "")"]))
        }

        let currentDeviceSet = Set(currentDevices)
        let devicesToAdd = (wantedDevices ?? []).filter { !currentDeviceSet.contains($0) }
        let listed = Set(wantedDevices ?? [])
        let notListed = wantedDevices == nil ? [] : currentDevices.filter { !listed.contains($0) }.sorted()

        var calls: [PlannedCall] = []
        let adds = changes.filter { $0.action == .add }, removes = changes.filter { $0.action == .remove }
        let updates = changes.filter { $0.action == .update }
        if !(adds.isEmpty && removes.isEmpty && updates.isEmpty) {
            if kind.groupTargetWrites == .createAndDelete {
                // No assign for group targets: remove with DELETE, add with POST, change with both.
                for change in removes + updates { calls.append(.delete(change.before!.graphID ?? "")) }
                for change in updates + adds { calls.append(.create(change.after!.graphBody(kind))) }
            } else if adds.count == 1, removes.isEmpty, updates.isEmpty, kind.supportsSingleCreate {
                // One addition: create it, leaving the rest untouched (same call count, smaller blast radius).
                calls.append(.create(adds[0].after!.graphBody(kind)))
            } else {
                // `assign` replaces the whole direct set: send everything that should remain, inherited ones excluded.
                let remaining = changes.filter { [.add, .update, .unchanged].contains($0.action) }.compactMap(\.after)
                let kept = unmanaged.filter { $0["source"]?.stringValue != "policySets" }.map { Self.writable($0, kind) }
                calls.append(.assign(remaining.map { $0.graphBody(kind) } + kept))
            }
        }
        if !devicesToAdd.isEmpty { calls.append(.assignDevices(devicesToAdd)) }
        return ConfigurationPlan(kind: kind, id: id, mode: mode, changes: changes, unmanaged: unmanaged,
                                 devicesToAdd: devicesToAdd, devicesNotListed: notListed, devicesRead: wantedDevices != nil,
                                 calls: calls)
    }

    /// An assignment as read, without what the server sets, to be sent back as it is.
    static func writable(_ assignment: JSONValue, _ kind: Kind) -> JSONValue {
        guard case let .object(pairs) = assignment else { return assignment }
        let serverSet = Set(["id", "source", "sourceId", "@odata.context"] + kind.readOnlyAssignmentFields)
        return .object(pairs.filter { !serverSet.contains($0.key) })
    }

    /// What differs between an assignment and the wanted one with the same identity, as reasons.
    static func differences(_ have: PlannedAssignment, _ want: PlannedAssignment, _ kind: Kind,
                            filterName: (GUID) -> String = { $0.description }) -> [String] {
        var reasons: [String] = []
        func describe(_ filter: ResolvedFilter?) -> String { filter.map { "\($0.mode.rawValue) \(filterName($0.id))" } ?? "none" }
        if have.filter != want.filter { reasons.append("filter \(describe(have.filter)) → \(describe(want.filter))") }
        if kind.intent?.isIdentity != true, have.intent != want.intent {
            reasons.append("intent \(have.intent ?? "none") → \(want.intent ?? "none")")
        }
        for key in Set(have.fields.keys).union(want.fields.keys).sorted() where have.fields[key] != want.fields[key] {
            reasons += describeChange(key, have.fields[key], want.fields[key])
        }
        return reasons
    }

    /// A property change in a reviewer's words: schedules in words, settings member by member.
    static func describeChange(_ key: String, _ before: JSONValue?, _ after: JSONValue?) -> [String] {
        switch key {
        case AssignmentField.runSchedule.rawValue:
            return ["schedule \(before.map(describeSchedule) ?? "none") → \(after.map(describeSchedule) ?? "none")"]
        case AssignmentField.settings.rawValue:
            guard case let .object(old)? = before, case let .object(new)? = after,
                  before?["@odata.type"] == after?["@odata.type"] else { break }
            let oldValues = Dictionary(old.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            let newValues = Dictionary(new.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            return Set(oldValues.keys).union(newValues.keys).sorted().compactMap { member in
                guard oldValues[member] != newValues[member] else { return nil }
                return "settings.\(member) \(oldValues[member].map(\.canonicalText) ?? "unset") → "
                    + (newValues[member].map(\.canonicalText) ?? "unset")
            }
        default:
            break
        }
        return ["\(key) \(before.map(\.canonicalText) ?? "unset") → \(after.map(\.canonicalText) ?? "unset")"]
    }

    /// `every 4 hours`, `every day at 08:30:00 UTC`, `once on 2026-12-01 at 22:00:00`.
    static func describeSchedule(_ value: JSONValue) -> String {
        let type = value["@odata.type"]?.stringValue ?? ""
        var interval = 1
        if case let .int(number)? = value["interval"] { interval = number }
        let time = value["time"]?.stringValue.map { " at \($0)" } ?? ""
        let utc = value["useUtc"] == .bool(true) ? " UTC" : ""
        if type.hasSuffix("HourlySchedule") { return interval == 1 ? "every hour" : "every \(interval) hours" }
        if type.hasSuffix("DailySchedule") { return (interval == 1 ? "every day" : "every \(interval) days") + time + utc }
        if type.hasSuffix("RunOnceSchedule") { return "once on \(value["date"]?.stringValue ?? "?")" + time + utc }
        return value.canonicalText
    }
}
