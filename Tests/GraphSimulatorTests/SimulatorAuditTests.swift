import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// The simulator's audit log: one event per write with its actor and resource, time filters honoured, other filters
/// refused; in-process and over loopback.
@Suite struct SimulatorAuditTests {
    @Test(arguments: Mode.allCases)
    func everyWriteIsAnEventWithItsActorAndOnlyTimeFiltersAreServed(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("deviceCompliancePolicy"))
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let id = Fixture.configurationID(0)
            let before = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
            let assign = try await harness.send(
                "POST", "\(kind.collectionPath)/\(id)/assign", [kind.assignBodyKey: [Fixture.assignment(kind)]],
                headers: ["x-simulator-actor": "admin1@contoso.example"])
            #expect((200..<300).contains(assign.status))
            let query = "activityDateTime ge \(before)".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let log = try await harness.send("GET", "/deviceManagement/auditEvents?$filter=\(query)")
            #expect(log.status == 200)
            guard case .array(let events)? = log.body?["value"] else {
                Issue.record("no events: \(String(describing: log.body))")
                return
            }
            #expect(events.count == 1)
            #expect(events.first?["activity"]?.stringValue == "Assign DeviceCompliancePolicy")
            #expect(events.first?["actor"]?["userPrincipalName"]?.stringValue == "admin1@contoso.example")
            guard case .array(let resources)? = events.first?["resources"] else { return }
            #expect(resources.first?["resourceId"]?.stringValue == id)
            // After the cut-off nothing; a category filter is refused, as nothing says Graph serves it.
            let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let none = try await harness.send(
                "GET",
                "/deviceManagement/auditEvents?$filter="
                    + "activityDateTime gt \(later)".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(none.body?["value"] == [])
            let category = try await harness.send(
                "GET",
                "/deviceManagement/auditEvents?$filter="
                    + "category eq 'Compliance'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(category.status == 400)
        }
    }
}
