/// What `intune-assign usage` asks about: a group, or All users / All devices.
/// One configuration that targets the subject, and how.
public struct UsageEntry: Hashable, Sendable {
    /// What the manifests make of the assignment, when manifests were given.
    public enum ManifestStatus: Hashable, Sendable {
        /// The manifests do not list the configuration: the assignment is nobody's in git.
        case notOwned
        /// Listed, and the plan keeps the assignment as it is.
        case kept
        /// Listed, and the plan changes it (filter, intent, settings), for these reasons.
        case updated([String])
        /// Listed without it: the plan removes it.
        case removed
        /// Not in the tenant yet: the plan adds it.
        case added
        /// From a policy set: the manifests neither keep nor remove it.
        case inherited
    }

    /// The configuration's kind.
    public var kind: Kind
    /// The configuration's id.
    public var id: ConfigurationID
    /// Its display name.
    public var displayName: String
    /// Include (`group`, `allUsers`, `allDevices`) or exclude (`exclusionGroup`).
    public var type: TargetType
    /// The intent, for kinds that have one.
    public var intent: String?
    /// The assignment filter, if any.
    public var filter: ResolvedFilter?
    /// The policy set it is inherited from, if any.
    public var policySet: String?
    /// What the manifests make of it (`nil` without manifests).
    public var manifests: ManifestStatus?
    /// The target's `@odata.type`, for a target intune-assign does not model (a shared Cloud PC's, an exclusion of
    /// a virtual group, an exclusion on an includes-only kind): it still names the group, and plans keep it as it is.
    public var unmodelled: String?
    /// How a group is used other than by an assignment: it holds a role, is in a role's scope, or is the group devices
    /// join as they enroll. Such a use is never "unused".
    public var access: String?

    /// Whether the assignment excludes the subject.
    public var excludes: Bool { type == .exclusionGroup }
}

/// Every configuration that targets one subject, read from a whole tenant.
public struct UsageReport: Hashable, Sendable {
    /// What was asked about.
    public var subject: UsageSubject
    /// The group's display name, when known.
    public var name: String?
    /// The configurations that target it, by kind, then display name.
    public var entries: [UsageEntry]
    /// How many configurations were read (the answer "unused" holds for these).
    public var configurationsRead: Int
    /// The kinds read.
    public var kinds: [Kind]
    /// Filter names by id, for the entries' filters.
    public var filterNames: [GUID: String]
    /// Whether manifests were compared.
    public var withManifests: Bool

    /// The assignments the tenant holds now (not those the manifests would add).
    public var current: [UsageEntry] { entries.filter { $0.manifests != .added } }
    /// Whether nothing read targets the subject now.
    public var isUnused: Bool { current.isEmpty }

