public import IntuneAssignCore

/// Writes a fleet file (`export --fleet`): the fleet's tenants, groups and waves as read, with the baseline and
/// each tenant's overlays replaced by the folders an export wrote. Variables are not written: an export writes each
/// tenant's own names.
public enum FleetWriter {
    /// The fleet file's text, after `header` comment lines.
    public static func text(
        _ fleet: Fleet, baseline: [String], overlays: [String: [String]], header: [String]
    ) -> String {
        func list(_ items: [String]) -> YAMLValue { .sequence(items.map { .string($0) }, flow: true) }
        let tenants = fleet.tenants.map { tenant -> YAMLValue in
            var entries: [(key: String, value: YAMLValue)] = [
                ("name", .string(tenant.name)), ("tenant", .string(tenant.identity.description)),
            ]
            if tenant.cloud != "global" { entries.append(("cloud", .string(tenant.cloud))) }
            if let paths = overlays[tenant.name], !paths.isEmpty { entries.append(("overlays", list(paths))) }
            if !tenant.tags.isEmpty { entries.append(("tags", list(tenant.tags))) }
            if let client = tenant.signInClientID {
                entries.append(("signIn", .mapping([("clientId", .string(client.description))], flow: true)))
            }
            return .mapping(entries, flow: false)
        }
        func selectors(_ selectors: [TenantSelector], into entries: inout [(key: String, value: YAMLValue)]) {
            let names = selectors.compactMap { if case .tenant(let name) = $0.target { name } else { nil } }
            let groups = selectors.compactMap { if case .group(let name) = $0.target { name } else { nil } }
            if !names.isEmpty { entries.append(("tenants", list(names))) }
            if !groups.isEmpty { entries.append(("groups", list(groups))) }
        }
        var root: [(key: String, value: YAMLValue)] = [
            ("version", .literal("1")), ("baseline", list(baseline)),
            ("tenants", .commented(.sequence(tenants, flow: false), YAMLComments(blankLineBefore: true))),
        ]
        if !fleet.groups.isEmpty {
            let groups = fleet.groups.map { group -> (key: String, value: YAMLValue) in
                var entries: [(key: String, value: YAMLValue)] = []
                selectors(group.tenants, into: &entries)
                if !group.tags.isEmpty { entries.append(("tags", list(group.tags))) }
                return (group.name, .mapping(entries, flow: true))
            }
            root.append(("groups", .commented(.mapping(groups, flow: false), YAMLComments(blankLineBefore: true))))
        }
        if !fleet.waves.isEmpty {
            let waves = fleet.waves.map { wave -> YAMLValue in
                var entries: [(key: String, value: YAMLValue)] = [("name", .string(wave.name))]
                selectors(wave.selectors, into: &entries)
                return .mapping(entries, flow: false)
            }
            root.append(("waves", .commented(.sequence(waves, flow: false), YAMLComments(blankLineBefore: true))))
        }
        return YAMLWriter.text(.mapping(root, flow: false), header: header)
    }
}
