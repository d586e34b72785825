/// A saved plan is a record of what people reviewed, never a source of writes (DESIGN §5). These checks compare a
/// configuration's plan as the file says it with the plan derived again from the tenant (and, with `--manifests`,
/// from the manifests): only a plan that re-derives to the same changes and calls is applied, and what is applied
/// is always the derived one.
extension ConfigurationPlan {
    /// What this configuration's plan, read from a file, claims that the tenant as read now does not bear out, in
    /// words; empty when it re-derives exactly. The file's wanted assignments are planned again against what the
    /// tenant holds: the file's `before` sides, its `unmanaged` assignments, its calls and its devices must all be
    /// what that gives (`again`, this plan `rederived` from `observed`, made once by the caller, which applies it).
    /// Meant for a configuration whose fingerprint still matches (a moved tenant is stale, not edited).
    public func fileDifferences(_ observed: ObservedConfiguration, rederived again: ConfigurationPlan) -> [String] {
        var words: [String] = []
        // An unmanaged entry of a target type that intune-assign models would be written without being reviewed
        // as a change: a file never gets to say that.
        for value in unmanaged.map(\.graph) where PlannedAssignment(graph: value, kind: kind) != nil {
            words.append("its `unmanaged` list holds an assignment of a modelled target type: \(value.canonicalText)")
        }
        words += reviewDifferences(again, comparingDevicesNotListed: false)
        // Devices not listed are display only, but they must be devices the tenant has on the profile.
        let present = Set(observed.devices ?? [])
        for device in devicesNotListed where !present.contains(device) {
            words.append("Autopilot device \(device) is shown as carrying the profile, and does not")
        }
        return words
    }

    /// The plan of this configuration's wanted assignments and devices against the tenant as `observed`: what
    /// applying it means now.
    public func rederived(_ observed: ObservedConfiguration) -> ConfigurationPlan {
        var again = Planner.plan(
            key,
            wanted: wish(desired),
            current: observed)
        again.displayName = displayName
        again.fingerprint = observed.fingerprint
        // The file cannot say which listed devices were present already; those it shows as not listed are.
        again.devicesNotListed = devicesNotListed
        return again
    }

    /// What differs between two plans of one configuration, in a reviewer's words: empty when they write the same
    /// and show the same. Reasons and display names are words derived from names, not compared; assignment bodies
    /// of `assign` are compared as sets.
    public func reviewDifferences(_ other: ConfigurationPlan, comparingDevicesNotListed: Bool = true) -> [String] {
        var words: [String] = []
        if kind != other.kind || id != other.id { words.append("another configuration") }
        if mode != other.mode { words.append("mode \(mode.rawValue) instead of \(other.mode.rawValue)") }
        /// A change without its reasons (words) and without the set its wanted side came from (a label).
        func bare(_ change: PlannedChange) -> PlannedChange {
            var change = change
            change.reasons = []
            change.after?.fromSet = nil
            return change
        }
        let mine = changes.map(bare)
        let theirs = other.changes.map(bare)
        for change in mine where !theirs.contains(change) {
            words.append("\(change.action.rawValue) \(Self.words(change.identityTarget)) is not what the tenant gives")
        }
        for change in theirs where !mine.contains(change) {
            words.append("\(change.action.rawValue) \(Self.words(change.identityTarget)) is missing")
        }
        let unmanagedMine = unmanaged.map(\.graph.canonicalText).sorted()
        let unmanagedTheirs = other.unmanaged.map(\.graph.canonicalText).sorted()
        if unmanagedMine != unmanagedTheirs { words.append("its unmanaged assignments differ") }
        if Set(devicesToAdd) != Set(other.devicesToAdd) { words.append("its Autopilot devices to add differ") }
        if comparingDevicesNotListed, Set(devicesNotListed) != Set(other.devicesNotListed) {
            words.append("its Autopilot devices not listed differ")
        }
        if deviceGroup != other.deviceGroup { words.append("its enrollment-time device group differs") }
        if roleAccess != other.roleAccess { words.append("its role assignment's access differs") }
        if defaultProfile != other.defaultProfile || wasDefault != other.wasDefault {
            words.append("whether it is its token's default profile differs")
        }
        if calls.count != other.calls.count || !zip(calls, other.calls).allSatisfy({ Self.sameCall($0, $1) }) {
            words.append("its calls differ")
        }
        return words
    }

    /// A target in a difference: `group 3f1d…`, `allUsers`.
    static func words(_ target: ResolvedTarget) -> String {
        target.type.manifestKey + (target.objectText.map { " \($0)" } ?? "")
    }
}

extension ConfigurationPlan {
    /// How many of its calls the tenant as `observed` already shows done, when that is some but not all: an earlier
    /// apply of this plan made the first calls and stopped (interrupted, or its next call awaits Multi Admin
    /// Approval). `nil` when the tenant holds neither such a state nor the one the plan read. The calls are played
    /// on the assignments the plan read, in order, and the result compared with the tenant by identity and
    /// properties (assignment ids aside); Autopilot device ids count once their call is done.
    public func callsDone(_ observed: ObservedConfiguration) -> Int? {
        guard calls.count > 1 else { return nil }
        var direct = changes.compactMap(\.before).filter { $0.policySet == nil }
        var devicesAdded = false
        var groupWritten = false
        var accessWritten = false
        var defaultSet = false
        let present = Set(observed.devices ?? [])
        for (index, call) in calls.enumerated().dropLast() {
            switch call {
            case .delete(let id): direct.removeAll { $0.graphID == id }
            case .create(let body): direct += PlannedAssignment(graph: body, kind: kind).map { [$0] } ?? []
            case .assign(let bodies): direct = bodies.compactMap { PlannedAssignment(graph: $0, kind: kind) }
            case .assignDevices: devicesAdded = true
            case .setDeviceGroup, .clearDeviceGroup: groupWritten = true
            case .updateRoleAssignment: accessWritten = true
            case .setDefaultProfile: defaultSet = true
            }
            let again = Planner.plan(
                key, wanted: Planner.Wanted(mode: .authoritative, assignments: direct),
                current: ObservedConfiguration(
                    assignments: observed.assignments.filter { $0.policySet == nil }, fingerprint: ""))
            let devicesAsPlayed = devicesToAdd.allSatisfy { present.contains($0) == devicesAdded }
            let groupAsPlayed =
                deviceGroup.map { observed.deviceGroup == (groupWritten ? $0.after : $0.before) } ?? true
            let accessAsPlayed =
                roleAccess.map { observed.roleAccess == (accessWritten ? $0.after : $0.before) } ?? true
            let defaultAsPlayed = !defaultProfile || (observed.isDefault ?? false) == (defaultSet || wasDefault)
            if devicesAsPlayed, groupAsPlayed, accessAsPlayed, defaultAsPlayed,
                !again.changes.contains(where: { [.add, .update, .remove].contains($0.action) })
            {
                return index + 1
            }
        }
        return nil
    }

    /// Whether `remaining` are the calls this plan makes after its first calls: the same requests, `assign` bodies
    /// as sets.
    public func continues(with remaining: [PlannedCall]) -> Bool {
        let done = calls.count - remaining.count
        guard done > 0 else { return false }
        return zip(calls.dropFirst(done), remaining).allSatisfy { Self.sameCall($0, $1) }
    }
}
