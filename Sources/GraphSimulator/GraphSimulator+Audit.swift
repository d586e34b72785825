import Foundation
import GraphClient
import IntuneAssignCore

// Intune's audit log (`GET /deviceManagement/auditEvents`), as the simulator keeps it. What each behaviour rests on:
// - The event's shape (`id`, `displayName`, `componentName`, `actor` with `auditActorType`, `userPrincipalName`,
//   `applicationId` and `applicationDisplayName`, `activity`, `activityDateTime`, `activityType`,
//   `activityOperationType`, `activityResult`, `resources[]` with `displayName`, `type`, `auditResourceType`,
//   `resourceId` and `modifiedProperties`, and `category`): Graph's auditEvent and auditResource pages.
// - `$filter` on `activityDateTime` with `ge`, `gt`, `le` and `lt`, joined by `and`: what tools in wide use send
//   (an Intune report app and several assessment scripts filter `activityDateTime ge` on this endpoint). Any other
//   filter is answered 400 here: whether Graph honours one on `category` or on `resources/any(...)` is not evidenced
//   (one tool reports the latter unreliable), so intune-assign sends neither, and the simulator refuses them so
//   that a client relying on them fails its tests.
// - Activity names are verb first and name the resource type, as operators' fixtures show them ("Patch
//   DeviceConfiguration", "Assign DeviceCompliancePolicy"): `Assign {Type}` for `assign`, `Create {Type}Assignment`
//   and `Delete {Type}Assignment` for one assignment, `Patch {Type}` for an edit. These exact names are thin evidence:
//   intune-assign matches assignment changes by words ("assign", "assignment"), not by these names.
// - Every successful write to a configuration adds one event, the actor taken from the request's token (a person's
//   `upn`, or the app's `appid`); a request without a token (in-process runs) is the app `unsignedClientID`. A write
//   with the header `X-Simulator-Actor: NAME` (a test aid) is recorded as made by that person in the admin center.
// - Events are answered oldest first, paged like every collection.
extension GraphSimulator {
    /// The app id recorded for writes without a token (in-process runs, which sign nothing).
    public static let unsignedClientID = "5157c1e0-0000-4000-8000-00000000a0d1"

    /// `GET /deviceManagement/auditEvents`, filtered by time only.
    func auditEvents(_ method: String, _ query: Query) -> HTTPResponse {
        guard method == "GET" else { return error(405, "MethodNotAllowed", "Only GET is simulated here.") }
        var events = tenantState.auditEvents
        if let filter = query["$filter"] {
            guard let clauses = Self.timeClauses(filter) else {
                return error(
                    400, "BadRequest",
                    "Invalid filter clause: the simulator serves only activityDateTime comparisons (ge, gt, le, lt) "
                        + "joined by 'and'.")
            }
            // Each event's time key is read once and kept (the log only grows), as a service keeps an index.
            if auditTimeKeys.count > events.count { auditTimeKeys = [] }
            let times = TimeReader()
            for event in events.dropFirst(auditTimeKeys.count) {
                auditTimeKeys.append(times.key(event["activityDateTime"]?.stringValue ?? ""))
            }
            events = zip(events, auditTimeKeys).compactMap { event, time in
                guard let time, clauses.allSatisfy({ $0(time) }) else { return nil }
                return event
            }
        }
        return page(
            events, query, path: "/deviceManagement/auditEvents", context: context("deviceManagement/auditEvents"))
    }

    /// `activityDateTime ge 2026-08-01T00:00:00Z and ...` as tests on an event's time key; `nil` for anything else.
    static func timeClauses(_ filter: String) -> [(String) -> Bool]? {
        var clauses: [(String) -> Bool] = []
        let times = TimeReader()
        for clause in filter.components(separatedBy: " and ") {
            let words = clause.split(separator: " ").map(String.init)
            guard words.count == 3, words[0] == "activityDateTime", let bound = times.key(words[2]) else { return nil }
            switch words[1] {
            case "ge": clauses.append { $0 >= bound }
            case "gt": clauses.append { $0 > bound }
            case "le": clauses.append { $0 <= bound }
            case "lt": clauses.append { $0 < bound }
            default: return nil
            }
        }
        return clauses
    }

