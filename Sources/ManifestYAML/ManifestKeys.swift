import IntuneAssignCore

/// The keys and closed value sets the manifest decoder accepts, in one place. The decoder checks against
/// these tables, and a test checks `schemas/manifest.schema.json` against them, so the two cannot drift.
public enum ManifestKeys {
    /// The keys of a manifest.
    public static let topLevel = [
        "version", "tenant", "groups", "filters", "assignmentSets", "configurations", "skip",
    ]
    /// The keys of a configuration entry (`override` only in a fleet overlay).
    public static let configuration = [
        "kind", "id", "name", "mode", "assignments", "devices", "deviceGroup", "override", "roleDefinition", "members",
        "scope", "scopeTags", "default",
    ]
    /// The keys of a `skip:` entry of a fleet overlay.
    public static let skip = ["kind", "id", "name"]
    /// The keys of a set written as a mapping, which only a fleet overlay does to replace a baseline set.
    public static let setOverride = ["override", "assignments"]
    /// Keys that name an assignment's target; an entry has exactly one.
    public static let targets = TargetType.allCases.map(\.manifestKey)
    /// Keys that qualify an assignment, beside the target key or inside an `allUsers:` / `allDevices:` mapping.
    public static let assignmentOptions = ["filter", "intent"] + AssignmentField.allCases.map(\.rawValue)
    /// The keys of `filter:`.
    public static let filter = FilterMode.allCases.map(\.rawValue)
    /// `{ name: ... }`, the by-display-name form of a group, filter or alias.
    public static let nameReference = ["name"]
    /// The keys of `runSchedule:`.
    public static let runSchedule = ["type", "interval", "time", "date", "useUtc"]

    /// Every kind name.
    public static let kinds = Kinds.all.map(\.name)
    /// Every `mode:`.
    public static let modes = ConfigurationMode.allCases.map(\.rawValue)
    /// Every schedule `type:`.
    public static let runScheduleTypes = RunSchedule.Frequency.allCases.map(\.rawValue)
    /// Every intent value some kind accepts.
    public static let intents: [String] = {
        var seen: [String] = []
        for kind in Kinds.all {
            for value in kind.intent?.values ?? [] where !seen.contains(value) { seen.append(value) }
        }
        return seen
    }()

    /// Five letter-and-digit groups of about 8-4-4-4-12 characters: meant as an object id even if mistyped,
    /// so never read as an alias. (The schema's `aliasName` says the same with `guidShapePattern`.)
    public static func looksLikeGUID(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8(looksLikeGUID)
    }

    /// Whether bytes have a GUID's shape (8-4-4-4-12 hexadecimal digits).
    static func looksLikeGUID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let lengths = [8, 4, 4, 4, 12]
        var part = 0
        var length = 0
        for byte in bytes {
            if byte == UInt8(ascii: "-") {
                guard part < 4, abs(length - lengths[part]) <= 1 else { return false }
                part += 1
                length = 0
            } else if isASCIIAlphanumeric(byte) {
                length += 1
            } else {
                return false
            }
        }
        return part == 4 && abs(length - lengths[4]) <= 1
    }

    /// What a GUID looks like, for the schema.
    public static let guidShapePattern =
        "^[0-9A-Za-z]{7,9}-[0-9A-Za-z]{3,5}-[0-9A-Za-z]{3,5}-[0-9A-Za-z]{3,5}-[0-9A-Za-z]{11,13}$"

    /// Alias names: a letter or digit, then letters, digits, `.`, `_` or `-` (and not shaped like an id).
    public static func isValidAliasName(_ name: String) -> Bool {
        var copy = name
        return copy.withUTF8(isValidAliasName)
    }

    /// Whether bytes make an alias name: letters, digits, `-`, `_` and `.`, starting with a letter or digit, and
    /// not shaped like an id.
    static func isValidAliasName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, isASCIIAlphanumeric(first) else { return false }
        for byte in bytes where !isASCIIAlphanumeric(byte) {
            guard byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") else {
                return false
            }
        }
        return !looksLikeGUID(bytes)
    }

    /// Whether a byte is an ASCII letter or digit.
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A Configuration Manager collection id: a three-character site code and five hexadecimal digits.
    public static func isValidCollectionID(_ id: String) -> Bool {
        let scalars = Array(id.unicodeScalars)
        guard scalars.count == 8 else { return false }
        return scalars[0..<3].allSatisfy(\.isASCIIAlphanumeric) && scalars[3...].allSatisfy(\.isHexDigit)
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }

    var isHexDigit: Bool {
        ("a"..."f").contains(self) || ("A"..."F").contains(self) || ("0"..."9").contains(self)
    }
}
