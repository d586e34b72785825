/// Turns what a tenant holds into manifests that plan to "No changes" against it: one file per kind, group and
/// filter aliases in a shared file, configurations sorted by display name. Pure: the reads come in as data and the
/// YAML is written by `ManifestYAML`.
public enum ManifestExport {
    /// What was read from the tenant.
    public struct Input: Sendable {
        /// The tenant read.
        public var tenant: GUID
        /// Every configuration of each exported kind.
        public var listings: [Kind: [ListedConfiguration]]
        /// The assignments of each configuration.
        public var assignments: [ConfigurationKey: [JSONValue]]
        /// Display names of the groups assigned.
        public var groupNames: [GUID: String]
        /// How many groups carry each display name (lower-cased), for `byName`; names absent were not looked up.
        public var groupsPerName: [String: Int]
        /// Every assignment filter of the tenant.
        public var filters: [DirectoryObject]
        /// The enrollment-time device group of each policy whose template takes one.
        public var deviceGroups: [ConfigurationKey: DeviceGroup]
        /// The access each role assignment gives.
        public var roleAccess: [ConfigurationKey: RoleAccess] = [:]
        /// The serial numbers each Apple enrollment profile carries.
        public var devices: [ConfigurationKey: [DeviceID]] = [:]
        /// The Apple enrollment profiles that are their token's default.
        public var defaults: Set<ConfigurationKey> = []

        /// What was read, from its parts.
        public init(
            tenant: GUID, listings: [Kind: [ListedConfiguration]], assignments: [ConfigurationKey: [JSONValue]],
            groupNames: [GUID: String], groupsPerName: [String: Int] = [:], filters: [DirectoryObject],
            deviceGroups: [ConfigurationKey: DeviceGroup] = [:], roleAccess: [ConfigurationKey: RoleAccess] = [:],
            devices: [ConfigurationKey: [DeviceID]] = [:], defaults: Set<ConfigurationKey> = []
        ) {
            self.devices = devices
            self.defaults = defaults
            self.deviceGroups = deviceGroups
            self.roleAccess = roleAccess
            self.tenant = tenant
            self.listings = listings
            self.assignments = assignments
            self.groupNames = groupNames
            self.groupsPerName = groupsPerName
            self.filters = filters
        }
    }

    /// How to write the manifests.
    public struct Options: Sendable {
        /// Name groups, filters and configurations by display name where that name is unique.
        public var byName: Bool
        /// List configurations that have no assignment (with `assignments: []`).
        public var includeEmpty: Bool
        /// Write a set for every assignment list that `setThreshold` or more configurations share exactly.
        public var sets: Bool

        /// Options; by default by id, without empty configurations, without sets.
        public init(byName: Bool = false, includeEmpty: Bool = false, sets: Bool = false) {
            self.byName = byName
            self.includeEmpty = includeEmpty
            self.sets = sets
        }
    }

    /// One manifest file to write, with the comments YAML's emitter cannot carry.
    public struct File: Hashable, Sendable {
        /// The file name, such as `deviceConfiguration.yaml`.
        public var name: String
        /// The manifest it holds.
        public var manifest: Manifest
        /// Comment lines at the top of the file (without `#`).
        public var header: [String]
        /// Comment lines to put before each configuration, in the manifest's order.
        public var configurationNotes: [[String]]
        /// A comment for the line of each alias definition (`alias: id  # Display name`).
        public var aliasNotes: [String: String]

        /// A file from its parts.
        public init(
            name: String, manifest: Manifest, header: [String] = [], configurationNotes: [[String]] = [],
            aliasNotes: [String: String] = [:]
        ) {
            self.name = name
            self.manifest = manifest
            self.header = header
            self.configurationNotes = configurationNotes
            self.aliasNotes = aliasNotes
        }
    }

    /// The file holding the aliases (and the tenant).
    public static let aliasFile = "aliases.yaml"

    /// The manifest files for what was read, stamped with `exportedAt`: the aliases file, then one file per kind
    /// that has anything to list, in kind order.
    public static func files(_ input: Input, options: Options = Options(), exportedAt: String) -> [File] {
        let (aliasesFile, aliases) = aliasesFile(input, options: options, exportedAt: exportedAt)
        var files = [aliasesFile]
        for kind in input.listings.keys.sorted(by: { $0.name < $1.name }) {
            if let file = kindFile(kind, input, options: options, aliases: aliases, exportedAt: exportedAt) {
                files.append(file)
            }
        }
        if options.sets { sharing(&files, aliases: aliases) }
        return files
    }

