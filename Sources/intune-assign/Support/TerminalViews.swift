import ArgumentParser
import Foundation
import IntuneAssignCore
import IntuneAssignOperations
import PlanRendering

extension ViewOutput {
    /// The terminal's hooks for a view: stdout and stderr, the progress line (on a terminal's stderr only),
    /// diagnostics at their source lines, and questions on a terminal's stdin.
    static func terminal(errorColor: Bool, manifests: LoadedManifests?) -> ViewOutput {
        let progress = ProgressLine(enabled: isatty(2) == 1)
        return ViewOutput(
            out: Terminal.out, err: Terminal.err, progress: progress.report, progressDone: { progress.finish() },
            problems: { diagnostics in
                ManifestFiles.report(manifests?.result.withSourceLines(diagnostics) ?? diagnostics, color: errorColor)
            },
            ask: isatty(0) == 1 ? ask : nil)
    }

    /// Asks on the terminal and reads one line.
    @Sendable static func ask(_ question: String) async -> String? {
        Terminal.out(question)
        return readLine()
    }
}

extension ApplyOperation.Outcome {
    /// Ends the command as the outcome says: a refusal is the command's error; otherwise the exit status.
    func exit() throws {
        switch self {
        case .refused(let refusal): throw CommandFailure(ApplyWords.refusal(refusal))
        case _ where exitStatus == 0: return
        default: throw ExitCode(exitStatus)
        }
    }
}

extension PlanOperation.Outcome {
    /// The plan, or the command's end: exit 1 after the problems the view showed, or Graph's error.
    func plan() throws -> Plan {
        switch self {
        case .planned(let plan): return plan
        case .problems: throw ExitCode.failure
        case .readFailed(let error): throw CommandFailure(ApplyWords.readFailed(error))
        }
    }
}

extension PlanFormat {
    /// The view that shows a plan in this format.
    func view(_ output: ViewOutput, color: Bool) -> any PlanView {
        switch self {
        case .text: HumanPlanView(output, markdown: false, color: color)
        case .markdown: HumanPlanView(output, markdown: true, color: color)
        case .json: JSONPlanView(output)
        }
    }
}
