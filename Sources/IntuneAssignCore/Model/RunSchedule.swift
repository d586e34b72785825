/// When a health or compliance script runs (Graph's `deviceHealthScriptRunSchedule` family).
public struct RunSchedule: Hashable, Sendable {
    /// Hourly, daily or once: the Graph schedule subtype.
    public enum Frequency: String, CaseIterable, Hashable, Sendable {
        case hourly, daily, once

        /// The schedule's `@odata.type` in Graph.
        public var odataType: String {
            switch self {
            case .hourly: "#microsoft.graph.deviceHealthScriptHourlySchedule"
            case .daily: "#microsoft.graph.deviceHealthScriptDailySchedule"
            case .once: "#microsoft.graph.deviceHealthScriptRunOnceSchedule"
            }
        }
    }

    /// Hourly, daily or once.
    public var frequency: Frequency
    /// Every how many hours (hourly) or days (daily, once).
    public var interval: Int
    /// `HH:MM` or `HH:MM:SS`, for daily and once.
    public var time: String?
    /// `YYYY-MM-DD`, for once.
    public var date: String?
    /// Whether `time` is UTC rather than the device's local time.
    public var useUTC: Bool?

    /// A schedule as written.
    public init(frequency: Frequency, interval: Int, time: String? = nil, date: String? = nil, useUTC: Bool? = nil) {
        self.frequency = frequency
        self.interval = interval
        self.time = time
        self.date = date
        self.useUTC = useUTC
    }
}
