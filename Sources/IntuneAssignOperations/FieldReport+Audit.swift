import GraphClient
import IntuneAssignCore

extension FieldReport {
    /// The words an audit activity name may start with, for the report: verbs, never tenant text.
    static let activityVerbs: Set<String> = ["Add", "Assign", "Create", "Delete", "Patch", "Remove", "Update"]

    /// The audit log's answers (`plan --blame`, issue 29): which query options the endpoint serves (status codes
    /// only), the property names of events, actors and resources, how results are spelled, and the activity names
    /// of the form `Verb Type` (Intune's names, such as `Assign DeviceConfiguration`; nothing else is kept), with
    /// whether modified properties name assignments. `since` is the cut-off of the recent read (ISO 8601, UTC).
    static func auditLog(_ session: GraphSession, since: String) async throws(GraphError) -> JSONValue {
        let filter = { (text: String) in IntuneGraph.queryEncoded(text) }
        let answers = try await session.batch(
            [
                BatchRequest(
                    id: "recent",
                    url: "/deviceManagement/auditEvents?$filter=\(filter("activityDateTime ge \(since)"))&$top=50"),
                BatchRequest(id: "top999", url: "/deviceManagement/auditEvents?$top=999"),
                BatchRequest(
                    id: "category",
                    url: "/deviceManagement/auditEvents?$filter=\(filter("category eq 'DeviceConfiguration'"))&$top=1"),
                BatchRequest(
                    id: "resourcesAny",
                    url: "/deviceManagement/auditEvents?$filter="
                        + filter("resources/any(r:r/resourceId eq '00000000-0000-0000-0000-000000000000')") + "&$top=1"),
                BatchRequest(
                    id: "orderby",
                    url: "/deviceManagement/auditEvents?$orderby=\(filter("activityDateTime desc"))&$top=1"),
            ], concurrency: 1)
        let events = values(answers["recent"])
        var eventNames = Set<String>()
        var actorNames = Set<String>()
        var resourceNames = Set<String>()
        var results: [String: Int] = [:]
        var activities = Set<String>()
        var assignmentProperties = 0
        for event in events {
            guard case .object(let pairs) = event else { continue }
            eventNames.formUnion(pairs.map(\.key).compactMap(safeName))
            if case .object(let actor)? = event["actor"] { actorNames.formUnion(actor.map(\.key).compactMap(safeName)) }
            if let result = event["activityResult"]?.stringValue.flatMap(safeName) { results[result, default: 0] += 1 }
            if let activity = event["activity"]?.stringValue, let verb = activity.split(separator: " ").first,
                activityVerbs.contains(String(verb)), activity.split(separator: " ").count == 2,
                safeName(activity.replacingOccurrences(of: " ", with: "_")) != nil
            {
                activities.insert(activity)
            }
            guard case .array(let resources)? = event["resources"] else { continue }
            for resource in resources {
                if case .object(let fields) = resource {
                    resourceNames.formUnion(fields.map(\.key).compactMap(safeName))
                }
                guard case .array(let properties)? = resource["modifiedProperties"] else { continue }
                assignmentProperties += properties.count {
                    $0["displayName"]?.stringValue?.lowercased().contains("assign") == true
                }
            }
        }
        return .object([
            (
                "recent",
                probe(
                    answers["recent"],
                    extra: [
                        ("events", .int(events.count)),
                        ("nextLink", .bool(answers["recent"]?.body?["@odata.nextLink"] != nil)),
                        ("eventProperties", .array(eventNames.sorted().map(JSONValue.string))),
                        ("actorProperties", .array(actorNames.sorted().map(JSONValue.string))),
                        ("resourceProperties", .array(resourceNames.sorted().map(JSONValue.string))),
                        (
                            "activityResults",
                            .object(results.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })
                        ),
                        ("activityNames", .array(activities.sorted().map(JSONValue.string))),
                        ("modifiedPropertiesNamingAssignments", .int(assignmentProperties)),
                    ])
            ),
            ("top999", probe(answers["top999"])), ("categoryFilter", probe(answers["category"])),
            ("resourcesAnyFilter", probe(answers["resourcesAny"])), ("orderbyTime", probe(answers["orderby"])),
        ])
    }
}
