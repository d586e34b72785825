import Foundation
import IntuneAssignCore
import TestSupport
import Testing

@testable import ManifestYAML

/// Fleet files (issue 28, item 1): read with libyaml, every problem at its place, nothing else needed.
@Suite struct FleetFileTests {
    static let contoso = "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"

    /// Loads `text` as `fleet.yaml`: the fleet, and each diagnostic as `line:column: message`.
    func load(_ text: String) -> (Fleet?, [String]) {
        let (fleet, diagnostics) = FleetLoader.load(ManifestSource(path: "fleet.yaml", bytes: Array(text.utf8)))
        return (fleet, diagnostics.map { "\($0.location!.line):\($0.location!.column): \($0.message)" })
    }

    @Test func aFleetReadsWithItsTenantsGroupsAndWaves() throws {
        let (fleet, diagnostics) = load(
            """
            version: 1
            baseline: [baseline]
            tenants:
              - name: contoso
                tenant: \(Self.contoso)
                overlays: [tenants/contoso]
                variables: { site: Berlin, team: Ops }
                tags: [eu, pilot]
              - name: fabrikam
                tenant: fabrikam.onmicrosoft.com
                cloud: usgov
                tags: [us]
                signIn: { clientId: 11111111-2222-4333-8444-555555555555 }
            groups:
              eu: { tags: [eu] }
              first: { tenants: [contoso] }
            waves:
              - name: canary
                groups: [first]
              - name: all
                tenants: [fabrikam]
                groups: [eu]
            """)
        #expect(diagnostics.isEmpty)
        let read = try #require(fleet)
        #expect(read.baseline == ["baseline"])
        #expect(read.tenants.map(\.name) == ["contoso", "fabrikam"])
        #expect(read.tenants[0].identity == .id(GUID(Self.contoso)!))
        #expect(read.tenants[0].variables.map(\.name) == ["site", "team"])
        #expect(read.tenants[1].identity == .domain("fabrikam.onmicrosoft.com"))
        #expect(read.tenants[1].cloud == "usgov")
        #expect(read.tenants[1].signInClientID != nil)
        #expect(read.select(read.waves[0].selectors).map(\.name) == ["contoso"])
        #expect(read.select(read.waves[1].selectors).map(\.name) == ["contoso", "fabrikam"])
        #expect(read.tenants[1].mark.location == SourceLocation(file: "fleet.yaml", line: 9, column: 5))
    }

    @Test func everyProblemIsSaidAtItsPlace() {
        let (fleet, diagnostics) = load(
            """
            version: 1
            tenants:
              - name: contoso
                tenant: \(Self.contoso)
              - name: contoso
                tenant: other.example
              - name: again
                tenant: \(Self.contoso.uppercased())
              - name: bad
                tenant: not a domain
                cloud: mars
            groups:
              eu: { tenants: [contosso] }
            waves:
              - name: canary
                tenants: [nobody]
              - name: empty
                groups: [eu]
              - name: canary
                groups: [missing]
            """)
        #expect(fleet == nil)
        #expect(
            diagnostics == [
                "3:5: tenant 'contoso' is in none of the waves, so `apply --wave` never applies to it; add it to a wave",
                "5:5: tenant 'contoso' is listed twice (first at fleet.yaml:3:5); give each tenant one entry",
                "7:5: 'again' is the same tenant as 'contoso' (at fleet.yaml:3:5); a tenant is listed once, with its "
                    + "overlays",
                "7:5: tenant 'again' is in none of the waves, so `apply --wave` never applies to it; add it to a wave",
                // A tenant with a wrong field stays in the fleet for the checks of groups and waves that name it.
                "9:5: tenant 'bad' is in none of the waves, so `apply --wave` never applies to it; add it to a wave",
                "10:13: 'not a domain' is neither a tenant id (a GUID) nor a domain such as contoso.onmicrosoft.com",
                "11:12: `cloud` is one of: global, usgov, usgov-dod, china",
                "13:19: no tenant 'contosso' in this fleet; did you mean 'contoso'?",
                "16:15: no tenant 'nobody' in this fleet; the tenants are: again, bad, contoso",
                "17:5: wave 'empty' selects no tenant; name tenants, or groups that hold some",
                "19:5: wave 'canary' is given twice (first at fleet.yaml:15:5); name each wave once",
                "20:14: no group '@missing' in this fleet; the groups are: @eu",
            ])
    }

    @Test func aNewerVersionOrAMissingSectionStopsFirst() {
        #expect(
            load("version: 2\ntenants: []\n").1 == [
                "1:10: fleet version 2 is not supported; this intune-assign reads version 1"
            ])
        #expect(load("version: 1\n").1.first?.contains("missing `tenants`") == true)
        #expect(load("").1.first?.contains("the fleet file is empty") == true)
        #expect(
            load("version: 1\ntenants:\n  - name: x\n    tenant: a.example\n    colud: global\n").1.first?.contains(
                "did you mean 'cloud'") == true)
    }
}

