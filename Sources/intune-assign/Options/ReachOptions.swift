import ArgumentParser
import IntuneAssignOperations

/// `plan --reach [--max-reach N]`: how many users and devices each change reaches, and the limit above which
/// apply refuses. Apply takes `--max-reach` and `--allow-reach` of its own.
struct ReachOptions: ParsableArguments {
    @Flag(
        name: .customLong("reach"),
        help: ArgumentHelp(
            "Say how many users and devices each change reaches (needs GroupMember.Read.All, User.Read.All and "
                + "DeviceManagementManagedDevices.Read.All; without them the plan still completes, saying so)."))
    var reach = false

    @Option(
        name: .customLong("max-reach"),
        help: ArgumentHelp(
            "Mark a plan whose changes reach more than N users or devices, or whose reach is not known (implies "
                + "--reach); apply with the same limit refuses it unless --allow-reach is given.", valueName: "N"))
    var maxReach: Int?

    /// Refuses a negative limit.
    func validate() throws {
        if let maxReach, maxReach < 0 { throw ValidationError("--max-reach must be 0 or more") }
    }

    /// The request, when reach is asked for.
    var request: PlanOperation.ReachRequest? {
        reach || maxReach != nil ? PlanOperation.ReachRequest(limit: maxReach) : nil
    }
}
