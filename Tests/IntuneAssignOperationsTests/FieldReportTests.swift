import IntuneAssignOperations
import Testing

/// The field report keeps a property name only when it cannot carry an id or a name.
@Suite struct FieldReportTests {
    @Test func namesThatCouldCarryAnIdOrANameAreLeftOut() {
        let safe = [
            "id", "@odata.type", "#microsoft.graph.groupAssignmentTarget", "deviceAndAppManagementAssignmentFilterId",
        ]
        for name in safe { #expect(FieldReport.safeName(name) == name) }
        for name in [
            "3f1d2a64", "a3f1d2a64-9c1b", "Finance Team", "x\u{1B}[31m", String(repeating: "a", count: 101), "",
        ] {
            #expect(FieldReport.safeName(name) == nil, "\(name)")
        }
    }
}