/// schemas/fleet.schema.json is the generated one, with the decoder's keys.
@Suite struct FleetSchemaTests {
    static let committedURL = Repository.url("schemas/fleet.schema.json")

    @Test func committedSchemaIsTheGeneratedOneWithTheDecodersKeys() throws {
        let committed = try String(contentsOf: Self.committedURL, encoding: .utf8)
        #expect(
            committed == FleetSchema.text,
            "regenerate with: swift run intune-assign schema --fleet > schemas/fleet.schema.json")
        let schema = try JSONValue.parse(Array(committed.utf8))
        /// The property names of an object schema at `path`.
        func keys(_ path: String...) -> [String] {
            var node: JSONValue? = schema
            for key in path { node = node?[key] }
            guard case .object(let pairs)? = node?["properties"] else { return [] }
            return pairs.map(\.key)
        }
        #expect(keys() == FleetKeys.topLevel.names)
        #expect(keys("$defs", "tenant") == FleetKeys.tenant.names)
        #expect(keys("$defs", "group") == FleetKeys.group.names)
        #expect(keys("$defs", "wave") == FleetKeys.wave.names)
    }
}

/// `${name}` in the names of a tenant's manifests, on manifests read with libyaml.
@Suite struct FleetVariableTests {
    static let text = """
        version: 1
        groups:
          staff: { name: "${site} Staff" }
        filters:
          corp: { name: "Corporate ${site}" }
        configurations:
          - kind: configurationPolicy
            name: "Baseline ${site}"
            assignments:
              - group: staff
                filter: { include: corp }
              - exclude: { name: "${site} ${team}" }
            deviceGroup: { name: "Autopilot ${site}" }
          - kind: roleAssignment
            name: "Help desk ${site}"
            roleDefinition: "Help Desk ${site}"
            members: [ { name: "${site} Helpdesk" } ]
            scope: [ staff, { name: "${site} Devices" } ]
        """

    func manifest() throws -> Manifest {
        let loaded = ManifestLoader.load([ManifestSource(path: "m.yaml", bytes: Array(Self.text.utf8))])
        #expect(!loaded.hasErrors)
        return try #require(loaded.manifests.first)
    }

    @Test func aTenantsValuesReplaceItsVariablesInNamesOnly() throws {
        let variables = Variables(tenant: "contoso", values: [.init("site", "Berlin"), .init("team", "Ops")])
        let (manifest, diagnostics) = variables.substitute(try manifest())
        #expect(diagnostics.isEmpty)
        #expect(manifest.groups.first?.meaning == .name("Berlin Staff"))
        #expect(manifest.filters.first?.meaning == .name("Corporate Berlin"))
        #expect(manifest.configurations.first?.reference == .name("Baseline Berlin"))
        #expect(manifest.configurations.first?.assignments.last?.target == .exclusionGroup(.init(.name("Berlin Ops"))))
        #expect(manifest.configurations.first?.deviceGroup == .group(.init(.name("Autopilot Berlin"))))
        let access = try #require(manifest.configurations.last?.roleAccess)
        #expect(manifest.configurations.last?.reference == .name("Help desk Berlin"))
        #expect(access.roleDefinition == .name("Help Desk Berlin"))
        #expect(access.members == [.init(.name("Berlin Helpdesk"))])
        #expect(access.scope == .groups([.init(.alias("staff")), .init(.name("Berlin Devices"))]))
        // The alias itself is a name of the manifest's own, not a variable's place.
        #expect(manifest.configurations.first?.assignments.first?.target == .group(.init(.alias("staff"))))
        // The whole tenant then assembles as any single-tenant run does.
        #expect(!DesiredState.assemble([manifest]).diagnostics.contains { $0.severity == .error })
    }

    @Test func aVariableTheTenantLacksIsAnErrorAtTheNameThatUsesIt() throws {
        let variables = Variables(tenant: "fabrikam", values: [.init("site", "Oslo")])
        let (manifest, diagnostics) = variables.substitute(try manifest())
        #expect(
            diagnostics.map { "\($0.location!.line):\($0.location!.column): \($0.message)" } == [
                "12:18: tenant 'fabrikam' defines no variable 'team'; add it under the tenant's `variables:` in the "
                    + "fleet file (it defines: site)"
            ])
        #expect(
            manifest.configurations.first?.assignments.last?.target == .exclusionGroup(.init(.name("Oslo ${team}"))))
        var unclosed = try self.manifest()
        unclosed.configurations[0].reference = .name("a ${site")
        let (kept, said) = variables.substitute(unclosed)
        #expect(kept.configurations[0].reference == .name("a ${site"))
        #expect(said.first?.message == "'${' opens a variable that no '}' closes in 'a ${site'; write ${name}")
    }
}
