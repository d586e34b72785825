extension PlanMaker {
    /// Every group id a plan mentions: those the manifests want (by id or resolved name) and those assigned now.
    /// Their display names come from the directory; a wanted id the directory does not know is an error in `build`.
    public static func groupIDs(
        _ state: DesiredState, _ resolution: Resolution, observed: [ConfigurationKey: ObservedConfiguration]
    ) -> [GUID] {
        var ids = Set<GUID>()
        for configuration in resolution.configurations {
            for reference in configuration.spec.groupReferences {
                if let id = groupID(reference, state, resolution) { ids.insert(id) }
            }
            for assignment in observed[configuration.key]?.assignments ?? [] {
                if let id = assignment.target.namedGroup { ids.insert(id) }
            }
            if let id = observed[configuration.key]?.deviceGroup?.id { ids.insert(id) }
            if let access = observed[configuration.key]?.roleAccess {
                ids.formUnion(access.members + access.scope.groups)
            }
        }
        return ids.sorted()
    }

    /// What was read for a plan once the names resolved.
    public struct Read: Sendable {
        /// What was read for each resolved configuration.
        public var observed: [ConfigurationKey: ObservedConfiguration]
        /// Display names of the ids `groupIDs` returned (ids the directory does not know are absent).
        public var groupNames: [GUID: String]
        /// The Autopilot devices the manifests list that exist (`nil`: none are listed, none were checked).
        public var knownDevices: Set<DeviceID>?

        /// Reads from their parts.
        public init(
            observed: [ConfigurationKey: ObservedConfiguration], groupNames: [GUID: String],
            knownDevices: Set<DeviceID>? = nil
        ) {
            self.observed = observed
            self.groupNames = groupNames
            self.knownDevices = knownDevices
        }
    }

    /// Where a plan comes from: the tenant and Graph root read, the manifests' digest, and the `--target`
    /// selections it is limited to.
    public struct Origin: Sendable {
        /// The tenant read.
        public var tenant: GUID
        /// The Graph root it was read from.
        public var graphRoot: String
        /// The digest of the manifest files.
        public var manifestDigest: String
        /// The selections (empty: all of the manifests).
        public var targets: [TargetSelection]

        /// An origin from its parts.
        public init(tenant: GUID, graphRoot: String, manifestDigest: String, targets: [TargetSelection] = []) {
            self.tenant = tenant
            self.graphRoot = graphRoot
            self.manifestDigest = manifestDigest
            self.targets = targets
        }
    }

    /// The plan, from the resolution and the reads.
    public static func build(
        _ state: DesiredState, _ resolution: Resolution, read: Read, origin: Origin
    ) -> (Plan, [Diagnostic]) {
        let (observed, groupNames, knownDevices) = (read.observed, read.groupNames, read.knownDevices)
        var diagnostics = Diagnostics()
        checkDevices(resolution, known: knownDevices, into: &diagnostics)
        var reportedGroups = Set<GUID>()
        var configurations: [ConfigurationPlan] = []
        var mentionedGroups = Set<GUID>()
        var mentionedFilters = Set<GUID>()
        for configuration in resolution.configurations {
            let kind = configuration.key.kind
            var wanted: [PlannedAssignment] = []
            for spec in configuration.spec.assignments {
                guard let assignment = plannedAssignment(spec, kind: kind, state, resolution) else { continue }
                // A group id the directory does not know would be sent and refused (or, worse, kept as a dangling
                // target); it is an error here, reported once where the id is written.
                if let reference = spec.target.namedGroup, let id = assignment.target.namedGroup,
                    groupNames[id] == nil
                {
                    if reportedGroups.insert(id).inserted {
                        diagnostics.error(
                            "no group has the id \(id) in the tenant; check the id",
                            at: nameLocation(reference, state: state, filter: false))
                    }
                    continue
                }
                wanted.append(assignment)
            }
            // Every resolved configuration was read; the fallback only keeps `build` total for callers that test it.
            let seen = observed[configuration.key] ?? ObservedConfiguration(assignments: [], fingerprint: "")
            let deviceGroup = wantedDeviceGroup(
                configuration, state, resolution, groupNames: groupNames, reported: &reportedGroups,
                into: &diagnostics)
            var wish = Planner.Wanted(
                mode: configuration.spec.mode, assignments: wanted, devices: configuration.spec.devices,
                deviceGroup: deviceGroup)
            wish.makeDefault = configuration.spec.makeDefault
            wish.roleAccess = wantedRoleAccess(
                configuration, state, resolution, groupNames: groupNames, reported: &reportedGroups,
                into: &diagnostics)
            var plan = Planner.plan(
                configuration.key, wanted: wish,
                current: seen,
                filterName: { id in resolution.filters[id].map { Printable.quoted($0) } ?? id.description })
            plan.displayName = configuration.displayName
            plan.fingerprint = seen.fingerprint
            for entry in seen.unmanaged where entry.isUnsupported(by: kind) {
                let group = Printable.line(entry.groupID ?? "", limit: 60)
                diagnostics.append(
                    Diagnostic(
                        .warning,
                        "the tenant holds an exclusion of group \(group) on this \(kind.name), a kind that takes "
                            + "includes only: its effect is unknown (it may act as an include). "
                            + (plan.replacesSet
                                ? "The assign this plan makes does not send it back."
                                : "Nothing here changes it; remove it in the admin center."),
                        at: configuration.spec.mark.location))
            }
            // The plan carries the names of only the groups and filters it shows, not of every one read.
            for change in plan.changes {
                for side in [change.before, change.after].compactMap({ $0 }) {
                    if let id = side.target.namedGroup { mentionedGroups.insert(id) }
                    if let filter = side.filter { mentionedFilters.insert(filter.id) }
                }
            }
            for side in [plan.deviceGroup?.before, plan.deviceGroup?.after] {
                if let id = side?.id { mentionedGroups.insert(id) }
            }
            for side in [plan.roleAccess?.before, plan.roleAccess?.after].compactMap({ $0 }) {
                mentionedGroups.formUnion(side.members + side.scope.groups)
            }
            configurations.append(plan)
        }
        var names: [GUID: String] = [:]
        for id in mentionedGroups { if let name = groupNames[id] { names[id] = name } }
        var filterNames: [GUID: String] = [:]
        for id in mentionedFilters { if let name = resolution.filters[id] { filterNames[id] = name } }
        let plan = Plan(
            tenant: origin.tenant, graphRoot: origin.graphRoot, manifestDigest: origin.manifestDigest,
            configurations: configurations, groupNames: names, filterNames: filterNames,
            targets: origin.targets.map(\.description))
        return (plan, diagnostics.all)
    }

    /// The enrollment-time device group a configuration wants, resolved; `nil` when it says none, and when its
    /// group does not resolve or exist, or its policy's template takes none (each an error here).
    static func wantedDeviceGroup(
        _ configuration: ResolvedConfiguration, _ state: DesiredState, _ resolution: Resolution,
        groupNames: [GUID: String], reported: inout Set<GUID>, into diagnostics: inout Diagnostics
    ) -> DeviceGroup? {
        guard let spec = configuration.spec.deviceGroup else { return nil }
        if let family = configuration.templateFamily, family != ListedConfiguration.deviceGroupFamily {
            diagnostics.error(
                "this policy's template (family \(Printable.quoted(family))) takes no enrollment-time device group; "
                    + "only Autopilot device preparation and Apple automated enrollment policies (family "
                    + "\(ListedConfiguration.deviceGroupFamily)) do: remove `deviceGroup`",
                at: configuration.spec.deviceGroupMark.location)
            return nil
        }
        guard let reference = spec.reference else { return DeviceGroup.none }
        guard let id = groupID(reference, state, resolution) else { return nil }
        guard groupNames[id] != nil else {
            if reported.insert(id).inserted {
                diagnostics.error(
                    "no group has the id \(id) in the tenant; check the id",
                    at: nameLocation(reference, state: state, filter: false))
            }
            return nil
        }
        return DeviceGroup(id)
    }

    /// Assigning a profile to an id that is no device identity fails only when applied: say so now, in review.
    static func checkDevices(_ resolution: Resolution, known: Set<DeviceID>?, into diagnostics: inout Diagnostics) {
        guard let known else { return }
        for configuration in resolution.configurations {
            for device in (configuration.spec.devices ?? []) where !known.contains(device) {
                diagnostics.error(
                    configuration.key.kind.write.style == .serialNumbers
                        ? "serial number \(device) in `devices:` is not a device of the profile's Apple token; check "
                            + "the serial number (Apple Business Manager lists the token's devices)"
                        : "Autopilot device \(device) in `devices:` is not a device identity in the tenant; check the "
                            + "id (the device's Autopilot record, not its Entra or Intune device id)",
                    at: configuration.spec.mark.location)
            }
        }
    }

    /// A manifest assignment in the planner's terms, every reference resolved (`nil` if one could not be, which
    /// `resolve` has reported).
    static func plannedAssignment(_ spec: AssignmentSpec, kind: Kind, _ state: DesiredState, _ resolution: Resolution)
        -> PlannedAssignment?
    {
        let target: ResolvedTarget
        switch spec.target {
        case .group(let reference), .exclusionGroup(let reference):
            guard let id = groupID(reference, state, resolution) else { return nil }
            target = ResolvedTarget(type: spec.target.type, group: id)!
        case .allUsers: target = .allUsers
        case .allDevices: target = .allDevices
        case .collection(let id): target = .collection(id.uppercased())
        }
        var filter: ResolvedFilter?
        if let reference = spec.filter {
            let id: GUID?
            switch state.resolve(reference) {
            case .id(let value): id = resolution.filters[value] != nil ? value : nil
            case .name(let name): id = resolution.filtersByName[name.lowercased()]
            case .alias: id = nil
            }
            guard let id else { return nil }
            filter = ResolvedFilter(mode: reference.mode, id: id)
        }
        var fields: [String: JSONValue] = [:]
        if let settings = spec.settings {
            fields[AssignmentField.settings.rawValue] = PlannedAssignment.normalised(.settings, settings)
        }
        if let run = spec.runRemediationScript { fields[AssignmentField.runRemediationScript.rawValue] = .bool(run) }
        if let schedule = spec.runSchedule {
            fields[AssignmentField.runSchedule.rawValue] = PlannedAssignment.normalised(
                .runSchedule, schedule.graphValue)
        }
        var planned = PlannedAssignment(
            target: target, filter: filter, intent: spec.intent ?? kind.intent?.defaultValue, fields: fields)
        planned.fromSet = spec.origin?.set
        return planned
    }
}
