import Foundation

/// Manifests the CLI tests share.
enum TestManifests {
    /// A manifest with one error, written once for the colour tests.
    static let intentTypo: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("intent-typo-\(UUID().uuidString).yaml")
        let text = """
            version: 1
            configurations:
              - kind: mobileApp
                id: 4df81c9c-1c9c-4df8-9c1c-f84d9c1cf84d
                assignments:
                  - group: 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01
                    intent: requried

            """
        try? Data(text.utf8).write(to: url)
        return url.path
    }()
}
