/// Desired × current → plan, for one configuration at a time. Pure.
public enum Planner {
    /// What the manifests want of one configuration, in the planner's terms.
    public struct Wanted: Sendable {
        /// Authoritative or additive.
        public var mode: ConfigurationMode
        /// The wanted assignments, every reference resolved.
        public var assignments: [PlannedAssignment]
        /// The Autopilot devices it lists (`nil`: it lists none, and devices are not looked at).
        public var devices: [DeviceID]?
        /// The enrollment-time device group it wants (`nil`: it says nothing, and the group is not looked at).
        public var deviceGroup: DeviceGroup?
        /// A role assignment's wanted access, and its role's name (role assignments only).
        public var roleAccess: (role: String, access: RoleAccess)?
        /// An Apple enrollment profile that must be its token's default.
        public var makeDefault = false

        /// A wish from its parts.
        public init(
            mode: ConfigurationMode, assignments: [PlannedAssignment], devices: [DeviceID]? = nil,
            deviceGroup: DeviceGroup? = nil
        ) {
            self.mode = mode
            self.assignments = assignments
            self.devices = devices
            self.deviceGroup = deviceGroup
        }
    }

    /// The plan for one configuration: each wanted assignment matched with what was found by identity, and
    /// the fewest calls that make the tenant hold exactly what is wanted (additive mode keeps what is not listed).
    /// - Parameters:
    ///   - current: what was read; its fingerprint is not looked at.
    ///   - singleCreate: whether one addition may go as a single create where the kind allows it.
    public static func plan(
        _ key: ConfigurationKey, wanted want: Wanted, current read: ObservedConfiguration,
        filterName: (GUID) -> String = { $0.description }, singleCreate: Bool = true
    ) -> ConfigurationPlan {
        let (kind, id, mode, wanted) = (key.kind, key.id, want.mode, want.assignments)
        let (current, unmanaged) = (read.assignments, read.unmanaged)
        let (wantedDevices, currentDevices) = (want.devices, read.devices ?? [])
        let inherited = current.filter { $0.policySet != nil }
        let direct = current.filter { $0.policySet == nil }
        var byIdentity: [PlannedAssignment.Identity: PlannedAssignment] = [:]
        for assignment in direct {
            byIdentity[assignment.identity(kind)] = byIdentity[assignment.identity(kind)] ?? assignment
        }

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
            // A field that Graph does not read back as written is sent, and only noted when it differs.
            let notes = AssignmentField.allCases.filter { !$0.isCompared }.compactMap { field in
                have.fields[field.rawValue] != want.fields[field.rawValue] ? field.notComparedNote : nil
            }
            changes.append(
                PlannedChange(
                    action: reasons.isEmpty ? .unchanged : .update, before: have, after: want,
                    reasons: reasons.isEmpty ? notes : reasons))
        }
        for have in direct.sorted(by: { $0.identity(kind) < $1.identity(kind) })
        where !matched.contains(have.identity(kind)) {
            if mode == .additive {
                changes.append(
                    PlannedChange(
                        action: .unchanged, before: have, after: have, reasons: ["not in the manifest; kept (additive)"]
                    ))
            } else {
                changes.append(
                    PlannedChange(action: .remove, before: have, after: nil, reasons: ["not in the manifest"]))
            }
            matched.insert(have.identity(kind))
        }
        for have in inherited.sorted(by: { $0.identity(kind) < $1.identity(kind) }) {
            changes.append(
                PlannedChange(
                    action: .inherited, before: have, after: have,
                    reasons: ["from policy set \(have.policySet ?? "")"]))
        }

        let currentDeviceSet = Set(currentDevices)
        let devicesToAdd = (wantedDevices ?? []).filter { !currentDeviceSet.contains($0) }
        let listed = Set(wantedDevices ?? [])
        let notListed = wantedDevices == nil ? [] : currentDevices.filter { !listed.contains($0) }.sorted()

