extension ConfigurationPlan {
    /// What this plan wants of its configuration, with `assignments`: its mode, its devices, its device group and its
    /// role access as the manifest asked for them.
    func wish(_ assignments: [PlannedAssignment]) -> Planner.Wanted {
        var wanted = Planner.Wanted(
            mode: mode, assignments: assignments, devices: devicesRead ? devicesToAdd : nil,
            deviceGroup: deviceGroup?.after)
        if let access = roleAccess {
            var asked = access.after
            if !access.managesScopeTags { asked.scopeTags = nil }
            wanted.roleAccess = (access.role, asked)
        }
        wanted.makeDefault = defaultProfile
        return wanted
    }

    /// The direct assignments the configuration has once the plan is applied: everything added, updated or kept.
    public var desired: [PlannedAssignment] {
        changes.filter { [.add, .update, .unchanged].contains($0.action) }.compactMap(\.after)
    }

    /// What still differs between the tenant as read again and what this plan makes of the configuration, in
    /// words; empty when the configuration is as planned. Inherited and unmanaged assignments are left out, as the
    /// plan leaves them alone.
    public func remainingDifferences(_ observed: ObservedConfiguration) -> [String] {
        let again = Planner.plan(
            key,
            wanted: wish(desired),
            current: observed)
        var differences: [String] = []
        for change in again.changes where [.add, .update, .remove].contains(change.action) {
            let target = change.identityTarget
            var words = "\(target.type.manifestKey)" + (target.objectText.map { " \($0)" } ?? "")
            if let intent = (change.after ?? change.before)?.intent, kind.intent?.isIdentity == true {
                words += " (\(intent))"
            }
            switch change.action {
            case .add: differences.append("\(words) is missing")
            case .remove: differences.append("\(words) is still assigned")
            default: differences.append("\(words): " + change.reasons.joined(separator: "; "))
            }
        }
        differences += again.devicesToAdd.map { "Autopilot device \($0) does not have the profile" }
        if defaultProfile, again.calls.contains(.setDefaultProfile) {
            differences.append("it is not its Apple token's default profile")
        }
        if let access = again.roleAccess, access.changes {
            differences.append("the role assignment gives other access than planned")
        }
        if let group = again.deviceGroup, group.changes {
            differences.append(
                "the enrollment-time device group is \(group.before.id?.description ?? "none"), not "
                    + (group.after.id?.description ?? "none"))
        }
        return differences
    }
}

extension ConfigurationPlan {
    /// Its removals of All users or All devices targets.
    public var broadRemovals: [PlannedChange] { changes.filter { $0.action == .remove && $0.identityTarget.isBroad } }
}

extension ConfigurationPlan {
    /// The calls the planner makes of this plan's own changes (what is there before, what is wanted after), its
    /// unmanaged assignments and its devices. A plan read from a file must carry exactly these calls: the calls
    /// are what `apply` sends, while people review, count and guard the changes.
    public func callsFromChanges(singleCreate: Bool = true) -> [PlannedCall] {
        let wanted = changes.filter { [.add, .update, .unchanged].contains($0.action) }.compactMap(\.after)
        let current = changes.compactMap(\.before)
        // Devices to add are listed and missing; devices not listed are present and not wanted: together they give
        // the planner the same difference it found when the plan was made.
        let again = Planner.plan(
            key,
            wanted: wish(wanted),
            current: ObservedConfiguration(
                assignments: current, unmanaged: unmanaged, devices: devicesNotListed,
                deviceGroup: deviceGroup?.before, roleAccess: roleAccess?.before,
                isDefault: defaultProfile ? wasDefault : nil, fingerprint: ""),
            singleCreate: singleCreate)
        return again.calls
    }

    /// Whether `calls` are the calls of the changes, with the assignments of an `assign` in any order (a set in
    /// Graph, and the planner lists kept assignments of an additive plan in another order when it plans again).
    public var callsMatchChanges: Bool {
        let expected = callsFromChanges()
        guard expected.count == calls.count else { return false }
        return zip(expected, calls).allSatisfy { Self.sameCall($0, $1) }
    }

    /// Two calls that send the same request; `assign` bodies compared as sets of assignments.
    static func sameCall(_ a: PlannedCall, _ b: PlannedCall) -> Bool {
        switch (a, b) {
        case (.assign(let x), .assign(let y)):
            return x.map(\.canonicalText).sorted() == y.map(\.canonicalText).sorted()
        case (.create(let x), .create(let y)), (.updateRoleAssignment(let x), .updateRoleAssignment(let y)):
            return x.canonicalText == y.canonicalText
        default:
            return a == b
        }
    }
}
