/// Where a value was written. Not part of the value: two manifests that say the same thing are equal wherever
/// they say it, so `==` on the model compares meaning and the location only travels along for diagnostics.
public struct SourceMark: Hashable, Sendable {
    public var location: SourceLocation?

    public init(_ location: SourceLocation? = nil) { self.location = location }

    public static func == (lhs: SourceMark, rhs: SourceMark) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// How a manifest names an Entra group or an assignment filter.
public struct ObjectReference: Hashable, Sendable {
    /// The three ways to name an object.
    public enum Form: Hashable, Sendable {
        case id(GUID)
        /// An exact display name, resolved against the tenant at plan time.
        case name(String)
        /// An alias from the `groups:` or `filters:` section.
        case alias(String)
    }

    /// As written; an alias is resolved through `DesiredState.resolve(_:)`.
    public var form: Form
    public var mark: SourceMark

    public init(_ form: Form, at location: SourceLocation? = nil) {
        self.form = form
        self.mark = SourceMark(location)
    }

    /// The alias it was written as, if any.
    public var alias: String? {
        if case let .alias(name) = form { return name }
        return nil
    }
}

/// Whether an assignment filter includes or excludes the devices it matches.
public enum FilterMode: String, CaseIterable, Hashable, Sendable {
    case include, exclude
}

/// An assignment filter and whether it includes or excludes what it matches.
public struct FilterReference: Hashable, Sendable {
    public var mode: FilterMode
    public var filter: ObjectReference

    public init(mode: FilterMode, filter: ObjectReference) {
        self.mode = mode
        self.filter = filter
    }
}

/// What an assignment points at.
public enum Target: Hashable, Sendable {
    case group(ObjectReference)
    case exclusionGroup(ObjectReference)
    case allUsers
    case allDevices
    /// A Configuration Manager collection id, such as `SMS00001`.
    case collection(String)

    public var type: TargetType {
        switch self {
        case .group: .group
        case .exclusionGroup: .exclusionGroup
        case .allUsers: .allUsers
        case .allDevices: .allDevices
        case .collection: .configurationManagerCollection
        }
    }

    public var groupReference: ObjectReference? {
        switch self {
        case let .group(reference), let .exclusionGroup(reference): reference
        default: nil
        }
    }
}

/// When a health or compliance script runs (Graph's `deviceHealthScriptRunSchedule` family).
public struct RunSchedule: Hashable, Sendable {
    /// Hourly, daily or once: the Graph schedule subtype.
    public enum Frequency: String, CaseIterable, Hashable, Sendable {
        case hourly, daily, once

        public var odataType: String {
            switch self {
            case .hourly: "#microsoft.graph.deviceHealthScriptHourlySchedule"
            case .daily: "#microsoft.graph.deviceHealthScriptDailySchedule"
            case .once: "#microsoft.graph.deviceHealthScriptRunOnceSchedule"
            }
        }
    }

    public var frequency: Frequency
    /// Every how many hours (hourly) or days (daily, once).
    public var interval: Int
    /// `HH:MM` or `HH:MM:SS`, for daily and once.
    public var time: String?
    /// `YYYY-MM-DD`, for once.
    public var date: String?
    public var useUTC: Bool?

    public init(frequency: Frequency, interval: Int, time: String? = nil, date: String? = nil, useUTC: Bool? = nil) {
        self.frequency = frequency
        self.interval = interval
        self.time = time
        self.date = date
        self.useUTC = useUTC
    }
}

/// One wanted assignment of a configuration.
public struct AssignmentSpec: Hashable, Sendable {
    public var target: Target
    public var filter: FilterReference?
    /// The intent as written (validated against the kind).
    public var intent: String?
    /// App assignment settings, a JSON object with `@odata.type` (mobileApp only).
    public var settings: JSONValue?
    public var runRemediationScript: Bool?
    public var runSchedule: RunSchedule?
    /// The assignment entry in the sequence.
    public var mark: SourceMark
    /// The key that names the target (`group`, `allUsers`, ...).
    public var targetMark: SourceMark

