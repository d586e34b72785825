import IntuneAssignCore
import Testing

/// Assembly: aliases shared across files and resolved; what the manifests mean once put together.
@Suite struct DesiredStateTests {
    let pilot = GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01")!
    let policy = GUID("705b021c-021c-705b-1c02-5b701c025b70")!

    @Test func aliasesFromAnotherFileResolve() throws {
        let aliases = Manifest(
            file: "aliases.yaml", groups: [AliasDefinition(name: "pilot", meaning: .id(pilot))],
            filters: [AliasDefinition(name: "corp", meaning: .name("Corporate"))])
        let kind = try #require(Kinds.named("deviceConfiguration"))
        let config = Manifest(
            file: "c.yaml",
            configurations: [
                ConfigurationSpec(
                    kind: kind, reference: .id(ConfigurationID(policy)),
                    assignments: [
                        AssignmentSpec(
                            target: .group(ObjectReference(.alias("pilot"))),
                            filter: FilterReference(mode: .include, filter: ObjectReference(.alias("corp"))))
                    ])
            ])
        let (state, diagnostics) = DesiredState.assemble([config, aliases])
        #expect(diagnostics.isEmpty)
        let assignment = try #require(state.configurations.first?.assignments.first)
        let group = try #require(assignment.target.namedGroup)
        let filter = try #require(assignment.filter)
        #expect(state.resolve(group) == .id(pilot))
        #expect(group.alias == "pilot")
        #expect(state.resolve(filter) == .name("Corporate"))
        // A filter alias is not a group alias: namespaces are separate.
        #expect(state.resolve(ObjectReference(.alias("corp"))) == .alias("corp"))
        #expect(state.assignmentCount == 1)
    }

    @Test func intentIsPartOfTheIdentityOnlyWhereTheKindSaysSo() throws {
        let app = try #require(Kinds.named("mobileApp"))
        let profile = try #require(Kinds.named("deviceConfiguration"))
        func manifest(_ kind: Kind, _ intents: [String]) -> Manifest {
            Manifest(
                file: "m.yaml",
                configurations: [
                    ConfigurationSpec(
                        kind: kind, reference: .id(ConfigurationID(policy)),
                        assignments: intents.map {
                            AssignmentSpec(target: .group(ObjectReference(.id(pilot))), intent: $0)
                        })
                ])
        }
        // DESIGN §3: where the intent is part of the identity, another intent is another assignment.
        #expect(DesiredState.assemble([manifest(app, ["required", "uninstall"])]).diagnostics.isEmpty)
        // For a device configuration, apply and remove for one group are the same target twice.
        #expect(
            DesiredState.assemble([manifest(profile, ["apply", "remove"])]).diagnostics.map(\.message)
                == [
                    "the same target is assigned twice in this configuration (first at another manifest); keep one entry"
                ])
    }

    @Test func sameNameWithAnotherKindIsAnotherConfiguration() throws {
        let a = try #require(Kinds.named("deviceConfiguration"))
        let b = try #require(Kinds.named("configurationPolicy"))
        let manifest = Manifest(
            file: "m.yaml",
            configurations: [
                ConfigurationSpec(kind: a, reference: .name("Baseline"), assignments: []),
                ConfigurationSpec(kind: b, reference: .name("Baseline"), assignments: []),
            ])
        #expect(DesiredState.assemble([manifest]).diagnostics.isEmpty)
    }
}
