extension RunSchedule {
    /// The schedule as Graph writes it (`deviceHealthScriptRunSchedule` and its subtypes).
    public var graphValue: JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("@odata.type", .string(frequency.odataType)), ("interval", .int(interval)),
        ]
        if let date { pairs.append(("date", .string(date))) }
        if let time { pairs.append(("time", .string(time))) }
        if let useUTC { pairs.append(("useUtc", .bool(useUTC))) }
        return .object(pairs)
    }
}
extension RunSchedule {
    /// Reads Graph's `deviceHealthScriptRunSchedule` (as the planner normalises it); `nil` for another shape.
    public init?(graph value: JSONValue) {
        let type = value["@odata.type"]?.stringValue ?? ""
        guard
            let frequency = Frequency.allCases.first(where: { $0.odataType == type || $0.odataType.dropFirst() == type }
            ),
            case .int(let interval)? = value["interval"]
        else { return nil }
        var useUTC: Bool?
        if case .bool(let flag)? = value["useUtc"] { useUTC = flag }
        // An hourly schedule has no time of day (the manifest refuses one).
        let hourly = frequency == .hourly
        self.init(
            frequency: frequency, interval: interval, time: hourly ? nil : value["time"]?.stringValue,
            date: hourly ? nil : value["date"]?.stringValue, useUTC: hourly ? nil : useUTC)
    }
}
