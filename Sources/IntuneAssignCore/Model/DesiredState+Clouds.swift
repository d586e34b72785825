extension DesiredState {
    /// Configurations whose kind the cloud's Graph does not serve (Windows 365 outside the global and US Gov L4
    /// clouds): an error at each, before any request.
    public func cloudProblems(_ cloud: String) -> [Diagnostic] {
        configurations.filter { !$0.kind.isAvailable(in: cloud) }.map { configuration in
            .error(
                "\(configuration.kind.name) is not served by Microsoft Graph in the \(cloud) cloud (only in: "
                    + (configuration.kind.clouds ?? []).joined(separator: ", ") + "); remove it from these manifests",
                at: configuration.mark.location)
        }
    }
}
