import IntuneAssignCore
import ManifestYAML
import Testing

/// Every kind refuses, when the manifest is read and so before anything is sent, each target type it does not take
/// and a filter where its targets carry none, with the place and the reason.
@Suite struct KindTargetRefusalTests {
    /// A manifest of one configuration of `kind` with one assignment written as `entry`.
    func load(_ kind: Kind, _ entry: String) -> [Diagnostic] {
        let id: String =
            switch kind.idForm {
            case .integer: "3"
            case .guidWithSuffix: "3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93_Windows10EnrollmentCompletionPageConfiguration"
            case .guid: "3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93"
            case .nested: "3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93/3b8e1d6a"
            }
        var text = "version: 1\nconfigurations:\n  - kind: \(kind.name)\n    id: \"\(id)\"\n    assignments:\n"
        text += "      - \(entry)\n"
        if let rule = kind.intent, rule.required { text += "        intent: \(rule.values[0])\n" }
        return ManifestLoader.load([ManifestSource(path: "m.yaml", bytes: Array(text.utf8))]).diagnostics.filter {
            $0.severity == .error
        }
    }

    @Test(arguments: Kinds.all.filter(\.takesAssignments))
    func refusedTargetsAreErrorsBeforeAnythingIsSent(_ kind: Kind) {
        for type in TargetType.allCases where !kind.accepts(type) {
            let entry: String =
                switch type {
                case .group: "group: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"
                case .exclusionGroup: "exclude: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"
                case .allUsers: "allUsers: {}"
                case .allDevices: "allDevices: {}"
                case .configurationManagerCollection: "collection: SMS00001"
                }
            let errors = load(kind, entry)
            #expect(errors.count == 1, "\(kind.name) took \(type.manifestKey): \(errors.map(\.message))")
            #expect(errors.first?.location?.line == 6, "\(kind.name), \(type.manifestKey)")
        }
        if !kind.targets.filters,
            let accepted = TargetType.allCases.first(where: { kind.accepts($0) && $0 != .exclusionGroup })
        {
            let target =
                accepted == .group ? "group: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01" : "\(accepted.manifestKey): {}"
            let errors = load(kind, "\(target)\n        filter: { include: 2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9 }")
            #expect(errors.first?.message.contains("take no assignment filter") == true, "\(kind.name): \(errors)")
        }
    }
}
