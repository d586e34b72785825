import Foundation
import IntuneAssignCore
import TestSupport
import Testing

/// The registry against the team's table of assignable kinds (a copy of shared/graph/kinds.md kept in
/// Fixtures/, so that the test runs from a clean clone).
@Suite struct KindsTests {
    struct Row: CustomStringConvertible {
        let columns: [String]
        var name: String { columns[0] }
        var description: String { name }
    }

    static let rows: [Row] = {
        let url = Repository.url("Tests/IntuneAssignCoreTests/Fixtures/kinds.md")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| "), !line.hasPrefix("| kind"), !line.hasPrefix("|---") else { return nil }
            let columns = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            return Row(columns: Array(columns))
        }
    }()

    @Test func registryHasEveryRowInOrder() {
        #expect(Self.rows.count == 41)
        #expect(Kinds.all.map(\.name) == Self.rows.map(\.name))
        #expect(Set(Kinds.all.map(\.collectionPath)).count == Kinds.all.count, "no collection twice")
    }

    @Test(arguments: rows)
    func rowMatches(_ row: Row) throws {
        let kind = try #require(Kinds.named(row.name))
        let c = row.columns
        #expect(kind.collectionPath == c[1])
        #expect(kind.assignBodyKey == c[2])
        #expect(kind.assignmentODataType == c[3])
        #expect(kind.assignAnswer == (c[4] == "204" ? .noContent : .collection))
        #expect(c[4] == "204" || c[4] == "200 + collection")
        // The reference pages list a single create for most kinds; the registry uses it only where the field shows
        // it routed (field-notes §8), and every write style names its evidence.
        if kind.supportsSingleCreate { #expect(c[5] == "yes") }
        #expect(kind.write.evidence.contains("field-notes §8") || kind.write.evidence.contains("(DOC"))
        #expect(kind.inV1 == (c[6] == "yes"))
        #expect(kind.writePermission == c[7])
        #expect(kind.readPermission == c[7].replacingOccurrences(of: ".ReadWrite.All", with: ".Read.All"))

        let fields = c[8]
        if fields.lowercased().contains("intent") {
            let intent = try #require(kind.intent)
            #expect(intent.graphField == (fields.hasPrefix("installIntent") ? "installIntent" : "intent"))
            #expect(intent.isIdentity == fields.contains("part of identity"))
            #expect(intent.required == fields.contains("part of identity"))
            if fields.contains("(apply, remove) optional") {
                #expect(intent.values == ["apply", "remove"])
                #expect(intent.defaultValue == "apply")
            }
            if fields.contains("(required, available, uninstall, availableWithoutEnrollment)") {
                #expect(Set(intent.values) == ["required", "available", "uninstall", "availableWithoutEnrollment"])
            }
        } else {
            #expect(kind.intent == nil)
        }
        #expect(kind.accepts(.settings) == fields.contains("settings"))
        #expect(kind.accepts(.runRemediationScript) == fields.contains("runRemediationScript"))
        #expect(kind.accepts(.runSchedule) == fields.contains("runSchedule"))
        #expect(kind.defaultConfigurationsUnassignable == fields.contains("priority 0"))
        #expect(kind.takesDevices == fields.contains("deviceIds"))
        #expect(
            kind.groupTargetWrites
                == (fields.contains("group targets use POST .../assignments") ? .createAndDelete : .assignAction))
        let readOnly = ["lastModifiedDateTime", "createdDateTime"].filter { fields.contains("\($0) is read-only") }
        #expect(kind.readOnlyAssignmentFields == readOnly)
        // Every kind with assignments takes group targets; the narrowed families are documented in Kinds.swift. A
        // role assignment has none: it names groups as members and scope.
        #expect(kind.accepts(.group) == kind.takesAssignments)
        #expect(kind.targets.types == kind.targets.types.sorted())
    }

    @Test func idFormsFollowWhatIntuneHands() {
        // Enrollment configurations are `{guid}_Type` (e.g. `..._DefaultLimit`), role scope tags small numbers.
        #expect(Kinds.all.filter { $0.idForm == .guidWithSuffix }.map(\.name) == ["deviceEnrollmentConfiguration"])
        #expect(Kinds.all.filter { $0.idForm == .integer }.map(\.name) == ["roleScopeTag"])
        #expect(
            ConfigurationID("705B021C-021C-705B-1C02-5B701C025B70_DefaultLimit", form: .guidWithSuffix)?.description
                == "705b021c-021c-705b-1c02-5b701c025b70_DefaultLimit")
        #expect(ConfigurationID("705b021c-021c-705b-1c02-5b701c025b70_", form: .guidWithSuffix) == nil)
        #expect(ConfigurationID("705b021c-021c-705b-1c02-5b701c025b70_a/b", form: .guidWithSuffix) == nil)
        #expect(ConfigurationID("007", form: .integer)?.description == "7")
        #expect(ConfigurationID("-1", form: .integer) == nil)
        #expect(ConfigurationID("705b021c-021c-705b-1c02-5b701c025b70_DefaultLimit", form: .guid) == nil)
    }

    @Test func suggestionsForMisspeltKinds() {
        #expect(Kinds.suggestions(for: "DeviceConfiguration") == ["deviceConfiguration"])
        #expect(Kinds.suggestions(for: "mobileApps") == ["mobileApp"])
        #expect(Kinds.suggestions(for: "printerProfile").isEmpty)
    }

    @Test func targetODataTypesReadWithOrWithoutHash() {
        for type in TargetType.allCases {
            #expect(TargetType(odataType: type.odataType) == type)
            #expect(TargetType(odataType: String(type.odataType.dropFirst())) == type)
        }
        #expect(TargetType(odataType: "#microsoft.graph.scopeTagGroupAssignmentTarget") == nil)
    }

    @Test func aRunAsksForTheScopesOfItsOwnKindsOnly() throws {
        let app = try #require(Kinds.named("managedEBook"))
        let policy = try #require(Kinds.named("configurationPolicy"))
        let reads = SignInNeeds(kinds: [app, policy], writes: false, tenant: nil)
        let writes = SignInNeeds(kinds: [app, policy], writes: true, tenant: nil)
        #expect(reads.scopes.contains(app.readPermission))
        #expect(!reads.scopes.contains(app.writePermission))
        #expect(writes.scopes.contains(app.writePermission) && writes.scopes.contains(policy.writePermission))
        #expect(reads.scopes.contains(Permissions.directory))
        // A kind the run does not touch is not asked for.
        let tags = try #require(Kinds.named("deviceEnrollmentConfiguration"))
        #expect(![app.writePermission, policy.writePermission].contains(tags.writePermission))
        #expect(!writes.scopes.contains(tags.writePermission))
    }
}
