/// What a run will do, so that a person's sign-in asks for exactly the scopes it needs, in the right tenant.
public struct SignInNeeds: Sendable {
    /// The kinds it reads (and writes, with `writes`).
    public var kinds: [Kind]
    /// Whether it writes (`apply`).
    public var writes: Bool
    /// The manifests' or the plan's tenant.
    public var tenant: GUID?

    /// What a run of these manifests needs: their kinds (or the `--target` ones) and tenant.
    public init(_ state: DesiredState, targets: [TargetSelection], writes: Bool) {
        let kinds = targets.isEmpty ? state.configurations.map(\.kind) : targets.map(\.key.kind)
        self.init(kinds: Array(Set(kinds)), writes: writes, tenant: state.tenant)
    }

    /// A run's needs from its parts.
    public init(kinds: [Kind], writes: Bool, tenant: GUID?) {
        self.kinds = kinds
        self.writes = writes
        self.tenant = tenant
    }

    /// The delegated scopes: each kind's read or write permission, and the directory read.
    public var scopes: [String] { Permissions.needed(for: kinds, writes: writes) }
}
