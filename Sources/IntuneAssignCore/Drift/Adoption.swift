/// Drift adopted into the manifests (`export --into`): for each configuration a plan would change, how the lists
/// the manifest wrote must change so that they say what the tenant holds now. Pure: it says which written items
/// go, which take new entries in their place and what is added at the end; `ManifestYAML` edits the text.
///
/// What is written as it was stays as it was: an entry the plan leaves unchanged, and a `- use:` whose set's
/// entries are all unchanged here. An entry the tenant holds otherwise is rewritten in place, keeping its target as
/// written (and its filter and intent where they still mean the same); one the tenant lacks goes; a `- use:` of a
/// set that no longer matches is expanded at this configuration only. What the tenant holds and no entry names is
/// added at the end of the list, through the manifests' aliases where one means that group or filter, else by id
/// with the display name beside it.
public enum Adoption {
    /// An entry to write, and a comment for the reviewer (the group's display name when it is written by id).
    public struct NewEntry: Hashable, Sendable {
        /// The entry.
        public var spec: AssignmentSpec
        /// The comment beside it, if any.
        public var note: String?

        /// An entry and its note.
        public init(_ spec: AssignmentSpec, note: String? = nil) {
            self.spec = spec
            self.note = note
        }
    }

    /// A written item of a list (found by where it starts) and the entries that take its place: none to drop it.
    public struct Replacement: Hashable, Sendable {
        /// Where the item starts (its first key, after the `- `).
        public var item: SourceLocation
        /// What is written in its place.
        public var entries: [NewEntry]

        /// A replacement of the item at `item`.
        public init(item: SourceLocation, entries: [NewEntry]) {
            self.item = item
            self.entries = entries
        }
    }

    /// The edit of one configuration entry.
    public struct Edit: Hashable, Sendable {
        /// The configuration.
        public var key: ConfigurationKey
        /// Its display name in the tenant.
        public var displayName: String
        /// The configuration entry in its manifest (the file is the location's).
        public var configuration: SourceLocation
        /// Items of its `assignments:` replaced or dropped, in written order.
        public var replacements: [Replacement] = []
        /// Entries added at the end of its `assignments:`.
        public var appended: [NewEntry] = []
        /// Autopilot devices to take out of its `devices:` (listed, but the profile does not carry them).
        public var droppedDevices: [DeviceID] = []
        /// The value its `deviceGroup:` takes (the group the policy has, or `none`), with the group's display name
        /// when it is written by id.
        public var deviceGroup: NewDeviceGroup?
        /// The values its `members:`, `scope:` and `scopeTags:` take (a role assignment's access now).
        public var roleAccess: NewRoleAccess?
        /// Whether its `default: true` goes (the Apple enrollment profile is no longer its token's default).
        public var dropsDefault = false
        /// Assignments the tenant holds that cannot be written (their group or filter no longer exists): a plan of
        /// the adopted manifests still removes them.
        public var left: [String] = []
        /// The plan's lines it adopts: assignments added, dropped and changed in the manifest, devices dropped.
        public var written = 0, dropped = 0, changed = 0

        /// An edit that changes nothing yet.
        public init(key: ConfigurationKey, displayName: String, configuration: SourceLocation) {
            self.key = key
            self.displayName = displayName
            self.configuration = configuration
        }

        /// Whether it changes nothing in the file.
        public var isEmpty: Bool {
            replacements.isEmpty && appended.isEmpty && droppedDevices.isEmpty && deviceGroup == nil
                && roleAccess == nil && !dropsDefault
        }
    }

    /// A role assignment's `members:`, `scope:` and `scopeTags:` to write: groups as the manifests name them.
    public struct NewRoleAccess: Hashable, Sendable {
        /// The member groups.
        public var members: [ObjectReference.Form]
        /// The scope groups, when the scope is groups.
        public var scope: [ObjectReference.Form]
        /// `allUsers`, `allDevices` or `allUsersAndDevices`, when the scope names no group.
        public var scopeWord: String?
        /// The scope tags, when the manifest names them (`nil`: its `scopeTags:` is left as it is).
        public var scopeTags: [String]?

        /// Values to write.
        public init(
            members: [ObjectReference.Form], scope: [ObjectReference.Form], scopeWord: String?, scopeTags: [String]?
        ) {
            self.members = members
            self.scope = scope
            self.scopeWord = scopeWord
            self.scopeTags = scopeTags
        }
    }