    /// The aliases an export uses, by object id.
    struct Aliases {
        var groups: [GUID: String]
        var filters: [GUID: String]
    }

    /// The aliases file: an alias for every group and filter that an exported assignment uses, named after its
    /// display name. With `byName`, an alias stands for the name when exactly one object carries it (so that the
    /// file reads well and survives a group being recreated); otherwise for the id, with the name in a comment.
    static func aliasesFile(_ input: Input, options: Options, exportedAt: String) -> (File, Aliases) {
        var groupIDs = Set<GUID>()
        var filterIDs = Set<GUID>()
        for (key, values) in input.assignments {
            // Inherited assignments are not exported, so their groups and filters need no alias.
            let planned = values.compactMap { PlannedAssignment(graph: $0, kind: key.kind) }.filter {
                $0.policySet == nil
            }
            for assignment in planned {
                if let id = assignment.target.namedGroup, input.groupNames[id] != nil { groupIDs.insert(id) }
                if let filter = assignment.filter { filterIDs.insert(filter.id) }
            }
        }
        for group in input.deviceGroups.values {
            if let id = group.id, input.groupNames[id] != nil { groupIDs.insert(id) }
        }
        for access in input.roleAccess.values {
            for id in access.members + access.scope.groups where input.groupNames[id] != nil { groupIDs.insert(id) }
        }
        let filterNames = Dictionary(input.filters.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let filtersPerName = Dictionary(input.filters.map { ($0.displayName.lowercased(), 1) }, uniquingKeysWith: +)
        let aliases = Aliases(
            groups: aliases(for: groupIDs.map { ($0, input.groupNames[$0]!) }),
            filters: aliases(for: filterIDs.compactMap { id in filterNames[id].map { (id, $0) } }))

        /// An alias for the name where it is unique and `byName` asks for names, else for the id.
        func definition(_ alias: String, _ id: GUID, _ name: String, unique: Bool) -> AliasDefinition {
            AliasDefinition(name: alias, meaning: options.byName && unique && isShowable(name) ? .name(name) : .id(id))
        }
        var aliasNotes: [String: String] = [:]
        var groups: [AliasDefinition] = []
        var filters: [AliasDefinition] = []
        for (id, alias) in aliases.groups.sorted(by: { $0.value < $1.value }) {
            let name = input.groupNames[id]!
            let unique = input.groupsPerName[name.lowercased()] == 1
            groups.append(definition(alias, id, name, unique: unique))
            if case .id = groups.last!.meaning { aliasNotes[alias] = name }
        }
        for (id, alias) in aliases.filters.sorted(by: { $0.value < $1.value }) {
            let name = filterNames[id]!
            filters.append(definition(alias, id, name, unique: filtersPerName[name.lowercased()] == 1))
            if case .id = filters.last!.meaning { aliasNotes[alias] = name }
        }
        let file = File(
            name: aliasFile,
            manifest: Manifest(file: aliasFile, tenant: input.tenant, groups: groups, filters: filters),
            header: [
                "Exported by intune-assign from tenant \(input.tenant) at \(exportedAt).",
                "Aliases for the groups and assignment filters the other files use; each stands for one object.",
            ],
            configurationNotes: [], aliasNotes: aliasNotes)
        return (file, aliases)
    }

    /// The file of one kind: its configurations sorted by display name, each with its assignments and a comment
    /// for what is not listed; `nil` when the kind has nothing to list.
    static func kindFile(_ kind: Kind, _ input: Input, options: Options, aliases: Aliases, exportedAt: String) -> File?
    {
        let listed = input.listings[kind] ?? []
        let namesPerKind = Dictionary(listed.map { ($0.displayName, 1) }, uniquingKeysWith: +)
        var configurations: [ConfigurationSpec] = []
        var notes: [[String]] = []
        var header = ["Exported by intune-assign from tenant \(input.tenant) at \(exportedAt)."]
        // A default enrollment configuration cannot be listed (plan refuses it), so the header says it was left out.
        let defaults = listed.filter { $0.isUnassignableDefault(of: kind) }
        if !defaults.isEmpty {
            header.append(
                "Left out: \(defaults.count) default \(kind.name) (priority 0), which Intune applies to "
                    + "everyone and which take no assignments.")
        }
        let sorted = listed.filter { !$0.isUnassignableDefault(of: kind) }
            .sorted { ($0.displayName, $0.id.description) < ($1.displayName, $1.id.description) }
        for item in sorted {
            let key = ConfigurationKey(kind: kind, id: item.id)
            var (specs, lines) = entry(input.assignments[key] ?? [], kind: kind, aliases: aliases, input.groupNames)
            // A device group is written whenever one was read: `none` too, so that the manifest keeps it cleared.
            var deviceGroup: DeviceGroupSpec?
            if let group = input.deviceGroups[key] {
                if let id = group.id {
                    if let alias = aliases.groups[id] {
                        deviceGroup = .group(ObjectReference(.alias(alias)))
                    } else {
                        lines.append("Not listed: the device group \(id), which no longer exists.")
                    }
                } else {
                    deviceGroup = DeviceGroupSpec.none
                }
            }
            // A role assignment: its role, members, scope and scope tags instead of assignments.
            var roleAccess: RoleAccessSpec?
            if kind.isRoleAccess, let access = input.roleAccess[key] {
                roleAccess = roleAccessSpec(access, role: item.parent, aliases: aliases, lines: &lines)
            }
            // An Apple enrollment profile: the serial numbers it carries, and whether it is the default.
            let devices =
                kind.write.style == .serialNumbers ? input.devices[key].flatMap { $0.isEmpty ? nil : $0 } : nil
            let makeDefault = input.defaults.contains(key)
            guard
                !specs.isEmpty || options.includeEmpty || !lines.isEmpty || deviceGroup != nil || roleAccess != nil
                    || devices != nil || makeDefault
            else { continue }
            // By name only where the name is unique within the kind: plan refuses a name that two carry.
            let byName =
                options.byName && namesPerKind[item.displayName] == 1 && !item.displayName.isEmpty
                && isShowable(item.displayName)
            if !byName { lines.insert(item.displayName, at: 0) }
            specs.sort { order($0) < order($1) }
            var spec = ConfigurationSpec(
                kind: kind, reference: byName ? .name(item.displayName) : .id(item.id), assignments: specs)
            spec.deviceGroup = deviceGroup
            spec.roleAccess = roleAccess
            spec.devices = devices
            spec.makeDefault = makeDefault
            configurations.append(spec)
            notes.append(lines)
        }
        guard !configurations.isEmpty else { return nil }
        let name = "\(kind.name).yaml"
        return File(
            name: name, manifest: Manifest(file: name, configurations: configurations), header: header,
            configurationNotes: notes, aliasNotes: [:])
    }

    /// One configuration's assignments as manifest entries, and a comment line for each assignment that is not
    /// listed: one whose target type intune-assign does not model (kept as it is by plan), one inherited from a
    /// policy set, and one whose group or filter no longer exists (which plan will remove).
    static func entry(
        _ values: [JSONValue], kind: Kind, aliases: Aliases, _ groupNames: [GUID: String]
    ) -> (specs: [AssignmentSpec], notes: [String]) {
        var specs: [AssignmentSpec] = []
        var lines: [String] = []
        for value in values {
            guard let assignment = PlannedAssignment(graph: value, kind: kind) else {
                let type = UnmanagedAssignment(graph: value).targetType
                lines.append(
                    "Not listed: an assignment to a target of type \(type), which intune-assign keeps as it is.")
                continue
            }
            if let policySet = assignment.policySet {
                lines.append(
                    "Not listed: \(describe(assignment.target, groupNames)) comes from policy set "
                        + "\(policySet); change it there.")
                continue
            }
            guard let spec = spec(assignment, kind: kind, groupAliases: aliases.groups, filterAliases: aliases.filters)
            else {
                lines.append(
                    "Not listed: \(describe(assignment.target, groupNames)), whose group or filter "
                        + "no longer exists; plan will remove it.")
                continue
            }
            specs.append(spec)
        }
        return (specs, lines)
    }

    /// Whether a name can stand in a manifest as it is: one with a hidden character (a bidi override, a line
    /// separator) is written by id instead, with the name shown safely in a comment, so that a reviewer never
    /// reads a value other than the one Graph holds.
    static func isShowable(_ name: String) -> Bool { !name.unicodeScalars.contains(where: Printable.isHidden) }

    /// Alias names from display names: lower case, runs of anything but letters and digits as one `-`, made unique
    /// with `-2`, `-3`, … in order of name and id.
    static func aliases(for objects: [(GUID, String)]) -> [GUID: String] {
        var result: [GUID: String] = [:]
        var used = Set<String>()
        for (id, name) in objects.sorted(by: { ($0.1.lowercased(), $0.0) < ($1.1.lowercased(), $1.0) }) {
            var slug = ""
            for scalar in name.lowercased().unicodeScalars {
                if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    slug.unicodeScalars.append(scalar)
                } else if !slug.isEmpty, !slug.hasSuffix("-") {
                    slug += "-"
                }
            }
            while slug.hasSuffix("-") { slug.removeLast() }
            slug = String(slug.prefix(40))
            while slug.hasSuffix("-") { slug.removeLast() }
            if slug.isEmpty || slug.count == 36 { slug = "object-" + String(id.description.prefix(8)) }
            var candidate = slug
            var number = 2
            while used.contains(candidate) {
                candidate = "\(slug)-\(number)"
                number += 1
            }
            used.insert(candidate)
            result[id] = candidate
        }
        return result
    }

