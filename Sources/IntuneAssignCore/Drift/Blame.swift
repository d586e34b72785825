/// Who changed a drifted configuration, from Intune's audit log (`/deviceManagement/auditEvents`, issue 29): the
/// latest audit event on each configuration a plan changes, since a cut-off. Pure: the events come in as Graph's JSON.
///
/// What the matching rests on (the closing note of issue 29 lists the evidence):
/// - An event names what it changed in `resources[].resourceId`: an event is on a configuration when one of its
///   resources has the configuration's id (compared without regard to case). The id is matched here, not by a
///   server-side `resources/any(...)` filter, which one tool reports unreliable on this endpoint.
/// - Assignment changes are told from other edits by words, since the exact activity names are thinly evidenced:
///   "assign" in `activity`, `activityType`, `activityOperationType` or `displayName` (such as
///   "Assign DeviceCompliancePolicy"), or "assignment" in a resource's type or a modified property's name. When a
///   configuration has no such event, its latest event of any kind is given, with its activity, for the reader to
///   judge.
/// - Failed activities (`activityResult` other than success) changed nothing and are left out.
public struct Blame: Hashable, Sendable {
    /// The audit log as read: its events (Graph's JSON), and whether every page since the cut-off was read.
    public struct Log: Sendable {
        /// The events, in any order.
        public var events: [JSONValue]
        /// False when the read stopped at its page limit: older changes may then be missing.
        public var complete: Bool
        /// Pages read.
        public var pages: Int

        /// A log read.
        public init(events: [JSONValue], complete: Bool, pages: Int) {
            self.events = events
            self.complete = complete
            self.pages = pages
        }
    }

    /// The identity that signs the plan in: its changes are said to be ours.
    public struct Identity: Hashable, Sendable {
        /// The app id (`appid` or `azp` of the token), when an app signs in.
        public var applicationID: String?
        /// The person's user principal name, when a person signs in.
        public var userPrincipalName: String?

        /// An identity from its parts.
        public init(applicationID: String? = nil, userPrincipalName: String? = nil) {
            self.applicationID = applicationID
            self.userPrincipalName = userPrincipalName
        }
    }

    /// Who made one change, and when.
    public struct Entry: Hashable, Sendable {
        /// The audit event's id.
        public var eventID: String
        /// The person's user principal name, or the app's name (or id).
        public var actor: String
        /// `user`, `application` or `unknown`.
        public var actorType: String
        /// The event's time as Graph gives it (ISO 8601, UTC).
        public var time: String
        /// The activity, as Intune names it.
        public var activity: String
        /// Whether the event is recognisably an assignment change.
        public var assignmentChange: Bool
        /// Whether the change was made by the identity that made this plan.
        public var ours: Bool

        /// An entry from its parts (a plan file's, read back).
        public init(
            eventID: String, actor: String, actorType: String, time: String, activity: String, assignmentChange: Bool,
            ours: Bool
        ) {
            self.eventID = eventID
            self.actor = actor
            self.actorType = actorType
            self.time = time
            self.activity = activity
            self.assignmentChange = assignmentChange
            self.ours = ours
        }
    }

    /// Whether the audit log was read, and why not when it was not.
    public enum Status: Hashable, Sendable {
        /// Read; `complete` is false when the read stopped at its page limit.
        case read(complete: Bool, pages: Int, events: Int)
        /// Not read: why (a missing permission, Graph's error).
        case unavailable(String)
    }

    /// The cut-off (ISO 8601, UTC): events before it were not asked for.
    public var since: String
    /// Whether the log was read.
    public var status: Status
    /// The latest event on each configuration that changes, by configuration.
    public var entries: [ConfigurationKey: Entry]

    /// Blame from its parts (a plan file's, read back).
    public init(since: String, status: Status, entries: [ConfigurationKey: Entry]) {
        self.since = since
        self.status = status
        self.entries = entries
    }

    /// Blame that could not be found.
    public static func unavailable(since: String, _ reason: String) -> Blame {
        Blame(since: since, status: .unavailable(reason), entries: [:])
    }

    /// The latest event on each configuration of `plan` that changes, from `log`.
    public static func match(_ plan: Plan, log: Log, since: String, us: Identity) -> Blame {
        var byID: [String: [JSONValue]] = [:]
        for event in log.events where succeeded(event) {
            guard case .array(let resources)? = event["resources"] else { continue }
            for resource in resources {
                if let id = resource["resourceId"]?.stringValue?.lowercased() { byID[id, default: []].append(event) }
            }
        }
        var entries: [ConfigurationKey: Entry] = [:]
        for configuration in plan.configurations where !configuration.isNoOp {
            let events = byID[configuration.id.description.lowercased()] ?? []
            let assignments = events.filter(isAssignmentChange)
            guard let latest = (assignments.isEmpty ? events : assignments).max(by: { time($0) < time($1) }) else {
                continue
            }
            entries[configuration.key] = entry(latest, assignmentChange: !assignments.isEmpty, us: us)
        }
        return Blame(
            since: since, status: .read(complete: log.complete, pages: log.pages, events: log.events.count),
            entries: entries)
    }

    /// Whether an event says it succeeded (an event without `activityResult` is taken as done).
    static func succeeded(_ event: JSONValue) -> Bool {
        guard let result = event["activityResult"]?.stringValue else { return true }
        return result.lowercased() == "success"
    }

    /// Whether an event is recognisably an assignment change.
    static func isAssignmentChange(_ event: JSONValue) -> Bool {
        for field in ["activity", "activityType", "activityOperationType", "displayName"] {
            if event[field]?.stringValue?.lowercased().contains("assign") == true { return true }
        }
        guard case .array(let resources)? = event["resources"] else { return false }
        for resource in resources {
            for field in ["type", "auditResourceType"]
            where resource[field]?.stringValue?.lowercased().contains("assignment") == true {
                return true
            }
            guard case .array(let properties)? = resource["modifiedProperties"] else { continue }
            if properties.contains(where: {
                $0["displayName"]?.stringValue?.lowercased().contains("assignment") == true
            }) {
                return true
            }
        }
        return false
    }

    /// The event's time, for ordering (ISO 8601 in UTC orders as text).
    static func time(_ event: JSONValue) -> String { event["activityDateTime"]?.stringValue ?? "" }

    /// What the report says of one event.
    static func entry(_ event: JSONValue, assignmentChange: Bool, us: Identity) -> Entry {
        let actor = event["actor"]
        let upn = actor?["userPrincipalName"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let appID = actor?["applicationId"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let appName = actor?["applicationDisplayName"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let name: String
        let type: String
        if let upn {
            (name, type) = (upn, "user")
        } else if let app = appName ?? appID {
            (name, type) = (app, "application")
        } else {
            (name, type) = ("an unnamed actor", "unknown")
        }
        let ours =
            (upn != nil && upn?.lowercased() == us.userPrincipalName?.lowercased())
            || (upn == nil && appID != nil && appID?.lowercased() == us.applicationID?.lowercased())
        return Entry(
            eventID: event["id"]?.stringValue ?? "", actor: name, actorType: type, time: time(event),
            activity: event["activity"]?.stringValue ?? event["displayName"]?.stringValue ?? "",
            assignmentChange: assignmentChange, ours: ours)
    }
}