    /// A `deviceGroup:` value to write: a group as the manifests name it (an alias, else its id), or `none`.
    public struct NewDeviceGroup: Hashable, Sendable {
        /// The group; `nil`: `none`.
        public var group: ObjectReference.Form?
        /// The group's display name, when it is written by id.
        public var note: String?

        /// A value to write: `group` (`nil`: `none`), with `note` beside it.
        public init(group: ObjectReference.Form?, note: String? = nil) {
            self.group = group
            self.note = note
        }
    }

    /// The edits that make the manifests say what the tenant holds, for every configuration the plan changes; the
    /// plan was made from `state` and `resolution`.
    public static func edits(_ plan: Plan, state: DesiredState, resolution: Resolution) -> [Edit] {
        var resolved: [ConfigurationKey: ResolvedConfiguration] = [:]
        for configuration in resolution.configurations where resolved[configuration.key] == nil {
            resolved[configuration.key] = configuration
        }
        let aliases = manifestAliases(state, resolution)
        var edits: [Edit] = []
        for configurationPlan in plan.configurations where !configurationPlan.isNoOp {
            guard let configuration = resolved[configurationPlan.key], let place = configuration.spec.mark.location
            else { continue }
            var adopter = Adopter(
                plan: plan, configurationPlan: configurationPlan, state: state, resolution: resolution,
                aliases: aliases,
                edit: Edit(key: configurationPlan.key, displayName: configurationPlan.displayName, configuration: place)
            )
            adopter.adopt(configuration.spec)
            if !adopter.edit.isEmpty || !adopter.edit.left.isEmpty { edits.append(adopter.edit) }
        }
        return edits
    }

    /// The manifests' aliases by the id they mean (the first alias in name order where several mean one object).
    static func manifestAliases(_ state: DesiredState, _ resolution: Resolution) -> ManifestExport.Aliases {
        var groups: [GUID: String] = [:]
        for (name, definition) in state.groupAliases.sorted(by: { $0.key < $1.key }) {
            let id: GUID? =
                switch definition.meaning {
                case .id(let id): id
                case .name(let text): resolution.groupsByName[text.lowercased()]
                case .alias: nil
                }
            if let id, groups[id] == nil { groups[id] = name }
        }
        var filterIDs: [String: [GUID]] = [:]
        for (id, name) in resolution.filters { filterIDs[name.lowercased(), default: []].append(id) }
        var filters: [GUID: String] = [:]
        for (name, definition) in state.filterAliases.sorted(by: { $0.key < $1.key }) {
            var id: GUID?
            switch definition.meaning {
            case .id(let value): id = value
            case .name(let text):
                let matches = filterIDs[text.lowercased()] ?? []
                id = resolution.filtersByName[text.lowercased()] ?? (matches.count == 1 ? matches[0] : nil)
            case .alias: id = nil
            }
            if let id, filters[id] == nil { filters[id] = name }
        }
        return ManifestExport.Aliases(groups: groups, filters: filters)
    }

    /// Works out the edit of one configuration.
    struct Adopter {
        let plan: Plan
        let configurationPlan: ConfigurationPlan
        let state: DesiredState
        let resolution: Resolution
        let aliases: ManifestExport.Aliases
        var edit: Edit

        /// What becomes of one written entry.
        enum Outcome {
            /// The tenant holds it as written.
            case kept
            /// The tenant holds it otherwise: the entry that says so (`nil` when it cannot be written).
            case changed(NewEntry?)
            /// The tenant does not hold it.
            case dropped
        }

        var kind: Kind { configurationPlan.kind }

