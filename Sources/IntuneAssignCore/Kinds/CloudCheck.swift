/// Which kinds a cloud's Graph serves (Windows 365 only in the global and US Gov L4 clouds): one check, for the
/// manifests' configurations and for kinds named on the command line alike, before any request.
public enum CloudCheck {
    /// Why the cloud's Graph cannot serve `kind`, or `nil` when it does.
    public static func problem(_ kind: Kind, in cloud: String) -> String? {
        guard !kind.isAvailable(in: cloud) else { return nil }
        return "\(kind.name) is not served by Microsoft Graph in the \(cloud) cloud (only in: "
            + (kind.clouds ?? []).joined(separator: ", ") + ")"
    }

    /// An error at each configuration whose kind the cloud's Graph does not serve.
    public static func problems(_ state: DesiredState, cloud: String) -> [Diagnostic] {
        state.configurations.compactMap { configuration in
            problem(configuration.kind, in: cloud).map {
                .error($0 + "; remove it from these manifests", at: configuration.mark.location)
            }
        }
    }

    /// The kinds to read: those named (every kind when none is), if the cloud serves them all; otherwise why not.
    public static func kinds(_ named: [Kind], cloud: String) -> Result<[Kind], CloudProblem> {
        if let problem = named.lazy.compactMap({ problem($0, in: cloud) }).first {
            return .failure(CloudProblem(problem))
        }
        return .success((named.isEmpty ? Kinds.all : named).filter { $0.isAvailable(in: cloud) })
    }
}

/// A kind named on the command line that the cloud's Graph does not serve.
public struct CloudProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// What and where it is served.
    public let description: String

    /// A problem saying `description`.
    public init(_ description: String) { self.description = description }
}
