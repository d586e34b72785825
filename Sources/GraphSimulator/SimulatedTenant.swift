public import IntuneAssignCore

/// The state of a simulated Intune tenant, as kept in a tenant file (`schemas/tenant.schema.json`).
///
/// Assignments are kept in Graph's own JSON shape (`id`, `target` with its `@odata.type`, `intent`, `settings`,
/// `source`, `sourceId`, ...), so that what the simulator answers is what it stores.
public struct SimulatedTenant: Codable, Hashable, Sendable {
    /// An Entra ID group.
    public struct Group: Codable, Hashable, Sendable {
        /// The group's object id.
        public var id: String
        /// The group's display name.
        public var displayName: String
        /// Its direct members: ids of users, devices and other groups (`plan --reach` counts them transitively).
        public var members: [String]?
        /// Whether its members come from a rule (a dynamic group); absent: assigned.
        public var dynamic: Bool?
        /// Whether it is a security group; absent: it is.
        public var securityEnabled: Bool?
        /// Its owners' ids (applications' app ids or objects' ids); absent: not modelled, and Intune's owner check
        /// of an enrollment-time device group passes.
        public var owners: [String]?

        /// A group with this id and name, and these members.
        public init(
            id: String, displayName: String, members: [String]? = nil, dynamic: Bool? = nil,
            securityEnabled: Bool? = nil, owners: [String]? = nil
        ) {
            self.id = id
            self.displayName = displayName
            self.members = members
            self.dynamic = dynamic
            self.securityEnabled = securityEnabled
            self.owners = owners
        }
    }

    /// An Intune assignment filter.
    public struct AssignmentFilter: Codable, Hashable, Sendable {
        /// The filter's id.
        public var id: String
        /// The filter's display name.
        public var displayName: String
        /// The platform it applies to (`windows10AndLater`, ...).
        public var platform: String
        /// Its rule, as the admin center writes it.
        public var rule: String?
        /// The devices Intune's evaluation of its rule finds (the simulator answers this; it does not run rules).
        public var matchingDevices: [String]?

        /// A filter with this id, name and platform.
        public init(
            id: String, displayName: String, platform: String, rule: String? = nil, matchingDevices: [String]? = nil
        ) {
            self.id = id
            self.displayName = displayName
            self.platform = platform
            self.rule = rule
            self.matchingDevices = matchingDevices
        }
    }

    /// One configuration of any kind in the registry, with its assignments.
    public struct Configuration: Codable, Hashable, Sendable {
        /// The manifest kind name (`deviceConfiguration`, `mobileApp`, ...).
        public var kind: String
        /// The configuration's id, in its kind's id form.
        public var id: String
        /// The name the tenant shows for it.
        public var displayName: String
        /// The item's own `@odata.type` (a subtype such as `#microsoft.graph.win32LobApp`); defaults per kind.
        public var odataType: String?
        /// Enrollment configurations: 0 is the tenant's default, which cannot be assigned.
        public var priority: Int?
        /// Graph-shaped assignment objects.
        public var assignments: [JSONValue]
        /// Settings-catalog policies: `templateReference.templateFamily` (absent: `none`, a policy of no template).
        public var templateFamily: String?
        /// Settings-catalog policies of family `enrollmentConfiguration`: the id of the group devices join as they
        /// enroll.
        public var deviceGroup: String?
        /// Policy sets: the ids of the configurations the set holds (each policySetItem's `payloadId`).
        public var items: [String]?
        /// Role assignments: the id of the role definition they are under.
        public var roleDefinition: String?
        /// Role assignments: `members`, `scopeType`, `resourceScopes` and `roleScopeTagIds`, as Graph answers them.
        public var access: JSONValue?
        /// Apple enrollment profiles (whose `id` is `TOKEN/PROFILE`): whether it is its token's default for its
        /// platform (`odataType`: `#microsoft.graph.depIOSEnrollmentProfile` or `depMacOSEnrollmentProfile`).
        public var isDefault: Bool?

        /// A configuration of `kind` with these assignments.
        public init(
            kind: String, id: String, displayName: String, odataType: String? = nil, priority: Int? = nil,
            assignments: [JSONValue] = []
        ) {
            self.kind = kind
            self.id = id
            self.displayName = displayName
            self.odataType = odataType
            self.priority = priority
            self.assignments = assignments
        }

