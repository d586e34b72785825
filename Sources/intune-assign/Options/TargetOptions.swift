import ArgumentParser
import IntuneAssignCore

/// `--target KIND/ID` (repeatable), for the commands that plan: each selection read once, into the core's type,
/// when the arguments are validated.
struct TargetOptions: ParsableArguments {
    @Option(
        name: .customLong("target"),
        help: ArgumentHelp(
            "Only this configuration of the manifests (KIND/ID, such as deviceConfiguration/3b8e1d6a-…); repeatable.",
            valueName: "KIND/ID"))
    var texts: [String] = []

    /// The selections, read in `validate`. Reading them there rather than in a `transform` keeps the core's own
    /// message as the whole error (`--target X: unknown kind …; did you mean …?`) instead of wrapping it in
    /// ArgumentParser's "The value … is invalid" sentence.
    private(set) var targets: [TargetSelection] = []

    /// Only `--target` is an argument; `targets` is derived from it.
    enum CodingKeys: CodingKey {
        case texts
    }

    /// Reads every selection; the first one that is not `KIND/ID` of a known kind and a valid id is the error.
    mutating func validate() throws {
        targets = try texts.map { text in
            switch TargetSelection.parse(text) {
            case .success(let selection): return selection
            case .failure(let error): throw ValidationError(error.description)
            }
        }
    }
}
