public import IntuneAssignCore

/// `usage` for a person (text, or markdown for a comment) or a program (JSON): the reports on stdout, the groups
/// not found on stderr; planning with manifests shows its progress and problems as for `plan`.
public struct RenderedUsageView: UsageView, OutputView {
    /// How the reports are written.
    public enum Style: Sendable {
        /// For a person at a terminal.
        case text
        /// For a pull-request comment.
        case markdown
        /// Versioned JSON, for programs.
        case json
    }

    /// Where it writes.
    public let output: ViewOutput
    /// How.
    public let style: Style

    /// A view writing `style` to `output`.
    public init(_ output: ViewOutput, style: Style) {
        self.output = output
        self.style = style
    }

    /// The plan of the manifests is compared with, not shown.
    public func planned(_ plan: Plan) {}

    /// Writes the reports on stdout, and the groups not found on stderr.
    public func reported(_ reports: [UsageReport], unknown: [(label: String, why: UnknownGroup)]) {
        switch style {
        case .text: output.out(UsageRenderer.text(reports))
        case .markdown: output.out(UsageRenderer.markdown(reports))
        case .json: output.out(UsageRenderer.json(reports))
        }
        guard !unknown.isEmpty else { return }
        output.err("Unknown groups:\n" + unknown.map { "  \($0.label): \(Self.words($0.why))\n" }.joined())
    }

    /// Why a group asked about was not found, and what to do.
    public static func words(_ unknown: UnknownGroup) -> String {
        switch unknown {
        case .noSuchID(let id): "no group has the id \(id)"
        case .noSuchName(let name): "no group is named \(Printable.quoted(name))"
        case .severalNamed(let name, let ids):
            "\(ids.count) groups are named \(Printable.quoted(name)) ("
                + ids.map(\.description).joined(separator: ", ") + "); ask by id"
        case .aliasOfAlias(let alias): "alias '\(alias)' stands for another alias"
        }
    }
}
