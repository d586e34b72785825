/// One tenant's manifests in a fleet (issue 28, item 2): the baseline, with the tenant's variables in its names, and
/// the tenant's overlays merged over it. What comes out is an ordinary run of manifests: planning it is planning a
/// single tenant, which is what makes a fleet's plan of a tenant equal to that tenant's own plan.
///
/// An overlay may
/// - add configurations and sets;
/// - replace a baseline configuration's entry (`override: true` on its own entry for it);
/// - replace a baseline set (`name: {override: true, assignments: [...]}`);
/// - drop a baseline configuration (`skip:`).
///
/// Nothing is replaced silently: the same configuration or set in both without `override` is an error naming both
/// places, and so is an `override` or a `skip` that finds nothing in the baseline (a baseline entry renamed since).
public enum OverlayMerge {
    /// The tenant's manifests: the baseline's, less what the overlays skip or override, then the overlays', with the
    /// tenant's variables in every name; and every problem found, at its place.
    public static func manifests(
        for tenant: FleetTenant, baseline: [Manifest], overlays: [Manifest]
    ) -> (manifests: [Manifest], diagnostics: [Diagnostic]) {
        let variables = Variables(tenant: tenant.name, values: tenant.variables)
        var diagnostics: [Diagnostic] = []
        let substitute = { (manifest: Manifest) -> Manifest in
            let (result, found) = variables.substitute(manifest)
            diagnostics += found
            return result
        }
        var merge = Merge(tenant: tenant, baseline: baseline.map(substitute))
        let merged = merge.apply(overlays.map(substitute))
        return (merged, diagnostics + merge.diagnostics.all)
    }

    /// A configuration as both sides name it.
    struct Key: Hashable {
        let kind: Kind
        let reference: ConfigurationReference
    }

    /// The state of one merge: the baseline indexed, and what the overlays took out of it.
    struct Merge {
        let tenant: FleetTenant
        var baseline: [Manifest]
        var diagnostics = Diagnostics()
        /// Each baseline configuration by key: its manifest and its place in it (the first, if listed twice).
        var configurations: [Key: (manifest: Int, entry: Int)] = [:]
        /// Each baseline set by name.
        var sets: [String: (manifest: Int, entry: Int)] = [:]
        /// Baseline configurations taken out, and the overlay entry that did it (a skip or an override).
        var removed: [Key: SourceMark] = [:]
        var removedSets = Set<String>()

        init(tenant: FleetTenant, baseline: [Manifest]) {
            self.tenant = tenant
            self.baseline = baseline
            for (m, manifest) in baseline.enumerated() {
                for (e, entry) in manifest.configurations.enumerated() {
                    let key = Key(kind: entry.kind, reference: entry.reference)
                    if configurations[key] == nil { configurations[key] = (m, e) }
                }
                for (e, set) in manifest.assignmentSets.enumerated() where sets[set.name] == nil {
                    sets[set.name] = (m, e)
                }
            }
        }

        /// The merged manifests: the baseline's with what was taken out left out, then the overlays' as ordinary
        /// manifests (no `override`, no `skip`).
        mutating func apply(_ overlays: [Manifest]) -> [Manifest] {
            checkBaseline()
            var merged: [Manifest] = []
            for var overlay in overlays {
                checkTenant(overlay)
                for skip in overlay.skips { take(Key(kind: skip.kind, reference: skip.reference), by: skip.mark) }
                overlay.skips = []
                // An entry in conflict with the baseline is reported here and left out, so that assembling does not
                // report it again as listed twice.
                overlay.configurations = overlay.configurations.compactMap { configuration($0) }
                overlay.assignmentSets = overlay.assignmentSets.compactMap { set($0) }
                merged.append(overlay)
            }
            var result: [Manifest] = []
            for var manifest in baseline {
                if !removed.isEmpty {
                    manifest.configurations.removeAll { removed[Key(kind: $0.kind, reference: $0.reference)] != nil }
                }
                if !removedSets.isEmpty { manifest.assignmentSets.removeAll { removedSets.contains($0.name) } }
                result.append(manifest)
            }
            return result + merged
        }

