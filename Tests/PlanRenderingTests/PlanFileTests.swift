import IntuneAssignCore
import PlanRendering
import Testing

/// The plan file read back: the same plan, or a clear refusal — never a request somewhere the plan does not say.
@Suite struct PlanFileTests {
    func encoded(_ plan: Plan) -> [UInt8] { Array(PlanFile.encode(plan).serialized(pretty: true).utf8) }

    @Test(arguments: PlanGoldenTests.examples.map(\.name))
    func aSavedPlanReadsBackAsTheSamePlan(_ name: String) async throws {
        let plan = try await PlanGoldenTests.plan(PlanGoldenTests.examples.first { $0.name == name }!.files)
        let read = try PlanFile.decode(encoded(plan))
        #expect(read == plan)
        #expect(PlanTextRenderer(color: false).render(read) == PlanTextRenderer(color: false).render(plan))
    }

    @Test func writtenPieceByPieceIsTheSameText() async throws {
        let plan = try await PlanGoldenTests.plan(PlanGoldenTests.examples[0].files)
        var pieces: [String] = []
        PlanFile.write(plan, to: { pieces.append($0) })
        #expect(pieces.count == plan.configurations.count + 11)
        #expect(pieces.joined() == PlanFile.encode(plan).serialized(pretty: true))
        var empty = plan
        empty.configurations = []
        var text = ""
        PlanFile.write(empty, to: { text += $0 })
        #expect(text == PlanFile.encode(empty).serialized(pretty: true))
    }

    func edited(_ plan: Plan, _ change: (inout [(key: String, value: JSONValue)]) -> Void) -> [UInt8] {
        guard case .object(var pairs) = PlanFile.encode(plan) else { return [] }
        change(&pairs)
        return Array(JSONValue.object(pairs).serialized().utf8)
    }

    func refusal(_ bytes: [UInt8]) -> String? {
        do {
            _ = try PlanFile.decode(bytes)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func otherVersionsAndForgedCallsAreRefused() async throws {
        let plan = try await PlanGoldenTests.plan(PlanGoldenTests.examples[0].files)
        #expect(refusal(Array("{}".utf8)) == "not a plan file: it has no `format_version`")
        #expect(refusal(Array("<html>".utf8)) == "not a plan file: it is not JSON")
        let future = edited(plan) { pairs in pairs[0].value = 2 }
        #expect(
            refusal(future)
                == "the plan has format version 2; this intune-assign reads version 1: make the plan again with this version"
        )

        // A call whose path leaves the configuration it belongs to.
        let forged = edited(plan) { pairs in
            let index = pairs.firstIndex { $0.key == "configurations" }!
            guard case .array(var configurations) = pairs[index].value,
                let changed = configurations.firstIndex(where: { $0["action"]?.stringValue == "update" }),
                case .object(var fields) = configurations[changed],
                let callsIndex = fields.firstIndex(where: { $0.key == "calls" }),
                case .array(var calls) = fields[callsIndex].value,
                case .object(var call) = calls[0]
            else { return }
            call[1].value = "/deviceManagement/deviceConfigurations/00000000-0000-4000-8000-000000000000/assign"
            calls[0] = .object(call)
            fields[callsIndex].value = .array(calls)
            configurations[changed] = .object(fields)
            pairs[index].value = .array(configurations)
        }
        let message = try #require(refusal(forged))
        #expect(
            message.hasPrefix(
                "configurations[1].calls[0]: POST /deviceManagement/deviceConfigurations/00000000-0000-4000-8000-000000000000/assign is not a call a plan for mobileApp"
            ))
    }

    /// The plan file with one configuration's fields changed: the first whose `action` is `action`.
    func editedConfiguration(
        _ plan: Plan, action: String, _ change: @escaping (inout [(key: String, value: JSONValue)]) -> Void
    ) -> [UInt8] {
        edited(plan) { pairs in
            let index = pairs.firstIndex { $0.key == "configurations" }!
            guard case .array(var configurations) = pairs[index].value,
                let chosen = configurations.firstIndex(where: { $0["action"]?.stringValue == action }),
                case .object(var fields) = configurations[chosen]
            else { return }
            change(&fields)
            configurations[chosen] = .object(fields)
            pairs[index].value = .array(configurations)
        }
    }

    /// Replaces a configuration's calls with one `assign` of `assignments` to itself.
    static func assignCall(_ fields: inout [(key: String, value: JSONValue)], _ assignments: [JSONValue]) {
        let kind = Kinds.named(fields.first { $0.key == "kind" }!.value.stringValue!)!
        let id = fields.first { $0.key == "id" }!.value.stringValue!
        let call: JSONValue = [
            "method": "POST", "path": .string("\(kind.collectionPath)/\(id)/assign"),
            "body": .object([(kind.assignBodyKey, .array(assignments))]),
        ]
        let index = fields.firstIndex { $0.key == "calls" }!
        fields[index].value = [call]
    }

    @Test func callsThatAreNotTheChangesOwnAreRefused() async throws {
        let plan = try await PlanGoldenTests.plan(PlanGoldenTests.examples[0].files)
        let message = "its calls are not the ones its changes call for, so the file was edited after planning"
        // A configuration with nothing to change, wiped by a call the reviewer never saw.
        let wiped = editedConfiguration(plan, action: "no-op") { Self.assignCall(&$0, []) }
        #expect(refusal(wiped)?.contains(message) == true, "\(refusal(wiped) ?? "accepted")")
        // A changed configuration broadened to All users and All devices behind its reviewed changes.
        let broadened = editedConfiguration(plan, action: "update") { fields in
            Self.assignCall(
                &fields,
                [
                    ["target": ["@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget"]],
                    ["target": ["@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"]],
                ])
        }
        #expect(refusal(broadened)?.contains(message) == true, "\(refusal(broadened) ?? "accepted")")
        // Calls left out: the summary would promise changes that are never made.
        let dropped = editedConfiguration(plan, action: "update") { fields in
            let index = fields.firstIndex { $0.key == "calls" }!
            fields[index].value = []
        }
        #expect(refusal(dropped)?.contains(message) == true)
    }

    @Test func aConfigurationListedTwiceIsRefused() async throws {
        let plan = try await PlanGoldenTests.plan(PlanGoldenTests.examples[0].files)
        let twice = edited(plan) { pairs in
            let index = pairs.firstIndex { $0.key == "configurations" }!
            guard case .array(let configurations) = pairs[index].value,
                let changed = configurations.first(where: { $0["action"]?.stringValue == "update" })
            else { return }
            pairs[index].value = .array(configurations + [changed])
        }
        let message = try #require(refusal(twice))
        #expect(message.contains("again (first at configurations["), "\(message)")
        #expect(message.contains("a plan lists each configuration once"))
    }
}
