/// The Graph permissions a run needs: the same names serve as application permissions (app roles, granted by an
/// admin to an app registration) and as delegated scopes (consented for a public client a person signs in with).
public enum Permissions {
    /// What reading groups by id and by name needs: `directoryObjects/getByIds` documents Directory.Read.All as its
    /// least privileged permission, delegated and application alike (Graph reference, directoryobject-getbyids).
    public static let directory = "Directory.Read.All"

    /// What reading assignment filters (every plan lists them, to name the filters assignments use) needs.
    public static let filters = "DeviceManagementConfiguration.Read.All"

    /// The permissions a run over `kinds` needs: each kind's read permission, or its write permission when the run
    /// writes, the filter read and the directory read; sorted, without repeats, and without a `.Read.All` whose
    /// `.ReadWrite.All` form is there.
    public static func needed(for kinds: [Kind], writes: Bool) -> [String] {
        let all = Set(kinds.map { writes ? $0.writePermission : $0.readPermission } + [filters, directory])
        return all.filter { !($0.hasSuffix(".Read.All") && satisfies(all.subtracting([$0]), $0)) }.sorted()
    }

    /// The permissions of `granted` that allow what `permission` allows: itself, and for a `.Read.All` permission its
    /// `.ReadWrite.All` form (a ReadWrite grant reads too).
    public static func satisfies(_ granted: some Collection<String>, _ permission: String) -> Bool {
        if granted.contains(permission) { return true }
        guard permission.hasSuffix(".Read.All") else { return false }
        return granted.contains(String(permission.dropLast(".Read.All".count)) + ".ReadWrite.All")
    }
}

/// Whose permissions a token carries: an app's own (application permissions, the `roles` claim, admin-granted), or
/// a signed-in person's on an app's behalf (delegated scopes, the `scp` claim, limited further by the person's
/// Intune role).
public enum PermissionGrant: String, Hashable, Sendable {
    case application, delegated

    /// How a missing permission is named in messages.
    public var permissionWord: String {
        switch self {
        case .application: "application permission"
        case .delegated: "delegated scope"
        }
    }
}

/// Why a kind cannot be read with the credentials (`check`).
public enum ReadVerdict: Hashable, Sendable {
    /// Graph answered 401 or 403 at this path: the kind's read permission (and its write permission, to apply) is
    /// missing, of this grant's sort.
    case needsPermission(path: String, kind: Kind, grant: PermissionGrant)
    /// Graph answered otherwise: its error.
    case refused(kind: Kind, error: String)
}
