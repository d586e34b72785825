extension ConfigurationPlan {
    /// The direct assignments the configuration has once the plan is applied: everything added, updated or kept.
    public var desired: [PlannedAssignment] {
        changes.filter { [.add, .update, .unchanged].contains($0.action) }.compactMap(\.after)
    }

    /// What still differs between the tenant as read again and what this plan makes of the configuration, in
    /// words; empty when the configuration is as planned. Inherited and unmanaged assignments are left out, as the
    /// plan leaves them alone.
    public func remainingDifferences(_ observed: ObservedConfiguration) -> [String] {
        let again = Planner.plan(
            kind: kind, id: id, mode: mode, wanted: desired, current: observed.assignments,
            wantedDevices: devicesRead ? devicesToAdd : nil, currentDevices: observed.devices ?? [],
            unmanaged: observed.unmanaged)
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
        return differences
    }
}

extension ConfigurationPlan {
    /// Its removals of All users or All devices targets.
    public var broadRemovals: [PlannedChange] { changes.filter { $0.action == .remove && $0.identityTarget.isBroad } }
}