    public init(
        target: Target, filter: FilterReference? = nil, intent: String? = nil, settings: JSONValue? = nil,
        runRemediationScript: Bool? = nil, runSchedule: RunSchedule? = nil, at location: SourceLocation? = nil,
        targetAt targetLocation: SourceLocation? = nil
    ) {
        self.target = target
        self.filter = filter
        self.intent = intent
        self.settings = settings
        self.runRemediationScript = runRemediationScript
        self.runSchedule = runSchedule
        self.mark = SourceMark(location)
        self.targetMark = SourceMark(targetLocation ?? location)
    }
}

/// A configuration's object id in its canonical form (the GUID part in lower case), checked against the kind's
/// id form: never anything that could change the URL path it goes into.
public struct ConfigurationID: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    /// `nil` unless `text` has the form `form` asks for.
    public init?(_ text: String, form: ConfigurationIDForm) {
        switch form {
        case .guid:
            guard let guid = GUID(text) else { return nil }
            description = guid.description
        case .guidWithSuffix:
            let guidPart = text.prefix(36)
            guard let guid = GUID(guidPart) else { return nil }
            let suffix = text.dropFirst(36)
            if suffix.isEmpty {
                description = guid.description
            } else {
                guard suffix.first == "_", suffix.count > 1,
                      suffix.dropFirst().unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
                else { return nil }
                description = guid.description + suffix
            }
        case .integer:
            guard !text.isEmpty, text.count <= 10, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
                  let value = Int(text)
            else { return nil }
            description = String(value)
        }
    }

    public init(_ guid: GUID) { description = guid.description }
}

/// How a manifest names a configuration: by id, or by its exact display name.
public enum ConfigurationReference: Hashable, Sendable, CustomStringConvertible {
    case id(ConfigurationID)
    case name(String)

    public var description: String {
        switch self {
        case let .id(id): "id \(id)"
        case let .name(name): "name \"\(name)\""
        }
    }
}

/// Whether the manifest owns the whole assignment set of a configuration.
public enum ConfigurationMode: String, CaseIterable, Hashable, Sendable {
    /// The tenant ends with exactly the listed assignments (the default).
    case authoritative
    /// Listed assignments are added or updated; others are left alone.
    case additive
}

/// One configuration and the assignments the manifest wants it to have.
public struct ConfigurationSpec: Hashable, Sendable {
    public var kind: Kind
    public var reference: ConfigurationReference
    public var mode: ConfigurationMode
    public var assignments: [AssignmentSpec]
    /// Autopilot device identity ids that must carry the profile (`nil` when the key is absent).
    public var devices: [GUID]?
    public var mark: SourceMark
    /// The `id:` or `name:` value.
    public var referenceMark: SourceMark

    public init(
        kind: Kind, reference: ConfigurationReference, mode: ConfigurationMode = .authoritative,
        assignments: [AssignmentSpec], devices: [GUID]? = nil, at location: SourceLocation? = nil,
        referenceAt referenceLocation: SourceLocation? = nil
    ) {
        self.kind = kind
        self.reference = reference
        self.mode = mode
        self.assignments = assignments
        self.devices = devices
        self.mark = SourceMark(location)
        self.referenceMark = SourceMark(referenceLocation ?? location)
    }
}

/// An alias from a manifest's `groups:` or `filters:` section.
public struct AliasDefinition: Hashable, Sendable {
    public var name: String
    /// `.id` or `.name`.
    public var meaning: ObjectReference.Form
    public var mark: SourceMark

    public init(name: String, meaning: ObjectReference.Form, at location: SourceLocation? = nil) {
        self.name = name
        self.meaning = meaning
        self.mark = SourceMark(location)
    }
}

/// One manifest file, as written.
public struct Manifest: Hashable, Sendable {
    public static let currentVersion = 1

    public var file: String
    public var version: Int
    public var tenant: GUID?
    public var tenantMark: SourceMark
    public var groups: [AliasDefinition]
    public var filters: [AliasDefinition]
    public var configurations: [ConfigurationSpec]

    public init(
        file: String, version: Int = Manifest.currentVersion, tenant: GUID? = nil, tenantAt: SourceLocation? = nil,
        groups: [AliasDefinition] = [], filters: [AliasDefinition] = [], configurations: [ConfigurationSpec] = []
    ) {
        self.file = file
        self.version = version
        self.tenant = tenant
        self.tenantMark = SourceMark(tenantAt)
        self.groups = groups
        self.filters = filters
        self.configurations = configurations
    }
}