    /// Reads ISO 8601 times as keys that order as the times do: `YYYY-MM-DDTHH:MM:SS` and seven digits of fraction,
    /// in UTC. A time in UTC (`Z`) is read by hand (a log holds tens of thousands, and making a date formatter costs
    /// far more than reading one); any other goes through the formatter, made once per request.
    struct TimeReader {
        let plain = ISO8601DateFormatter()
        let fractional: ISO8601DateFormatter = {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter
        }()

        func key(_ text: String) -> String? {
            let bytes = Array(text.utf8)
            let shape = Array("dddd-dd-ddTdd:dd:dd".utf8)
            if bytes.count >= 20, bytes.last == UInt8(ascii: "Z"),
                zip(bytes, shape).allSatisfy({ $1 == UInt8(ascii: "d") ? (48...57).contains($0) : $0 == $1 })
            {
                let rest = bytes[19..<(bytes.count - 1)]
                var fraction = ""
                if !rest.isEmpty {
                    guard rest.first == UInt8(ascii: "."), rest.count > 1,
                        rest.dropFirst().allSatisfy({ (48...57).contains($0) })
                    else { return nil }
                    fraction = String(decoding: rest.dropFirst().prefix(7), as: UTF8.self)
                }
                return String(decoding: bytes[0..<19], as: UTF8.self)
                    + fraction.padding(toLength: 7, withPad: "0", startingAt: 0)
            }
            guard let date = plain.date(from: text) ?? fractional.date(from: text) else { return nil }
            let utc = fractional.string(from: date)
            return utc.hasSuffix("Z") ? key(utc) : nil
        }
    }

    /// Records a successful write to a configuration: who made it, the activity and the configuration.
    func audit(_ kind: Kind, _ configuration: SimulatedTenant.Configuration, method: String, rest: [String]) {
        let type = kind.name.prefix(1).uppercased() + kind.name.dropFirst()
        let verb: String
        switch (method, rest.count > 1 ? rest[1] : "") {
        case ("POST", "assignments"): verb = "Create \(type)Assignment"
        case ("DELETE", "assignments"): verb = "Delete \(type)Assignment"
        case ("PATCH", _): verb = "Patch \(type)"
        default: verb = "Assign \(type)"
        }
        let operation = String(verb.prefix { $0 != " " })
        let number = tenantState.auditEvents.count + 1
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let event: JSONValue = .object([
            ("@odata.type", "#microsoft.graph.auditEvent"),
            ("id", .string(GUID(high: 0xA0D1_0000_0000_4000, low: 0x8000_0000_0000_0000 | UInt64(number)).description)),
            ("displayName", .string(verb)), ("componentName", .string(type)), ("actor", auditActor),
            ("activity", .string(verb)), ("activityDateTime", .string(formatter.string(from: Date()))),
            ("activityType", .string(verb)), ("activityOperationType", .string(operation)),
            ("activityResult", "Success"), ("category", .string(type)),
            (
                "resources",
                [
                    .object([
                        ("displayName", .string(configuration.displayName)), ("type", .string(type)),
                        ("auditResourceType", .string(type)), ("resourceId", .string(configuration.id)),
                        ("modifiedProperties", []),
                    ])
                ]
            ),
        ])
        tenantState.auditEvents.append(event)
    }

    /// The actor of the request being handled, as `auditActor`.
    static func actor(of request: HTTPRequest) -> JSONValue {
        if let person = request.headers["x-simulator-actor"], !person.isEmpty {
            return .object([("auditActorType", "ItPro"), ("userPrincipalName", .string(person))])
        }
        let token = request.headers["authorization"].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let identity = token.map(TokenClaims.auditIdentity(of:)) ?? Blame.Identity()
        if let person = identity.userPrincipalName {
            return .object([("auditActorType", "ItPro"), ("userPrincipalName", .string(person))])
        }
        return .object([
            ("auditActorType", "Application"), ("applicationId", .string(identity.applicationID ?? unsignedClientID)),
        ])
    }
}