    /// An assignment as a manifest entry, through the aliases; `nil` when its group or filter has none (it no longer
    /// exists), unless `byID` names such a group or filter by its id.
    static func spec(
        _ assignment: PlannedAssignment, kind: Kind, groupAliases: [GUID: String], filterAliases: [GUID: String],
        byID: Bool = false
    )
        -> AssignmentSpec?
    {
        func reference(_ id: GUID, _ aliases: [GUID: String]) -> ObjectReference? {
            if let alias = aliases[id] { return ObjectReference(.alias(alias)) }
            return byID ? ObjectReference(.id(id)) : nil
        }
        let target: Target
        switch assignment.target {
        case .group(let id), .exclusionGroup(let id):
            guard let reference = reference(id, groupAliases) else { return nil }
            target = assignment.target.type == .group ? .group(reference) : .exclusionGroup(reference)
        case .allUsers: target = .allUsers
        case .allDevices: target = .allDevices
        case .collection(let id): target = .collection(id)
        }
        var filter: FilterReference?
        if let resolved = assignment.filter {
            guard let reference = reference(resolved.id, filterAliases) else { return nil }
            filter = FilterReference(mode: resolved.mode, filter: reference)
        }
        // An intent equal to the kind's default is left out, unless every assignment must state it.
        var intent = assignment.intent
        if let rule = kind.intent, !rule.required, intent == rule.defaultValue { intent = nil }
        var runRemediation: Bool?
        if case .bool(let flag)? = assignment.fields[AssignmentField.runRemediationScript.rawValue] {
            runRemediation = flag
        }
        return AssignmentSpec(
            target: target, filter: filter, intent: intent,
            settings: assignment.fields[AssignmentField.settings.rawValue],
            runRemediationScript: runRemediation,
            runSchedule: assignment.fields[AssignmentField.runSchedule.rawValue].flatMap(RunSchedule.init(graph:)))
    }

    /// Assignments in a stable order: target type, then the alias or collection, then intent.
    static func order(_ spec: AssignmentSpec) -> String {
        let object: String
        switch spec.target {
        case .group(let reference), .exclusionGroup(let reference): object = reference.alias ?? ""
        case .collection(let id): object = id
        default: object = ""
        }
        return "\(spec.target.type.rawValue)\u{0}\(object)\u{0}\(spec.intent ?? "")"
    }

    /// A target in a comment: `group "Finance" (id)`.
    static func describe(_ target: ResolvedTarget, _ names: [GUID: String]) -> String {
        target.words(quotedName: target.namedGroup.flatMap { names[$0] }.map { "\"\($0)\"" })
    }
}
