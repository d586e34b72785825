import ArgumentParser
import Foundation
import GraphClient
import IntuneAssignCore
import ManifestYAML
import PlanRendering

/// How a plan is shown.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json
}

/// How an apply reports.
enum ApplyFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
