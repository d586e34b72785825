import Foundation
import IntuneAssignCore
import TestSupport
import Testing

@testable import ManifestYAML

/// Baseline and overlays (issue 28, item 2): what an overlay adds, overrides, skips and redefines, with libyaml
/// reading real text, and every conflict an error naming both places.
@Suite struct FleetOverlayTests {
    static let baseline = """
        version: 1
        groups:
          staff: { name: "${site} Staff" }
        assignmentSets:
          standard:
            - group: staff
        configurations:
          - kind: configurationPolicy
            name: Firewall
            assignments:
              - use: standard
          - kind: configurationPolicy
            name: BitLocker
            assignments:
              - allDevices:
          - kind: deviceCompliancePolicy
            name: "Compliance ${site}"
            assignments:
              - use: standard
        """

    static let overlay = """
        version: 1
        assignmentSets:
          standard:
            override: true
            assignments:
              - group: { name: Pilot }
        skip:
          - kind: configurationPolicy
            name: BitLocker
        configurations:
          - kind: configurationPolicy
            name: Firewall
            override: true
            assignments:
              - allUsers:
          - kind: deviceConfiguration
            name: Wi-Fi
            assignments:
              - use: standard
        """

    static func source(_ path: String, _ text: String) -> ManifestSource {
        ManifestSource(path: path, bytes: Array(text.utf8))
    }

    static func tenant(_ name: String, overlays: [String] = [], site: String = "Berlin") -> FleetTenant {
        FleetTenant(
            name: name, identity: .domain("\(name).example"), overlays: overlays, variables: [.init("site", site)])
    }

    /// Each diagnostic as `file:line:column: message`, notes as `  note file:line:column: message`.
    static func said(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.flatMap { diagnostic in
            ["\(diagnostic.location?.description ?? "-"): \(diagnostic.message)"]
                + diagnostic.notes.map { "  note \($0.location?.description ?? "-"): \($0.message)" }
        }
    }

    /// Each configuration of a state as `kind name: targets`.
    static func summary(_ state: DesiredState) -> [String] {
        state.configurations.map { configuration in
            let targets = configuration.assignments.map { assignment -> String in
                switch assignment.target {
                case .group(let reference): "\(state.resolve(reference))"
                case .allUsers: "allUsers"
                case .allDevices: "allDevices"
                default: "other"
                }
            }
            return "\(configuration.kind.name) \(configuration.reference): \(targets.joined(separator: ", "))"
        }
    }

