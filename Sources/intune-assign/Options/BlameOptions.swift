import ArgumentParser
import Foundation
import IntuneAssignCore
import IntuneAssignOperations

/// `plan --blame [--since 30d|DATE]`: who changed each drifted configuration, from Intune's audit log.
struct BlameOptions: ParsableArguments {
    @Flag(
        name: .customLong("blame"),
        help: ArgumentHelp(
            "Say who changed each drifted configuration and when, from Intune's audit log (needs "
                + "DeviceManagementApps.Read.All; without it the plan still completes)."))
    var blame = false

    @Option(
        name: .customLong("since"),
        help: ArgumentHelp(
            "With --blame: how far back to read the audit log: days (30d) or a date (2026-08-01, or a UTC time).",
            valueName: "30d|DATE"))
    var since = "30d"

    /// Refuses a malformed `--since`, and `--since` without `--blame`.
    func validate() throws {
        guard Self.cutOff(since, now: Date()) != nil else {
            throw ValidationError(
                "--since takes days (30d) or a date (2026-08-01 or 2026-08-01T12:00:00Z), not '\(since)'")
        }
    }

    /// The request, when `--blame` is given; the cut-off from now.
    func request(us: Blame.Identity) -> PlanOperation.BlameRequest? {
        guard blame, let cutOff = Self.cutOff(since, now: Date()) else { return nil }
        return PlanOperation.BlameRequest(since: cutOff, us: us)
    }

    /// `since` as an ISO 8601 time in UTC: `Nd` days before `now` (1 to 3650), a date at midnight UTC, or a UTC time.
    static func cutOff(_ since: String, now: Date) -> String? {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        if since.hasSuffix("d"), let days = Int(since.dropLast()), (1...3650).contains(days) {
            return formatter.string(from: now.addingTimeInterval(-Double(days) * 86_400))
        }
        if let time = formatter.date(from: since) { return formatter.string(from: time) }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        day.timeZone = TimeZone(identifier: "UTC")
        return day.date(from: since).map { formatter.string(from: $0) }
    }
}