        var calls: [PlannedCall] = []
        let adds = changes.filter { $0.action == .add }
        let removes = changes.filter { $0.action == .remove }
        let updates = changes.filter { $0.action == .update }
        if !(adds.isEmpty && removes.isEmpty && updates.isEmpty) {
            if kind.groupTargetWrites == .createAndDelete {
                // No assign for group targets: remove with DELETE, add with POST, change with both.
                for change in removes + updates { calls.append(.delete(change.before!.graphID ?? "")) }
                for change in updates + adds { calls.append(.create(change.after!.graphBody(kind))) }
            } else if adds.count == 1, removes.isEmpty, updates.isEmpty, kind.supportsSingleCreate, singleCreate {
                // One addition: create it, leaving the rest untouched (same call count, smaller blast radius).
                calls.append(.create(adds[0].after!.graphBody(kind)))
            } else {
                // `assign` replaces the whole direct set: send everything that should remain, inherited ones excluded.
                let remaining = changes.filter { [.add, .update, .unchanged].contains($0.action) }.compactMap(\.after)
                // Unmanaged targets go back as they are, but never one the kind does not support, and never a target
                // the body names already: Graph refuses the same target twice, and the set would never converge.
                let bodies = remaining.map { $0.graphBody(kind) }
                var named = Set(bodies.map(Self.targetKey))
                let kept = unmanaged.filter { $0.policySet == nil && !$0.isUnsupported(by: kind) }
                    .map { $0.writable(kind) }.filter { named.insert(Self.targetKey($0)).inserted }
                calls.append(.assign(bodies + kept))
            }
        }
        if !devicesToAdd.isEmpty { calls.append(.assignDevices(devicesToAdd)) }
        // The device group goes last: a policy whose assignments were written but whose group was refused still
        // enrolls devices as before, into the group it had.
        let deviceGroup = want.deviceGroup.map { DeviceGroupChange(before: read.deviceGroup ?? .none, after: $0) }
        if let call = deviceGroup?.call { calls.append(call) }
        // A role assignment: one PATCH of its whole access (members, scope, scope tags).
        var roleAccess: RoleAccessChange?
        if let (role, access) = want.roleAccess {
            let before = read.roleAccess ?? RoleAccess(members: [], scope: .groups([]), scopeTags: [])
            roleAccess = RoleAccessChange(role: role, before: before, wanted: access)
            if let call = roleAccess?.call { calls.append(call) }
        }
        // The token's default profile: one call makes it so (the token's former default stops being it).
        let wasDefault = read.isDefault ?? false
        if want.makeDefault, !wasDefault { calls.append(.setDefaultProfile) }
        var plan = ConfigurationPlan(
            kind: kind, id: id, mode: mode, changes: changes, unmanaged: unmanaged,
            devicesToAdd: devicesToAdd, devicesNotListed: notListed, devicesRead: wantedDevices != nil,
            deviceGroup: deviceGroup, calls: calls, roleAccess: roleAccess)
        plan.defaultProfile = want.makeDefault
        plan.wasDefault = want.makeDefault && wasDefault
        return plan
    }

    /// What makes two assignments name the same target: its type (with its `#`) and object, whatever else they carry.
    public static func targetKey(_ assignment: JSONValue) -> String {
        let target = assignment["target"]
        let type = target?["@odata.type"]?.stringValue ?? ""
        let object = target?["groupId"]?.stringValue ?? target?["collectionId"]?.stringValue ?? ""
        return (type.hasPrefix("#") ? type : "#" + type) + " " + object.lowercased()
    }

    /// What differs between an assignment and the wanted one with the same identity, as reasons.
    static func differences(
        _ have: PlannedAssignment, _ want: PlannedAssignment, _ kind: Kind,
        filterName: (GUID) -> String = { $0.description }
    ) -> [String] {
        var reasons: [String] = []
        /// A filter in a reason: `include "Corporate"` or `none`.
        func describe(_ filter: ResolvedFilter?) -> String {
            filter.map { "\($0.mode.rawValue) \(filterName($0.id))" } ?? "none"
        }
        if have.filter != want.filter { reasons.append("filter \(describe(have.filter)) → \(describe(want.filter))") }
        if kind.intent?.isIdentity != true, have.intent != want.intent {
            reasons.append("intent \(have.intent ?? "none") → \(want.intent ?? "none")")
        }
        for key in Set(have.fields.keys).union(want.fields.keys).sorted()
        where have.fields[key] != want.fields[key] && AssignmentField(rawValue: key)?.isCompared != false {
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
            guard case .object(let old)? = before, case .object(let new)? = after,
                before?["@odata.type"] == after?["@odata.type"]
            else { break }
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
        if case .int(let number)? = value["interval"] { interval = number }
        let time = value["time"]?.stringValue.map { " at \($0)" } ?? ""
        let utc = value["useUtc"] == .bool(true) ? " UTC" : ""
        if type.hasSuffix("HourlySchedule") { return interval == 1 ? "every hour" : "every \(interval) hours" }
        if type.hasSuffix("DailySchedule") {
            return (interval == 1 ? "every day" : "every \(interval) days") + time + utc
        }
        if type.hasSuffix("RunOnceSchedule") { return "once on \(value["date"]?.stringValue ?? "?")" + time + utc }
        return value.canonicalText
    }
}