        /// `override:`, `skip:` and `tenant:` have no place in the baseline: each is reported once and taken out.
        mutating func checkBaseline() {
            for index in baseline.indices {
                for skip in baseline[index].skips {
                    diagnostics.error(
                        "`skip:` in a baseline manifest drops nothing: it belongs in the overlay of the tenant that "
                            + "should not get the configuration", at: skip.mark.location)
                }
                baseline[index].skips = []
                for entry in baseline[index].configurations.indices
                where baseline[index].configurations[entry].overrides {
                    diagnostics.error(
                        "`override: true` in a baseline manifest has nothing to replace: it belongs on a tenant's "
                            + "overlay entry", at: baseline[index].configurations[entry].mark.location)
                    baseline[index].configurations[entry].overrides = false
                }
                for entry in baseline[index].assignmentSets.indices
                where baseline[index].assignmentSets[entry].overrides {
                    diagnostics.error(
                        "`override: true` in a baseline manifest has nothing to replace: it belongs on a tenant's "
                            + "overlay set", at: baseline[index].assignmentSets[entry].mark.location)
                    baseline[index].assignmentSets[entry].overrides = false
                }
                if let named = baseline[index].tenant {
                    diagnostics.error(
                        "a baseline manifest names tenant \(named), but every tenant of the fleet gets it; remove "
                            + "`tenant:` here (the fleet file names each tenant)",
                        at: baseline[index].tenantMark.location)
                    baseline[index].tenant = nil
                }
            }
        }

        /// An overlay's `tenant:` must be its tenant's id, when the fleet names the tenant by id.
        mutating func checkTenant(_ overlay: Manifest) {
            guard let named = overlay.tenant, case .id(let id) = tenant.identity, named != id else { return }
            diagnostics.error(
                "this overlay names tenant \(named), but the fleet file gives tenant '\(tenant.name)' the id \(id); "
                    + "correct one of them", at: overlay.tenantMark.location,
                notes: [.note("tenant '\(tenant.name)' is here", at: tenant.mark.location)])
        }

        /// Takes a baseline configuration out for this tenant (a skip, or an override); an entry that names
        /// nothing in the baseline, or a configuration taken out twice, is an error.
        mutating func take(_ key: Key, by mark: SourceMark) {
            if let first = removed[key] {
                diagnostics.error(
                    "\(key.kind.name) with \(key.reference) is already skipped or overridden for tenant "
                        + "'\(tenant.name)' at \(first.place); keep one of the two", at: mark.location,
                    notes: [.note("first here", at: first.location)])
                return
            }
            guard configurations[key] != nil else {
                diagnostics.error(
                    "no baseline manifest lists \(key.kind.name) with \(key.reference), so tenant '\(tenant.name)' has "
                        + "nothing to skip or override here; name it as the baseline does, or remove this",
                    at: mark.location)
                return
            }
            removed[key] = mark
        }

        /// An overlay configuration: one the baseline also lists must say `override: true` (`nil`: it does not).
        mutating func configuration(_ entry: ConfigurationSpec) -> ConfigurationSpec? {
            var entry = entry
            let key = Key(kind: entry.kind, reference: entry.reference)
            if entry.overrides {
                take(key, by: entry.referenceMark)
                entry.overrides = false
            } else if let place = configurations[key] {
                let base = baseline[place.manifest].configurations[place.entry]
                diagnostics.error(
                    "\(key.kind.name) with \(key.reference) is also in the baseline (at \(base.referenceMark.place)); "
                        + "write `override: true` on this entry to replace the baseline's assignments for tenant "
                        + "'\(tenant.name)', or list it under `skip:` to leave it out",
                    at: entry.referenceMark.location, notes: [.note("the baseline's entry", at: base.mark.location)])
                return nil
            }
            return entry
        }

        /// An overlay set: one the baseline also defines must say `override: true` (`nil`: it does not).
        mutating func set(_ definition: AssignmentSetDefinition) -> AssignmentSetDefinition? {
            var definition = definition
            let place = sets[definition.name]
            if definition.overrides {
                definition.overrides = false
                guard place != nil else {
                    diagnostics.error(
                        "no baseline manifest defines set '\(definition.name)', so tenant '\(tenant.name)' has nothing "
                            + "to override; remove `override` to define it for this tenant only",
                        at: definition.mark.location)
                    return definition
                }
                removedSets.insert(definition.name)
            } else if let place {
                let base = baseline[place.manifest].assignmentSets[place.entry]
                diagnostics.error(
                    "set '\(definition.name)' is also defined in the baseline (at \(base.mark.place)); write it as "
                        + "`\(definition.name): {override: true, assignments: [...]}` to redefine it for tenant "
                        + "'\(tenant.name)'", at: definition.mark.location,
                    notes: [.note("the baseline's set", at: base.mark.location)])
                return nil
            }
            return definition
        }
    }
}
