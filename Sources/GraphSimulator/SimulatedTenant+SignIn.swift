import IntuneAssignCore

extension SimulatedTenant {
    /// The person who signs in with a device code: approving a code in the simulator stands for this person
    /// entering it and signing in.
    public struct User: Codable, Hashable, Sendable {
        /// The object id (`oid`).
        public var id: String
        /// The sign-in name (`upn`).
        public var userPrincipalName: String
        /// The display name (`name`).
        public var displayName: String?

        /// A user.
        public init(id: String, userPrincipalName: String, displayName: String? = nil) {
            self.id = id
            self.userPrincipalName = userPrincipalName
            self.displayName = displayName
        }
    }

    /// A managed identity of the machine the simulator stands for: the system-assigned one, or a user-assigned one
    /// chosen by its client id.
    public struct ManagedIdentity: Codable, Hashable, Sendable {
        /// The identity's client id (`appid` in its tokens).
        public var clientId: String
        /// Whether it is user-assigned (asked for by client id) rather than the machine's system-assigned identity.
        public var userAssigned: Bool?
        /// The application permissions granted to it; all write permissions when absent.
        public var roles: [String]?

        /// An identity.
        public init(clientId: String, userAssigned: Bool? = nil, roles: [String]? = nil) {
            self.clientId = clientId
            self.userAssigned = userAssigned
            self.roles = roles
        }
    }

    /// The person device-code sign-ins stand for (a made-up administrator when the file names none).
    var person: User {
        signInUser
            ?? User(
                id: "0d0d0d0d-0000-4000-8000-000000000001", userPrincipalName: "admin@simulated.invalid",
                displayName: "Simulated Administrator")
    }

    /// Every application permission the registry's kinds use, and the directory read: what an app is granted when
    /// its tenant file entry lists no `roles`.
    static var everyPermission: [String] {
        Array(Set(Kinds.all.flatMap { [$0.writePermission, $0.readPermission] } + [Permissions.directory])).sorted()
    }

    /// Every read permission: the read-only application's grant.
    static var everyReadPermission: [String] { Permissions.needed(for: Kinds.all, writes: false) }
}

extension SimulatedTenant {
    /// A device of the directory (an Entra device object), which device groups hold.
    public struct Device: Codable, Hashable, Sendable {
        /// The object id.
        public var id: String
        /// The device's name.
        public var displayName: String

        /// A device.
        public init(id: String, displayName: String) {
            self.id = id
            self.displayName = displayName
        }
    }
}
