import IntuneAssignCore
import ManifestYAML
import TestSupport
import Testing

/// Every fixture in Fixtures/malformed produces exactly the diagnostics its markers and `# expect:` lines call
/// for: the same messages at the same lines and columns, all of them, and nothing else.
@Suite struct MalformedManifestTests {
    static let fixtures = ManifestFixture.malformed()

    @Test func thereAreEnoughFixtures() {
        #expect(Self.fixtures.count >= 40)
    }

    @Test(arguments: fixtures)
    func reportsExactlyTheMarkedDiagnostics(_ fixture: ManifestFixture) {
        let result = ManifestLoader.load(fixture.sources)
        let actual = result.diagnostics.filter { $0.severity == .error }.map(\.headline)
        #expect(actual == fixture.expected, "\(fixture.name)")
        #expect(!fixture.expected.isEmpty, "a malformed fixture must expect at least one error")
        // Every diagnostic that points into a file carries the line it points at.
        for diagnostic in result.diagnostics where diagnostic.location != nil {
            #expect(diagnostic.sourceLine != nil, "\(diagnostic.headline) has no source line")
        }
    }
}