    @Test func anOverlayAddsOverridesSkipsAndRedefinesForItsTenantOnly() throws {
        let loaded = FleetManifests.load(
            [Self.tenant("contoso", overlays: ["o"]), Self.tenant("fabrikam", site: "Oslo")],
            baseline: [Self.source("base.yaml", Self.baseline)], overlays: ["o": [Self.source("o.yaml", Self.overlay)]])
        #expect(Self.said(loaded.diagnostics) == [])
        #expect(
            Self.summary(loaded.tenants[0].result.state) == [
                "deviceCompliancePolicy name \"Compliance Berlin\": name(\"Pilot\")",
                "configurationPolicy name \"Firewall\": allUsers",
                "deviceConfiguration name \"Wi-Fi\": name(\"Pilot\")",
            ])
        #expect(
            Self.summary(loaded.tenants[1].result.state) == [
                "configurationPolicy name \"Firewall\": name(\"Oslo Staff\")",
                "configurationPolicy name \"BitLocker\": allDevices",
                "deviceCompliancePolicy name \"Compliance Oslo\": name(\"Oslo Staff\")",
            ])
        #expect(loaded.tenants[0].sources.map(\.path) == ["base.yaml", "o.yaml"])
    }

    @Test func theMergedManifestsWrittenOutAreASingleTenantRunOfTheSameState() throws {
        let loaded = FleetManifests.load(
            [Self.tenant("contoso", overlays: ["o"])], baseline: [Self.source("base.yaml", Self.baseline)],
            overlays: ["o": [Self.source("o.yaml", Self.overlay)]])
        let merged = loaded.tenants[0].result
        let written = merged.manifests.map { Self.source($0.file, ManifestWriter.yaml($0)) }
        let single = ManifestLoader.load(written)
        #expect(Self.said(single.diagnostics) == [])
        #expect(Self.summary(single.state) == Self.summary(merged.state))
    }

    @Test func anOverlayThatCollidesWithTheBaselineIsAnErrorNamingBothPlaces() {
        let overlay = """
            version: 1
            tenant: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01
            assignmentSets:
              standard:
                - allUsers:
              extra:
                override: true
                assignments: []
            skip:
              - kind: configurationPolicy
                name: Renamed
            configurations:
              - kind: configurationPolicy
                name: Firewall
                assignments: []
              - kind: configurationPolicy
                name: Gone
                override: true
                assignments: []
            """
        let tenant = FleetTenant(
            name: "contoso", identity: .id(GUID("11111111-2222-4333-8444-555555555555")!), overlays: ["o"],
            variables: [.init("site", "Berlin")], at: SourceLocation(file: "fleet.yaml", line: 3, column: 5))
        let loaded = FleetManifests.load(
            [tenant], baseline: [Self.source("base.yaml", Self.baseline)],
            overlays: ["o": [Self.source("o.yaml", overlay)]])
        #expect(
            Self.said(loaded.diagnostics) == [
                "o.yaml:2:9: this overlay names tenant 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01, but the fleet file gives "
                    + "tenant 'contoso' the id 11111111-2222-4333-8444-555555555555; correct one of them",
                "  note fleet.yaml:3:5: tenant 'contoso' is here",
                "o.yaml:4:3: set 'standard' is also defined in the baseline (at base.yaml:5:3); write it as "
                    + "`standard: {override: true, assignments: [...]}` to redefine it for tenant 'contoso'",
                "  note base.yaml:5:3: the baseline's set",
                "o.yaml:6:3: no baseline manifest defines set 'extra', so tenant 'contoso' has nothing to override; "
                    + "remove `override` to define it for this tenant only",
                "o.yaml:6:3: assignment set 'extra' is never used; use it with `- use: extra` or remove it",
                "o.yaml:10:5: no baseline manifest lists configurationPolicy with name \"Renamed\", so tenant "
                    + "'contoso' has nothing to skip or override here; name it as the baseline does, or remove this",
                "o.yaml:14:11: configurationPolicy with name \"Firewall\" is also in the baseline (at base.yaml:9:11); "
                    + "write `override: true` on this entry to replace the baseline's assignments for tenant "
                    + "'contoso', or list it under `skip:` to leave it out",
                "  note base.yaml:8:5: the baseline's entry",
                "o.yaml:17:11: no baseline manifest lists configurationPolicy with name \"Gone\", so tenant "
                    + "'contoso' has nothing to skip or override here; name it as the baseline does, or remove this",
            ])
        #expect(loaded.hasErrors)
    }

    @Test func overrideAndSkipBelongOnlyInAnOverlay() {
        let text = """
            version: 1
            tenant: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01
            assignmentSets:
              standard: { override: true, assignments: [] }
            skip:
              - { kind: configurationPolicy, name: BitLocker }
            configurations:
              - kind: configurationPolicy
                name: Firewall
                override: true
                assignments: []
            """
        // In a single-tenant run there is no baseline to change.
        let single = ManifestLoader.load([Self.source("m.yaml", text)])
        let advice = "it has meaning only in a tenant's overlay of a fleet (plan --fleet FILE); remove it here"
        #expect(
            Self.said(single.diagnostics) == [
                "m.yaml:4:3: `override: true` on set 'standard' replaces a baseline set for one tenant; \(advice)",
                "m.yaml:4:3: assignment set 'standard' is never used; use it with `- use: standard` or remove it",
                "m.yaml:6:5: `skip:` drops a baseline configuration for one tenant; \(advice)",
                "m.yaml:8:5: `override: true` replaces a baseline configuration for one tenant; \(advice)",
            ])
        // In a fleet's baseline, each says where it belongs, once, however many tenants get the baseline.
        let loaded = FleetManifests.load(
            [Self.tenant("contoso"), Self.tenant("fabrikam")], baseline: [Self.source("m.yaml", text)], overlays: [:])
        #expect(
            Self.said(loaded.diagnostics) == [
                "m.yaml:2:9: a baseline manifest names tenant 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01, but every tenant "
                    + "of the fleet gets it; remove `tenant:` here (the fleet file names each tenant)",
                "m.yaml:4:3: `override: true` in a baseline manifest has nothing to replace: it belongs on a tenant's "
                    + "overlay set",
                "m.yaml:4:3: assignment set 'standard' is never used; use it with `- use: standard` or remove it",
                "m.yaml:6:5: `skip:` in a baseline manifest drops nothing: it belongs in the overlay of the tenant "
                    + "that should not get the configuration",
                "m.yaml:8:5: `override: true` in a baseline manifest has nothing to replace: it belongs on a tenant's "
                    + "overlay entry",
            ])
    }

    @Test func aSkipOrASetWrittenWronglyIsAnErrorAtItsPlace() {
        let text = """
            version: 1
            assignmentSets:
              standard: { override: yes please }
            skip:
              - { kind: configurationPolicy }
              - { kind: nope, id: 1, name: x }
            """
        let loaded = ManifestLoader.load([Self.source("m.yaml", text)])
        #expect(
            Self.said(loaded.diagnostics).filter { !$0.contains("has meaning only") } == [
                "m.yaml:3:13: set 'standard' has no `assignments`; list the set's assignments under it",
                "m.yaml:3:25: `override` must be true or false, not the string 'yes please'",
                "m.yaml:5:5: missing `id` or `name` in this `skip:` entry; name the object by its id or exact display "
                    + "name",
                "m.yaml:6:13: unknown kind 'nope'; the kinds are listed in docs/kinds.md",
                "m.yaml:6:26: give `id` or `name`, not both (`id` is at line 6)",
            ])
    }
}
