extension DesiredState {
    /// Checks the targets of configurations: aliases defined, no target twice, no group both included and
    /// excluded. Alias meanings are worked out once, not at every use.
    struct TargetChecker {
        /// The identity of a target: ids by value, display names case-insensitively (Entra matches
        /// `displayName eq` without regard to case).
        enum Object: Hashable {
            case none
            case id(GUID)
            case name(String)
            case collection(String)

            init(_ form: ObjectReference.Form) {
                switch form {
                case .id(let id): self = .id(id)
                case .name(let name): self = .name(name.lowercased())
                case .alias(let alias): self = .name("alias:" + alias)  // undefined: reported, compared as written
                }
            }
        }

        /// The identity of one assignment (DESIGN.md §3).
        struct Key: Hashable {
            let type: TargetType
            let object: Object
            let intent: String?
        }

        let groups: [String: Object]
        let groupAliases: [String]
        let filterAliases: [String: AliasDefinition]

        /// A checker that knows the state's aliases.
        init(state: DesiredState) {
            groups = state.groupAliases.mapValues { Object($0.meaning) }
            groupAliases = state.groupAliases.keys.sorted()
            filterAliases = state.filterAliases
        }

        /// The object a group reference means; an undefined alias is reported and compared as written.
        func object(_ reference: ObjectReference, into diagnostics: inout Diagnostics) -> Object {
            guard case .alias(let alias) = reference.form else { return Object(reference.form) }
            if let object = groups[alias] { return object }
            report(alias, at: reference.mark, known: groupAliases, section: "groups", into: &diagnostics)
            return Object(reference.form)
        }

        /// Reports an undefined alias, suggesting a defined one close to it.
        func report(
            _ alias: String, at mark: SourceMark, known: [String], section: String, into diagnostics: inout Diagnostics
        ) {
            var message = "'\(alias)' is not defined in `\(section):`"
            if let best = Suggestions.best(for: alias, among: known) {
                message += "; did you mean '\(best)'?"
            } else {
                message += "; define it there, or write an object id or { name: ... } instead"
            }
            diagnostics.error(message, at: mark.location)
        }

        /// Refuses Intune's virtual All users / All devices group ids as groups (field-notes §5): they are no Entra
        /// groups. An include is written `allUsers` / `allDevices`; an exclusion of them cannot be assigned.
        func refuseVirtual(
            _ object: Object, _ reference: ObjectReference, excluded: Bool, into diagnostics: inout Diagnostics
        ) {
            guard case .id(let id) = object, let virtual = VirtualGroup(id: id) else { return }
            let name = virtual == .allUsers ? "All users" : "All devices"
            diagnostics.error(
                excluded
                    ? "\(id) is Intune's virtual \(name) group, not a group: an exclusion of \(name) cannot be "
                        + "assigned; remove this entry"
                    : "\(id) is Intune's virtual \(name) group, not a group; write `\(virtual.manifestKey): {}` instead",
                at: reference.mark.location)
        }

        /// Checks one configuration's targets: no target twice, no group both included and excluded.
        func check(_ configuration: ConfigurationSpec, into diagnostics: inout Diagnostics) {
            let intentIsIdentity = configuration.kind.intent?.isIdentity ?? false
            let assignments = configuration.assignments
            var keys: [Key] = []
            keys.reserveCapacity(assignments.count)
            var includes = false
            var excludes = false
            // By index, reading fields in place: a copy of each whole assignment cost a tenth of assembling.
            for index in assignments.indices {
                let object: Object
                switch assignments[index].target {
                case .group(let reference):
                    includes = true
                    object = self.object(reference, into: &diagnostics)
                    refuseVirtual(object, reference, excluded: false, into: &diagnostics)
                case .exclusionGroup(let reference):
                    excludes = true
                    object = self.object(reference, into: &diagnostics)
                    refuseVirtual(object, reference, excluded: true, into: &diagnostics)
                case .collection(let id):
                    object = .collection(id.uppercased())
                case .allUsers, .allDevices:
                    object = .none
                }
                if case .alias(let alias)? = assignments[index].filter?.filter.form,
                    filterAliases.index(forKey: alias) == nil
                {
                    report(
                        alias, at: assignments[index].filter!.filter.mark, known: filterAliases.keys.sorted(),
                        section: "filters", into: &diagnostics)
                }
                keys.append(
                    Key(
                        type: assignments[index].target.type, object: object,
                        intent: intentIsIdentity ? assignments[index].intent : nil))
            }
            for (earlier, later) in duplicates(keys) {
                let first = assignments[earlier]
                let second = assignments[later]
                /// How an entry came to the configuration, for the message.
                func way(_ entry: AssignmentSpec) -> String {
                    entry.origin.map { "through set '\($0.set)' (used at \($0.use.place))" } ?? "directly"
                }
                if first.origin != nil || second.origin != nil {
                    var notes: [Diagnostic] = [.note("first assigned here", at: first.mark.location)]
                    for origin in [first.origin, second.origin].compactMap({ $0 }) {
                        notes.append(.note("set '\(origin.set)' used here", at: origin.use.location))
                    }
                    diagnostics.error(
                        "the same target is assigned twice in this configuration: \(way(first)) at "
                            + "\(first.mark.place) and \(way(second)); keep one of them",
                        at: second.mark.location, notes: notes)
                    continue
                }
                diagnostics.error(
                    "the same target is assigned twice in this configuration (first at \(first.mark.place)); "
                        + "keep one entry",
                    at: second.mark.location, notes: [.note("first assigned here", at: first.mark.location)])
            }
            guard includes, excludes else { return }
            // A group both included and excluded: compare the groups alone (no intent).
            let groupIndices = keys.indices.filter { keys[$0].type == .group || keys[$0].type == .exclusionGroup }
            var reported = Set<Object>()
            for (earlier, later) in duplicates(groupIndices.map { keys[$0].object }) {
                let a = assignments[groupIndices[earlier]]
                let b = assignments[groupIndices[later]]
                guard a.target.type != b.target.type, reported.insert(keys[groupIndices[later]].object).inserted else {
                    continue
                }
                diagnostics.error(
                    "this group is both included and excluded (the other entry is at \(a.targetMark.place)); "
                        + "Intune lets the exclusion win, so remove one of the two",
                    at: b.targetMark.location, notes: [.note("the other entry", at: a.targetMark.location)])
            }
        }
    }
}