    /// The report for `subject` over a tenant read for export, and what `plan` (made from the manifests against the
    /// same tenant) does to each assignment.
    public static func make(
        _ subject: UsageSubject, name: String?, input: ManifestExport.Input, plan: Plan?
    ) -> UsageReport {
        var planned: [ConfigurationKey: ConfigurationPlan] = [:]
        for configuration in plan?.configurations ?? [] {
            planned[ConfigurationKey(kind: configuration.kind, id: configuration.id)] = configuration
        }
        var entries: [UsageEntry] = []
        var count = 0
        for (kind, listed) in input.listings {
            for item in listed where !item.isUnassignableDefault(of: kind) {
                count += 1
                let key = ConfigurationKey(kind: kind, id: item.id)
                let configurationPlan = planned[key]
                for value in input.assignments[key] ?? [] {
                    if let assignment = PlannedAssignment(graph: value, kind: kind) {
                        guard subject.concerns(assignment.target) else { continue }
                        var entry = UsageEntry(
                            kind: kind, id: item.id, displayName: item.displayName, type: assignment.target.type,
                            intent: assignment.intent, filter: assignment.filter, policySet: assignment.policySet)
                        if plan != nil { entry.manifests = status(of: assignment, kind: kind, in: configurationPlan) }
                        entries.append(entry)
                        continue
                    }
                    // A target that is not modelled still names its group: "unused" must never hide it.
                    let unmanaged = UnmanagedAssignment(graph: value)
                    guard case .group(let id) = subject, unmanaged.groupID.flatMap(GUID.init) == id else { continue }
                    entries.append(
                        UsageEntry(
                            kind: kind, id: item.id, displayName: item.displayName,
                            type: unmanaged.targetType.lowercased().contains("exclusion") ? .exclusionGroup : .group,
                            policySet: unmanaged.policySet,
                            manifests: plan == nil ? nil : (configurationPlan == nil ? .notOwned : .kept),
                            unmodelled: unmanaged.targetTypeName))
                }
                if case .group(let id) = subject {
                    entries += otherUses(of: id, key, item, input: input, plan: plan, configurationPlan)
                }
                // What the manifests add: not in the tenant yet.
                for change in configurationPlan?.changes ?? [] where change.action == .add {
                    guard let after = change.after, subject.concerns(after.target) else { continue }
                    entries.append(
                        UsageEntry(
                            kind: kind, id: item.id, displayName: item.displayName, type: after.target.type,
                            intent: after.intent, filter: after.filter, manifests: .added))
                }
            }
        }
        entries.sort {
            ($0.kind.name, $0.displayName, $0.id.description, $0.type.manifestKey, $0.intent ?? "")
                < ($1.kind.name, $1.displayName, $1.id.description, $1.type.manifestKey, $1.intent ?? "")
        }
        return UsageReport(
            subject: subject, name: name, entries: entries, configurationsRead: count,
            kinds: input.listings.keys.sorted { $0.name < $1.name },
            filterNames: Dictionary(input.filters.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a }),
            withManifests: plan != nil)
    }

    /// How a configuration uses a group other than by an assignment: as a role assignment's member or scope group,
    /// or as a policy's enrollment-time device group; with what the manifests make of it.
    static func otherUses(
        of id: GUID, _ key: ConfigurationKey, _ item: ListedConfiguration, input: ManifestExport.Input, plan: Plan?,
        _ configurationPlan: ConfigurationPlan?
    ) -> [UsageEntry] {
        /// One use, kept or removed by the plan as `stays` says.
        func entry(_ words: String, stays: Bool?) -> UsageEntry {
            var entry = UsageEntry(kind: key.kind, id: item.id, displayName: item.displayName, type: .group)
            entry.access = words
            if plan != nil {
                entry.manifests = configurationPlan == nil ? .notOwned : (stays == false ? .removed : .kept)
            }
            return entry
        }
        var entries: [UsageEntry] = []
        if let access = input.roleAccess[key] {
            let role = Printable.quoted(item.parent?.displayName ?? "role")
            let after = configurationPlan?.roleAccess?.after
            if access.members.contains(id) {
                entries.append(entry("its members hold role \(role)", stays: after.map { $0.members.contains(id) }))
            }
            if access.scope.groups.contains(id) {
                entries.append(
                    entry(
                        "its users and devices are in the scope of role \(role)",
                        stays: after.map { $0.scope.groups.contains(id) }))
            }
        }
        if input.deviceGroups[key]?.id == id {
            entries.append(
                entry("devices join it as they enroll", stays: configurationPlan?.deviceGroup.map { $0.after.id == id })
            )
        }
        return entries
    }

    /// What the plan does to a found assignment: its change for the same identity, or not owned.
    static func status(of assignment: PlannedAssignment, kind: Kind, in plan: ConfigurationPlan?)
        -> UsageEntry.ManifestStatus
    {
        if assignment.policySet != nil { return .inherited }
        guard let plan else { return .notOwned }
        let identity = assignment.identity(kind)
        guard let change = plan.changes.first(where: { ($0.before ?? $0.after)?.identity(kind) == identity }) else {
            return .kept
        }
        switch change.action {
        case .remove: return .removed
        case .update: return .updated(change.reasons)
        case .inherited: return .inherited
        case .add, .unchanged: return .kept
        }
    }
}

/// Why a group asked about cannot be found.
public enum UnknownGroup: Error, Hashable, Sendable {
    /// No group has this id.
    case noSuchID(GUID)
    /// No group has this display name.
    case noSuchName(String)
    /// Several groups have this display name.
    case severalNamed(String, [GUID])
    /// The alias stands for another alias.
    case aliasOfAlias(String)
}