        /// The keys of a configuration in a tenant file.
        enum CodingKeys: String, CodingKey {
            case kind, id, displayName, odataType, priority, assignments, templateFamily, deviceGroup, items
            case roleDefinition, access, isDefault
        }

        /// Reads a configuration from a tenant file (`assignments` may be left out).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(String.self, forKey: .kind)
            id = try container.decode(String.self, forKey: .id)
            displayName = try container.decode(String.self, forKey: .displayName)
            odataType = try container.decodeIfPresent(String.self, forKey: .odataType)
            priority = try container.decodeIfPresent(Int.self, forKey: .priority)
            assignments = try container.decodeIfPresent([JSONValue].self, forKey: .assignments) ?? []
            templateFamily = try container.decodeIfPresent(String.self, forKey: .templateFamily)
            deviceGroup = try container.decodeIfPresent(String.self, forKey: .deviceGroup)
            items = try container.decodeIfPresent([String].self, forKey: .items)
            roleDefinition = try container.decodeIfPresent(String.self, forKey: .roleDefinition)
            access = try container.decodeIfPresent(JSONValue.self, forKey: .access)
            isDefault = try container.decodeIfPresent(Bool.self, forKey: .isDefault)
        }
    }

    /// An Apple automated device enrollment token: its id and name.
    public struct AppleToken: Codable, Hashable, Sendable {
        /// Its id.
        public var id: String
        /// Its name, such as "Northwind ABM".
        public var tokenName: String

        /// A token.
        public init(id: String, tokenName: String) {
            self.id = id
            self.tokenName = tokenName
        }
    }

    /// A device an Apple token holds, and the enrollment profile it is assigned (its id under the token).
    public struct AppleDevice: Codable, Hashable, Sendable {
        /// Its serial number.
        public var serialNumber: String
        /// The token that holds it.
        public var token: String
        /// The profile it is assigned, if any.
        public var requestedEnrollmentProfileId: String?

        /// A device.
        public init(serialNumber: String, token: String, requestedEnrollmentProfileId: String? = nil) {
            self.serialNumber = serialNumber
            self.token = token
            self.requestedEnrollmentProfileId = requestedEnrollmentProfileId
        }
    }

    /// An Intune role definition: its id and name.
    public struct RoleDefinition: Codable, Hashable, Sendable {
        /// Its id.
        public var id: String
        /// Its name, such as "Help Desk Operator".
        public var displayName: String

        /// A role definition.
        public init(id: String, displayName: String) {
            self.id = id
            self.displayName = displayName
        }
    }

    /// An Autopilot device identity and the deployment profile it carries.
    public struct AutopilotDevice: Codable, Hashable, Sendable {
        /// The device identity's id.
        public var id: String
        /// The device's serial number.
        public var serialNumber: String
        /// The deployment profile it carries, if any.
        public var deploymentProfileId: String?

        /// A device identity, with or without a profile.
        public init(id: String, serialNumber: String, deploymentProfileId: String? = nil) {
            self.id = id
            self.serialNumber = serialNumber
            self.deploymentProfileId = deploymentProfileId
        }
    }

    /// A federated identity credential of the app (workload identity federation): tokens from `issuer` about
    /// `subject` for `audience`, signed with the issuer's key, are accepted as client assertions.
    public struct FederatedCredential: Codable, Hashable, Sendable {
        /// The issuer of the tokens (`iss`).
        public var issuer: String
        /// The subject they are about (`sub`).
        public var subject: String
        /// The audience they are for (`aud`).
        public var audience: String
        /// The issuer's public key (PEM `PUBLIC KEY`, RSA) that signs its tokens.
        public var publicKey: String

        /// A federated credential; the audience defaults to Entra's token exchange.
        public init(issuer: String, subject: String, audience: String = "api://AzureADTokenExchange", publicKey: String)
        {
            self.issuer = issuer
            self.subject = subject
            self.audience = audience
            self.publicKey = publicKey
        }
    }

    /// The app registration the token endpoint accepts.
    public struct Application: Codable, Hashable, Sendable {
        /// The app's client id.
        public var clientId: String
        /// Accepted as `client_secret`. Tenant files are test fixtures: never put a real secret here.
        public var clientSecret: String?
        /// The app's certificate (PEM, public part only): a `client_assertion` signed with its key is accepted.
        public var certificate: String?
        /// Federated identity credentials (GitHub Actions, Kubernetes, ...).
        public var federatedCredentials: [FederatedCredential]?
        /// The application permissions granted to it (its tokens' `roles`); when absent, every permission the kinds
        /// use (every read permission for the read-only application).
        public var roles: [String]?

        /// An app registration with any of the three kinds of credential.
        public init(
            clientId: String, clientSecret: String? = nil, certificate: String? = nil,
            federatedCredentials: [FederatedCredential]? = nil, roles: [String]? = nil
        ) {
            self.clientId = clientId
            self.clientSecret = clientSecret
            self.certificate = certificate
            self.federatedCredentials = federatedCredentials
            self.roles = roles
        }
    }

    /// The tenant id, which tokens carry as `tid` and `/organization` answers.
    public var tenantId: String
    /// A name for people; not used by the simulator.
    public var displayName: String?
    /// The tenant's verified domains (`contoso.onmicrosoft.com`): a fleet may name the tenant by one of them.
    public var domains: [String] = []
    /// The app registration the token endpoint accepts, if any.
    public var application: Application?
    /// A second app registration with read permissions only: its tokens read, and every write they attempt is
    /// answered 403, as Graph answers an app without the `.ReadWrite.All` permission (the pipelines' plan identity).
    public var readOnlyApplication: Application?
    /// The Entra groups.
    public var groups: [Group]
    /// The assignment filters.
    public var assignmentFilters: [AssignmentFilter]
    /// The directory's users (members of groups; All users counts them).
    public var users: [User] = []
    /// The directory's devices (members of device groups).
    public var devices: [Device] = []
    /// Devices enrolled in Intune (All devices), as the device overview counts them; the directory's devices when
    /// absent.
    public var enrolledDeviceCount: Int?
    /// Configurations of every kind, with their assignments.
    public var configurations: [Configuration]
    /// The Autopilot device identities.
    public var autopilotDevices: [AutopilotDevice]
    /// Intune's role definitions (built-in and custom), which role assignments are listed under.
    public var roleDefinitions: [RoleDefinition] = []
    /// Apple automated device enrollment tokens (`depOnboardingSettings`), which Apple enrollment profiles are under.
    public var appleTokens: [AppleToken] = []
    /// The devices the Apple tokens hold (`importedAppleDeviceIdentities`), and the profile each is assigned.
    public var appleDevices: [AppleDevice] = []
    /// Multi Admin Approval, when the tenant has turned it on.
    public var multiAdminApproval: MultiAdminApproval?
    /// The approval requests filed, in order.
    public var approvalRequests: [ApprovalRequest] = []
    /// The person device-code sign-ins stand for.
    public var signInUser: User?
    /// Public clients a person may sign in through (Microsoft Graph Command Line Tools when absent).
    public var publicClients: [String]?
    /// The delegated scopes consented for public clients in this tenant; every scope when absent.
    public var consentedScopes: [String]?
    /// The machine's managed identities (the simulated instance metadata and App Service endpoints serve them).
    public var managedIdentities: [ManagedIdentity] = []
    /// Intune's audit log, oldest first, as `/deviceManagement/auditEvents` answers it: events a tenant file brings
    /// (changes made "in the admin center" before the run), and one more for every write the simulator carries out.
    public var auditEvents: [JSONValue] = []

    /// A tenant holding these objects.
    public init(
        tenantId: String, displayName: String? = nil, application: Application? = nil,
        readOnlyApplication: Application? = nil, groups: [Group] = [], assignmentFilters: [AssignmentFilter] = [],
        configurations: [Configuration] = [], autopilotDevices: [AutopilotDevice] = []
    ) {
        self.tenantId = tenantId
        self.displayName = displayName
        self.application = application
        self.readOnlyApplication = readOnlyApplication
        self.groups = groups
        self.assignmentFilters = assignmentFilters
        self.configurations = configurations
        self.autopilotDevices = autopilotDevices
    }

    /// The keys of a tenant file.
    enum CodingKeys: String, CodingKey {
        case tenantId, displayName, domains, application, readOnlyApplication, groups, assignmentFilters, configurations
        case autopilotDevices, multiAdminApproval, approvalRequests
        case signInUser, publicClients, consentedScopes, managedIdentities, auditEvents
        case users, devices, enrolledDeviceCount, roleDefinitions, appleTokens, appleDevices
    }

    /// Reads a tenant from a tenant file (every list may be left out).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tenantId = try container.decode(String.self, forKey: .tenantId)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        domains = try container.decodeIfPresent([String].self, forKey: .domains) ?? []
        application = try container.decodeIfPresent(Application.self, forKey: .application)
        readOnlyApplication = try container.decodeIfPresent(Application.self, forKey: .readOnlyApplication)
        groups = try container.decodeIfPresent([Group].self, forKey: .groups) ?? []
        assignmentFilters = try container.decodeIfPresent([AssignmentFilter].self, forKey: .assignmentFilters) ?? []
        configurations = try container.decodeIfPresent([Configuration].self, forKey: .configurations) ?? []
        autopilotDevices = try container.decodeIfPresent([AutopilotDevice].self, forKey: .autopilotDevices) ?? []
        multiAdminApproval = try container.decodeIfPresent(MultiAdminApproval.self, forKey: .multiAdminApproval)
        approvalRequests = try container.decodeIfPresent([ApprovalRequest].self, forKey: .approvalRequests) ?? []
        signInUser = try container.decodeIfPresent(User.self, forKey: .signInUser)
        publicClients = try container.decodeIfPresent([String].self, forKey: .publicClients)
        consentedScopes = try container.decodeIfPresent([String].self, forKey: .consentedScopes)
        managedIdentities =
            try container.decodeIfPresent([ManagedIdentity].self, forKey: .managedIdentities) ?? []
        auditEvents = try container.decodeIfPresent([JSONValue].self, forKey: .auditEvents) ?? []
        users = try container.decodeIfPresent([User].self, forKey: .users) ?? []
        devices = try container.decodeIfPresent([Device].self, forKey: .devices) ?? []
        enrolledDeviceCount = try container.decodeIfPresent(Int.self, forKey: .enrolledDeviceCount)
        roleDefinitions = try container.decodeIfPresent([RoleDefinition].self, forKey: .roleDefinitions) ?? []
        appleTokens = try container.decodeIfPresent([AppleToken].self, forKey: .appleTokens) ?? []
        appleDevices = try container.decodeIfPresent([AppleDevice].self, forKey: .appleDevices) ?? []
    }

    /// Writes a tenant file; lists that only the simulator fills (approval requests) are left out while empty.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tenantId, forKey: .tenantId)
        try container.encodeIfPresent(displayName, forKey: .displayName)
        if !domains.isEmpty { try container.encode(domains, forKey: .domains) }
        try container.encodeIfPresent(application, forKey: .application)
        try container.encodeIfPresent(readOnlyApplication, forKey: .readOnlyApplication)
        try container.encode(groups, forKey: .groups)
        try container.encode(assignmentFilters, forKey: .assignmentFilters)
        if !users.isEmpty { try container.encode(users, forKey: .users) }
        if !devices.isEmpty { try container.encode(devices, forKey: .devices) }
        try container.encodeIfPresent(enrolledDeviceCount, forKey: .enrolledDeviceCount)
        if !roleDefinitions.isEmpty { try container.encode(roleDefinitions, forKey: .roleDefinitions) }
        if !appleTokens.isEmpty { try container.encode(appleTokens, forKey: .appleTokens) }
        if !appleDevices.isEmpty { try container.encode(appleDevices, forKey: .appleDevices) }
        try container.encode(configurations, forKey: .configurations)
        try container.encode(autopilotDevices, forKey: .autopilotDevices)
        try container.encodeIfPresent(multiAdminApproval, forKey: .multiAdminApproval)
        if !approvalRequests.isEmpty { try container.encode(approvalRequests, forKey: .approvalRequests) }
        if !auditEvents.isEmpty { try container.encode(auditEvents, forKey: .auditEvents) }
        try container.encodeIfPresent(signInUser, forKey: .signInUser)
        try container.encodeIfPresent(publicClients, forKey: .publicClients)
        try container.encodeIfPresent(consentedScopes, forKey: .consentedScopes)
        if !managedIdentities.isEmpty { try container.encode(managedIdentities, forKey: .managedIdentities) }
    }
}
