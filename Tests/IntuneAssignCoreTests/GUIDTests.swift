import IntuneAssignCore
import Testing

@Suite struct GUIDTests {
    @Test func parsesEitherCaseAndPrintsLowerCase() throws {
        let lower = try #require(GUID("3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01"))
        let upper = try #require(GUID("3F1D2A64-9C1B-4C7E-8D2A-5B6F7E8D9A01"))
        #expect(lower == upper)
        #expect(upper.description == "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01")
        #expect(GUID("00000000-0000-0000-0000-000000000000") == .zero)
        #expect(GUID("ffffffff-ffff-ffff-ffff-ffffffffffff")?.description == "ffffffff-ffff-ffff-ffff-ffffffffffff")
    }

    @Test(arguments: [
        "", "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a0", "{3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01}",
        "3f1d2a649c1b4c7e8d2a5b6f7e8d9a01", "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a0g",
        "3f1d2a64-9c1b-4c7e-8d2a_5b6f7e8d9a01",
        "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01/assign", " 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01",
        "3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a0١",
    ])
    func rejectsAnythingButTheCanonicalForm(_ text: String) {
        #expect(GUID(text) == nil)
    }
}
