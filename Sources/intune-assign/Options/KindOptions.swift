import ArgumentParser
import IntuneAssignCore

/// `--kind KIND` (repeatable), for the commands that read the whole tenant (`export`, `usage`).
struct KindOptions: ParsableArguments {
    @Option(
        name: .customLong("kind"),
        help: ArgumentHelp("Read only this kind; repeatable (default: every kind).", valueName: "KIND"))
    var names: [String] = []

    /// The kinds named.
    var kinds: [Kind] { names.compactMap(Kinds.named) }

    /// Refuses an unknown `--kind`, suggesting the likely one.
    func validate() throws {
        for name in names where Kinds.named(name) == nil {
            let hint = Kinds.suggestions(for: name).first.map { "; did you mean \($0)?" } ?? ""
            throw ValidationError("--kind \(name): unknown kind\(hint)")
        }
    }
}
