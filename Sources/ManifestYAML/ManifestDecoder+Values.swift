import IntuneAssignCore

/// Values with a shape of their own: app assignment settings, JSON, and script run schedules.
extension ManifestDecoder {
    /// App assignment settings: a mapping with a known `@odata.type`, as JSON.
    mutating func settings(_ node: Node) -> JSONValue? {
        guard document.kind(node) == .mapping else {
            error("`settings` must be a mapping with an `@odata.type`, not \(describe(node))", node)
            return nil
        }
        guard case .object(let pairs) = json(node) else { return nil }
        guard let typePair = document.pairs(node).first(where: { document.string($0.key) == "@odata.type" }) else {
            error("`settings` needs `@odata.type`, such as '#microsoft.graph.win32LobAppAssignmentSettings'", node)
            return nil
        }
        guard case .string(let written)? = scalar(typePair.value),
            let canonical = AppAssignmentSettings.canonicalType(written)
        else {
            error(
                "unknown app assignment settings type \(describe(typePair.value)); use one of the "
                    + "#microsoft.graph.*AppAssignmentSettings types listed in docs/kinds.md", typePair.value)
            return nil
        }
        return .object(pairs.map { $0.key == "@odata.type" ? ($0.key, .string(canonical)) : $0 })
    }

    /// Any YAML node as JSON (for free-form Graph settings). With `strictKeys`, a key that is not a string is an
    /// error; without, it becomes its text, as JSON tools make it.
    mutating func json(_ node: Node, strictKeys: Bool = true) -> JSONValue {
        switch document.kind(node) {
        case .sequence:
            return .array(document.items(node).map { json($0, strictKeys: strictKeys) })
        case .mapping:
            var pairs: [(key: String, value: JSONValue)] = []
            for (key, value) in document.pairs(node) {
                if case .string(let name)? = scalar(key) {
                    pairs.append((name, json(value, strictKeys: strictKeys)))
                } else if !strictKeys {
                    let text =
                        document.kind(key) == .scalar ? document.string(key) : json(key, strictKeys: false).serialized()
                    pairs.append((text, json(value, strictKeys: false)))
                } else {
                    error("keys in `settings` must be strings, not \(describe(key))", key)
                }
            }
            return .object(pairs)
        case .scalar:
            switch scalar(node) {
            case .null, nil: return .null
            case .bool(let value): return .bool(value)
            case .int(let value): return .int(value)
            case .float(let value):
                if !value.isFinite, strictKeys {
                    error(
                        "\(document.string(node)) is not a number JSON can carry; Graph settings take finite numbers",
                        node)
                }
                return .double(value)
            case .string(let value): return .string(value)
            }
        }
    }

    /// A run schedule: the type, and what that type takes (interval, time, date, UTC).
    mutating func runSchedule(_ node: Node) -> RunSchedule? {
        guard let pairs = mapping(node, "`runSchedule`", allowed: KeyTable.runSchedule) else { return nil }
        let value = { (key: String) in pairs.first { $0.key == key } }
        guard let typePair = value("type") else {
            error("`runSchedule` needs `type`: one of \(ManifestKeys.runScheduleTypes.joined(separator: ", "))", node)
            return nil
        }
        guard let typeText = string(typePair.value, "the schedule `type`") else { return nil }
        guard let frequency = RunSchedule.Frequency(rawValue: typeText) else {
            error(
                "schedule type '\(Self.abbreviate(typeText))' is unknown; use one of: "
                    + ManifestKeys.runScheduleTypes.joined(separator: ", "), typePair.value)
            return nil
        }
        var schedule = RunSchedule(frequency: frequency, interval: 1)
        var valid = true
        if let intervalPair = value("interval") {
            if let interval = integer(intervalPair.value, "the schedule `interval`") {
                if interval < 1 {
                    error("the schedule `interval` must be at least 1", intervalPair.value)
                    valid = false
                }
                schedule.interval = interval
            } else {
                valid = false
            }
        }
        if let timePair = value("time") {
            if frequency == .hourly {
                error("an hourly schedule has no `time`; remove it", timePair.keyNode)
                valid = false
            } else if let time = string(timePair.value, "the schedule `time`"), Self.isTime(time) {
                schedule.time = time
            } else {
                if case .string? = scalar(timePair.value) {
                    error("the schedule `time` must be HH:MM or HH:MM:SS, such as '08:30'", timePair.value)
                }
                valid = false
            }
        } else if frequency != .hourly {
            error("a \(frequency.rawValue) schedule needs `time`, such as '08:30'", node)
            valid = false
        }
        if let datePair = value("date") {
            if frequency != .once {
                error("only a `once` schedule has a `date`; remove it", datePair.keyNode)
                valid = false
            } else if let date = string(datePair.value, "the schedule `date`"), Self.isDate(date) {
                schedule.date = date
            } else {
                if case .string? = scalar(datePair.value) {
                    error("the schedule `date` must be YYYY-MM-DD, such as '2026-12-01'", datePair.value)
                }
                valid = false
            }
        } else if frequency == .once {
            error("a `once` schedule needs `date`, such as '2026-12-01'", node)
            valid = false
        }
        if let utcPair = value("useUtc") {
            if frequency == .hourly {
                error("an hourly schedule has no `useUtc`; remove it", utcPair.keyNode)
                valid = false
            } else if let useUTC = boolean(utcPair.value, "`useUtc`") {
                schedule.useUTC = useUTC
            } else {
                valid = false
            }
        }
        return valid ? schedule : nil
    }

    /// Whether text is `HH:MM` or `HH:MM:SS`.
    static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) })
        else { return false }
        let numbers = parts.map { Int($0)! }
        return numbers[0] < 24 && numbers[1] < 60 && (numbers.count == 2 || numbers[2] < 60)
    }

    /// Whether text is `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { return false }
        let month = Int(parts[1])!
        let day = Int(parts[2])!
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