        /// Fills `edit` from the configuration's entries as assembled (a set's entries in place of its `- use:`).
        mutating func adopt(_ spec: ConfigurationSpec) {
            var wanted: [PlannedAssignment.Identity: PlannedChange] = [:]
            for change in configurationPlan.changes where [.add, .update, .unchanged].contains(change.action) {
                if let after = change.after { wanted[after.identity(kind)] = change }
            }
            let entries = spec.assignments
            var index = 0
            while index < entries.count {
                let entry = entries[index]
                if let use = entry.origin?.use.location {
                    var run: [AssignmentSpec] = []
                    while index < entries.count, entries[index].origin?.use.location == use {
                        run.append(entries[index])
                        index += 1
                    }
                    let outcomes = run.map { outcome($0, wanted) }
                    if outcomes.allSatisfy({ if case .kept = $0 { true } else { false } }) { continue }
                    // The set no longer says what this configuration holds: its entries are written out here.
                    var expanded: [NewEntry] = []
                    for (member, outcome) in zip(run, outcomes) {
                        switch outcome {
                        case .kept:
                            var written = member
                            written.origin = nil
                            expanded.append(NewEntry(written))
                        case .changed(let replacement): expanded += replacement.map { [$0] } ?? []
                        case .dropped: break
                        }
                    }
                    edit.replacements.append(Replacement(item: use, entries: expanded))
                } else {
                    index += 1
                    guard let place = entry.mark.location else { continue }
                    switch outcome(entry, wanted) {
                    case .kept: break
                    case .changed(let replacement):
                        edit.replacements.append(Replacement(item: place, entries: replacement.map { [$0] } ?? []))
                    case .dropped: edit.replacements.append(Replacement(item: place, entries: []))
                    }
                }
            }
            for change in configurationPlan.changes where change.action == .remove {
                guard let found = change.before else { continue }
                if let entry = newEntry(found, written: nil) {
                    edit.appended.append(entry)
                    edit.written += 1
                }
            }
            edit.droppedDevices = configurationPlan.devicesToAdd
            edit.dropped += configurationPlan.devicesToAdd.count
            // The group the policy has now, as the manifests name it.
            if let group = configurationPlan.deviceGroup, group.changes {
                edit.deviceGroup =
                    group.before.id.map { id in
                        aliases.groups[id].map { NewDeviceGroup(group: .alias($0)) }
                            ?? NewDeviceGroup(group: .id(id), note: plan.groupNames[id])
                    } ?? NewDeviceGroup(group: nil)
                edit.changed += 1
            }
            // An Apple enrollment profile that another has replaced as its token's default.
            if configurationPlan.defaultProfile, !configurationPlan.wasDefault {
                edit.dropsDefault = true
                edit.dropped += 1
            }
            // A role assignment's access now, as the manifests name its groups.
            if let access = configurationPlan.roleAccess, access.changes {
                let form = { (id: GUID) in aliases.groups[id].map(ObjectReference.Form.alias) ?? .id(id) }
                let now = access.before
                edit.roleAccess = NewRoleAccess(
                    members: now.members.map(form), scope: now.scope.groups.map(form),
                    scopeWord: now.scope.manifestWord,
                    scopeTags: access.managesScopeTags ? now.scopeTags : nil)
                edit.changed += 1
            }
        }

        /// What the tenant holds of one written entry.
        mutating func outcome(_ entry: AssignmentSpec, _ wanted: [PlannedAssignment.Identity: PlannedChange])
            -> Outcome
        {
            guard let planned = PlanMaker.plannedAssignment(entry, kind: kind, state, resolution),
                let change = wanted[planned.identity(kind)]
            else { return .kept }
            switch change.action {
            case .update:
                edit.changed += 1
                return .changed(change.before.flatMap { newEntry($0, written: entry) })
            case .add:
                edit.dropped += 1
                return .dropped
            default:
                return .kept
            }
        }

        /// An entry for what the tenant holds, through the manifests' aliases (else by id); when it replaces a
        /// written entry, with that entry's target as written, and its filter and intent where they mean the same.
        /// `nil`, noted in `left`, when its group or filter no longer exists.
        mutating func newEntry(_ found: PlannedAssignment, written: AssignmentSpec?) -> NewEntry? {
            let groupName = found.target.namedGroup.flatMap { plan.groupNames[$0] }
            let filterKnown = found.filter.map { resolution.filters[$0.id] != nil } ?? true
            guard found.target.namedGroup == nil || groupName != nil, filterKnown,
                var spec = ManifestExport.spec(
                    found, kind: kind, groupAliases: aliases.groups, filterAliases: aliases.filters, byID: true)
            else {
                edit.left.append(
                    ManifestExport.describe(found.target, plan.groupNames)
                        + ", whose group or filter no longer exists: a plan still removes it")
                return nil
            }
            var note: String?
            if let written {
                spec.target = written.target
                let wantedNow = PlanMaker.plannedAssignment(written, kind: kind, state, resolution)
                if let filter = written.filter, wantedNow?.filter == found.filter { spec.filter = filter }
                if wantedNow?.intent == found.intent { spec.intent = written.intent }
            } else if let groupName, case .id? = spec.target.namedGroup?.form {
                note = groupName
            }
            return NewEntry(spec, note: note)
        }
    }
}
