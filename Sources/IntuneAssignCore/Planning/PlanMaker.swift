/// Turns manifests and what was read from the tenant into a plan, in three pure steps around the reads: what to
/// read first (`reads`), matching names and ids (`resolve`), and the plan itself (`build`). Every name that
/// resolves to nothing or to several objects is an error for the whole plan: `/assign` replaces the whole set, so a
/// target skipped would be a target deleted.
public enum PlanMaker {
    /// What must be read before names can be resolved.
    public struct Reads: Hashable, Sendable {
        /// Kinds whose configurations are listed (ids, display names, priorities).
        public var kinds: [Kind]
        /// Group display names to look up, as written.
        public var groupNames: [String]
    }

    /// The kinds to list and the group names to look up, in manifest order, each once.
    public static func reads(_ state: DesiredState) -> Reads {
        var kinds: [Kind] = []
        var seenKinds = Set<String>()
        var names: [String] = []
        var seenNames = Set<String>()
        for configuration in state.configurations {
            if seenKinds.insert(configuration.kind.name).inserted { kinds.append(configuration.kind) }
            for reference in configuration.groupReferences {
                guard case .name(let name) = state.resolve(reference) else { continue }
                if seenNames.insert(name.lowercased()).inserted { names.append(name) }
            }
        }
        return Reads(kinds: kinds, groupNames: names)
    }

    /// The tenant guard: the manifests' `tenant:` against the tenant the credentials signed in to.
    public static func checkTenant(_ state: DesiredState, signedIn: GUID) -> Diagnostic? {
        guard let wanted = state.tenant, wanted != signedIn else { return nil }
        return .error(
            "these manifests are for tenant \(wanted), but the credentials signed in to tenant \(signedIn); "
                + "sign in to the tenant the manifests name (AZURE_TENANT_ID), or fix `tenant:`",
            at: state.tenantMark.location)
    }

    /// The group id a reference means, through its alias or resolved name; `nil` if it did not resolve.
    static func groupID(_ reference: ObjectReference, _ state: DesiredState, _ resolution: Resolution) -> GUID? {
        switch state.resolve(reference) {
        case .id(let id): id
        case .name(let name): resolution.groupsByName[name.lowercased()]
        case .alias: nil
        }
    }

    /// Where a name is written: the alias definition for an alias (one error for every use), else the reference.
    static func nameLocation(_ reference: ObjectReference, state: DesiredState, filter: Bool) -> SourceLocation? {
        if let alias = reference.alias, let definition = (filter ? state.filterAliases : state.groupAliases)[alias] {
            return definition.mark.location
        }
        return reference.mark.location
    }

}
