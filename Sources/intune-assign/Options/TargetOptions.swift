import ArgumentParser
import IntuneAssignCore

/// `--target KIND/ID` (repeatable), for the commands that plan: each selection read once, into the core's type.
struct TargetOptions: ParsableArguments {
    @Option(
        name: .customLong("target"),
        help: ArgumentHelp(
            "Only this configuration of the manifests (KIND/ID, such as deviceConfiguration/3b8e1d6a-…); repeatable.",
            valueName: "KIND/ID"),
        transform: { text in
            // The core's message says what is wrong (the form, an unknown kind with a suggestion, an invalid id).
            switch TargetSelection.parse(text) {
            case .success(let selection): return selection
            case .failure(let error): throw ValidationError(error.description)
            }
        })
    var targets: [TargetSelection] = []
}
