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
