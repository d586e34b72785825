import Foundation
import IntuneAssignCore
import ManifestYAML
import PlanRendering
import TestSupport
import Testing

/// The whole rendered text of diagnostics, as a user sees it in a terminal or a CI log.
@Suite struct DiagnosticRenderingTests {
    func render(_ files: [(String, String)], color: Bool = false) -> String {
        let result = ManifestLoader.load(files.map { ManifestSource(path: $0.0, bytes: Array($0.1.utf8)) })
        return DiagnosticRenderer(color: color).render(result.diagnostics)
    }

    @Test func errorWithSourceLineAndCaret() {
        let text = """
            version: 1
            configurations:
              - kind: mobileApp
                id: 4df81c9c-1c9c-4df8-9c1c-f84d9c1cf84d
                assignments:
                  - allUsers: { intent: requried }

            """
        #expect(
            render([("apps.yaml", text)]) == """
                apps.yaml:6:29: error: 'requried' is not an intent of mobileApp; did you mean 'required'?
                      - allUsers: { intent: requried }
                                            ^

                """)
    }

    @Test func duplicateNamesTheFirstPlaceInANote() {
        let a = "version: 1\ngroups:\n  pilot: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01\n"
        let b = "version: 1\ngroups:\n    pilot: { name: IT Pilot }\n"
        #expect(
            render([("a.yaml", a), ("b.yaml", b)]) == """
                b.yaml:3:5: error: group alias 'pilot' is defined twice (first at a.yaml:3:3); aliases are shared by all \
                manifests of a run, so keep one definition
                    pilot: { name: IT Pilot }
                    ^
                a.yaml:3:3: note: first defined here
                  pilot: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01
                  ^

                """)
    }

    @Test func caretKeepsTabsOfTheSourceLine() {
        let text =
            "version: 1\nconfigurations:\n  - kind: deviceConfiguration\n    id: x\t# tab before comment\n    assignments: []\n"
        let rendered = render([("t.yaml", text)])
        #expect(rendered.hasPrefix("t.yaml:4:9: error: the configuration `id` 'x' is not a GUID"))
        #expect(rendered.hasSuffix("    id: x\t# tab before comment\n        ^\n"))
    }

    @Test func colourOnlyWhenAsked() {
        let text = "version: 2\n"
        let plain = render([("v.yaml", text)])
        let coloured = render([("v.yaml", text)], color: true)
        #expect(!plain.contains("\u{1B}["))
        #expect(coloured.contains("\u{1B}[1;31merror: \u{1B}[0m"))
        #expect(coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) == plain)
    }

    @Test func errorAtTheEndOfTheFileShowsAnEmptyLine() {
        let rendered = render([("q.yaml", "version: 1\nname: \"open\n")])
        #expect(
            rendered == """
                q.yaml:3:1: error: YAML syntax: found unexpected end of stream (while scanning a quoted scalar that starts \
                at line 2, column 7)

                ^

                """)
    }
}
