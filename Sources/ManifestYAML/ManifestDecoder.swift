public import IntuneAssignCore

/// Decodes one YAML document into a `Manifest`, by hand, reporting every problem with its location.
///
/// This checks everything one file can tell: shapes, keys, types, GUIDs, kinds and what each kind accepts.
/// Checks that span entries or files (aliases, duplicates, conflicts) are `DesiredState.assemble`'s.
public struct ManifestDecoder {
    typealias Node = YAMLDocument.Node

    let document: YAMLDocument
    var diagnostics = Diagnostics()

    init(document: YAMLDocument) { self.document = document }

    /// The manifest (`nil` if it could not be made sense of) and every diagnostic found.
    public static func decode(_ document: YAMLDocument) -> (manifest: Manifest?, diagnostics: [Diagnostic]) {
        var decoder = ManifestDecoder(document: document)
        let manifest = decoder.decodeManifest()
        return (manifest, decoder.diagnostics.all)
    }

    // MARK: - Scalars

    /// A scalar as YAML 1.2's core schema reads it (the schema yaml-language-server applies too).
    enum Scalar {
        case null, bool(Bool), int(Int), float(Double), string(String)
    }

    func scalar(_ node: Node) -> Scalar? {
        guard document.kind(node) == .scalar else { return nil }
        if document.tag(node) == .none, !document.isQuoted(node) {
            // Decide from the bytes first: only what might be a number needs a closer look.
            switch document.withBytes(node, Self.plainClass) {
            case .string: return .string(document.string(node))
            case .null: return .null
            case let .bool(value): return .bool(value)
            case .maybeNumber: break
            }
        }
        let text = document.string(node)
        switch document.tag(node) {
        case .string, .nonSpecific: return .string(text)
        case .null: return .null
        case .boolean: return Self.bool(text).map(Scalar.bool) ?? .string(text)
        case .integer: return Self.int(text).map(Scalar.int) ?? .string(text)
        case .float: return Double(text).map(Scalar.float) ?? .string(text)
        case .none, .mapping, .sequence, .other: break
        }
        if document.isQuoted(node) { return .string(text) }
        if Self.isNull(text) { return .null }
        if let value = Self.bool(text) { return .bool(value) }
        if let value = Self.int(text) { return .int(value) }
        if Self.looksLikeFloat(text), let value = Self.float(text) { return .float(value) }
        return .string(text)
    }

    /// What the bytes of a plain scalar already tell.
    enum PlainClass {
        case string, null, bool(Bool), maybeNumber
    }

    /// What a plain scalar is, from its bytes, for everything but numbers.
    static func plainClass(_ bytes: UnsafeBufferPointer<UInt8>) -> PlainClass {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return .maybeNumber
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"):
            guard bytes.count <= 5 else { return .string }
            for (word, value) in specialWords where word.count == bytes.count && word.elementsEqual(bytes) {
                return value
            }
            return .string
        default:
            return .string
        }
    }

    static let specialWords: [([UInt8], PlainClass)] = {
        let words: [(String, PlainClass)] = [
            ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("true", .bool(true)),
            ("True", .bool(true)), ("TRUE", .bool(true)), ("false", .bool(false)), ("False", .bool(false)),
            ("FALSE", .bool(false)),
        ]
        return words.map { (Array($0.0.utf8), $0.1) }
    }()

    /// Empty or only white space (checked on scalars: most texts end the check at their first byte).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    static func int(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        guard let first = text.unicodeScalars.first, first == "-" || first == "+" || ("0"..."9").contains(first)
        else { return nil }
        return Int(text)
    }

    static func looksLikeFloat(_ text: String) -> Bool {
        if [".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"].contains(text) { return true }
        var sawDigit = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9": sawDigit = true
            case ".", "e", "E", "+", "-": continue
            default: return false
            }
        }
        return sawDigit
    }

    static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf": .infinity
        case "-.inf": -.infinity
        case ".nan", ".NaN", ".NAN": .nan
        default: Double(text)
        }
    }

    /// "a list", "the integer 3", ... for messages.
    func describe(_ node: Node) -> String {
        switch document.kind(node) {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            switch scalar(node) {
            case .null, nil: return "nothing (null)"
            case let .bool(value): return "the boolean \(value)"
            case let .int(value): return "the integer \(value)"
            case let .float(value): return "the number \(value)"
            case let .string(value): return "the string '\(Self.abbreviate(value))'"
            }
        }
    }

    static func abbreviate(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    // MARK: - Typed readers

    mutating func error(_ message: String, _ node: Node, notes: [Diagnostic] = []) {
        diagnostics.error(message, at: document.location(node), notes: notes)
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        if case let .string(value)? = scalar(node) {
            if Self.isBlank(value) {
                error("\(what) is empty", node)
                return nil
            }
            return value
        }
        var message = "\(what) must be a string, not \(describe(node))"
        if document.kind(node) == .scalar { message += "; put it in quotes if that is the text you mean" }
        error(message, node)
        return nil
    }

    mutating func integer(_ node: Node, _ what: String) -> Int? {
        if case let .int(value)? = scalar(node) { return value }
        error("\(what) must be an integer, not \(describe(node))", node)
        return nil
    }

    mutating func boolean(_ node: Node, _ what: String) -> Bool? {
        if case let .bool(value)? = scalar(node) { return value }
        error("\(what) must be true or false, not \(describe(node))", node)
        return nil
    }

    mutating func guid(_ node: Node, _ what: String) -> GUID? {
        if document.kind(node) == .scalar, [.none, .string, .nonSpecific].contains(document.tag(node)),
           let id = document.withBytes(node, { GUID(utf8: $0) })
        {
            return id
        }
        guard case let .string(text)? = scalar(node) else {
            error("\(what) must be an object id (a GUID such as 3f1d2a64-9c1b-4c7e-8d2a-5b6f7e8d9a01), not "
                  + describe(node), node)
            return nil
        }
        error("\(what) '\(Self.abbreviate(text))' is not a GUID; object ids have the form "
              + "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (ids go into Graph URLs, so nothing else is accepted)", node)
        return nil
    }

    /// The pairs of a mapping whose keys are all in `allowed`, or `nil` (with a diagnostic) for anything else.
    /// Unknown and non-string keys are reported and left out.
    mutating func mapping(_ node: Node, _ what: String, allowed: KeyTable) -> [(key: String, keyNode: Node, value: Node)]? {
        guard document.kind(node) == .mapping else {
            error("\(what) must be a mapping, not \(describe(node))", node)
            return nil
        }
        let raw = document.nodes[Int(node.index)]
        var result: [(key: String, keyNode: Node, value: Node)] = []
        result.reserveCapacity(Int(raw.count) / 2)
        var member = Int(raw.start)
        let end = member + Int(raw.count)
        while member < end {
            let key = Node(index: document.members[member]), value = Node(index: document.members[member + 1])
            member += 2
            // Match the key's bytes against the table: no String is made for a known key.
            if document.kind(key) == .scalar, document.tag(key) == .none || document.tag(key) == .string,
               let known = document.withBytes(key, allowed.index(of:))
            {
                result.append((allowed.names[known], key, value))
                continue
            }
            guard case let .string(name)? = scalar(key) else {
                error("a key in \(what) must be a string, not \(describe(key))", key)
                continue
            }
            unknownKey(name, key, in: what, allowed: allowed.names)
        }
        return result
    }

    mutating func unknownKey(_ name: String, _ node: Node, in what: String, allowed: [String]) {
        var message = "unknown key '\(Self.abbreviate(name))' in \(what)"
        if let best = Suggestions.best(for: name, among: allowed) {
            message += "; did you mean '\(best)'?"
        } else {
            message += "; expected one of: " + allowed.joined(separator: ", ")
        }
        error(message, node)
    }

    mutating func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard document.kind(node) == .sequence else {
            var message = "\(what) must be a list, not \(describe(node))"
            if document.kind(node) == .scalar, case .null? = scalar(node) { message += "; write [] for an empty list" }
            error(message, node)
            return nil
        }
        return document.items(node)
    }

    // MARK: - The manifest

    mutating func decodeManifest() -> Manifest? {
        guard let root = document.root, !(document.kind(root) == .scalar && scalarIsNull(root)) else {
            diagnostics.error(
                "the file is empty; a manifest starts with `version: \(Manifest.currentVersion)`",
                at: SourceLocation(file: document.file, line: 1, column: 1))
            return nil
        }
        guard let pairs = mapping(root, "the manifest", allowed: KeyTable.topLevel) else { return nil }
        var manifest = Manifest(file: document.file)
        guard let versionPair = pairs.first(where: { $0.key == "version" }) else {
            error("missing `version`; add `version: \(Manifest.currentVersion)` at the top of the file", root)
            return nil
        }
        guard let version = integer(versionPair.value, "`version`") else { return nil }
        guard version == Manifest.currentVersion else {
            error("manifest version \(version) is not supported; this intune-assign reads version "
                  + "\(Manifest.currentVersion)", versionPair.value)
            return nil
        }
        for (key, _, value) in pairs {
            switch key {
            case "tenant":
                manifest.tenant = guid(value, "`tenant`")
                manifest.tenantMark = SourceMark(document.location(value))
            case "groups":
                manifest.groups = aliases(value, section: "groups")
            case "filters":
                manifest.filters = aliases(value, section: "filters")
            case "configurations":
                let items = sequence(value, "`configurations`") ?? []
                manifest.configurations.reserveCapacity(items.count)
                for item in items {
                    if let configuration = configuration(item) { manifest.configurations.append(configuration) }
                }
            default:
                break
            }
        }
        return manifest
    }

    func scalarIsNull(_ node: Node) -> Bool {
        if case .null? = scalar(node) { return true }
        return false
    }

    mutating func aliases(_ node: Node, section: String) -> [AliasDefinition] {
        guard document.kind(node) == .mapping else {
            error("`\(section)` must be a mapping from alias to object id or { name: ... }, not \(describe(node))", node)
            return []
        }
        var result: [AliasDefinition] = []
        for (key, value) in document.pairs(node) {
            guard case let .string(name)? = scalar(key) else {
                error("an alias in `\(section)` must be a name, not \(describe(key))", key)
                continue
            }
            if ManifestKeys.looksLikeGUID(name) {
                error("alias '\(name)' looks like an object id; an alias is a short name that stands for one", key)
                continue
            }
            guard ManifestKeys.isValidAliasName(name) else {
                error("alias '\(Self.abbreviate(name))' is not a valid name; use letters, digits, '.', '_' and '-', "
                      + "starting with a letter or digit", key)
                continue
            }
            let what = "alias '\(name)'"
            let meaning: ObjectReference.Form?
            if document.kind(value) == .mapping {
                meaning = nameForm(value, what)
            } else {
                meaning = guid(value, what).map(ObjectReference.Form.id)
            }
            if let meaning { result.append(AliasDefinition(name: name, meaning: meaning, at: document.location(key))) }
        }
        return result
    }

    /// `{ name: ... }`.
    mutating func nameForm(_ node: Node, _ what: String) -> ObjectReference.Form? {
        guard let pairs = mapping(node, "\(what)'s { name: ... }", allowed: KeyTable.nameReference) else { return nil }
        guard let pair = pairs.first else {
            error("\(what) needs `name:` with the exact display name", node)
            return nil
        }
        return string(pair.value, "the name of \(what)").map(ObjectReference.Form.name)
    }

    /// A group or filter as written at a use: an alias, an object id, or `{ name: ... }`.
    mutating func reference(_ node: Node, _ what: String, aliasSection: String) -> ObjectReference? {
        let location = document.location(node)
        switch document.kind(node) {
        case .mapping:
            return nameForm(node, what).map { ObjectReference($0, at: location) }
        case .scalar where [.none, .string, .nonSpecific].contains(document.tag(node)):
            // The common cases, straight from the bytes: an id, or an alias.
            if let id = document.withBytes(node, { GUID(utf8: $0) }) { return ObjectReference(.id(id), at: location) }
            if document.withBytes(node, ManifestKeys.isValidAliasName) {
                return ObjectReference(.alias(document.string(node)), at: location)
            }
        default:
            break
        }
        guard case let .string(text)? = scalar(node) else {
            error("\(what) must be an alias, an object id or { name: ... }, not \(describe(node))", node)
            return nil
        }
        if ManifestKeys.looksLikeGUID(text) {
            error("\(what) '\(Self.abbreviate(text))' is not a well-formed GUID; object ids have the form "
                  + "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", node)
            return nil
        }
        error("'\(Self.abbreviate(text))' is neither an alias from `\(aliasSection):` nor an object id; to match "
              + "a display name write { name: \(text) }", node)
        return nil
    }

    // MARK: - Configurations

    mutating func configuration(_ node: Node) -> ConfigurationSpec? {
        guard let pairs = mapping(node, "a configuration", allowed: KeyTable.configuration) else { return nil }
        let value = { (key: String) in pairs.first { $0.key == key } }

        var kind: Kind?
        if let kindPair = value("kind") {
            if let name = string(kindPair.value, "`kind`") {
                kind = Kinds.named(name)
                if kind == nil {
                    var message = "unknown kind '\(Self.abbreviate(name))'"
                    let suggestions = Kinds.suggestions(for: name)
                    if !suggestions.isEmpty {
                        message += "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
                    } else {
                        message += "; the kinds are listed in the README"
                    }
                    error(message, kindPair.value)
                }
            }
        } else {
            error("missing `kind` in this configuration; say which kind of Intune object it is, e.g. "
                  + "`kind: deviceConfiguration`", node)
        }

        var reference: ConfigurationReference?
        var referenceNode: Node?
        switch (value("id"), value("name")) {
        case let (idPair?, namePair?):
            error("give `id` or `name`, not both (`id` is at line \(document.location(idPair.keyNode).line))",
                  namePair.keyNode)
        case let (idPair?, nil):
            reference = configurationID(idPair.value, kind: kind).map(ConfigurationReference.id)
            referenceNode = idPair.value
        case let (nil, namePair?):
            reference = string(namePair.value, "the configuration `name`").map(ConfigurationReference.name)
            referenceNode = namePair.value
        case (nil, nil):
            error("missing `id` or `name` in this configuration; name the object by its id or exact display name", node)
        }

        var mode = ConfigurationMode.authoritative
        if let modePair = value("mode"), let text = string(modePair.value, "`mode`") {
            if let parsed = ConfigurationMode(rawValue: text) {
                mode = parsed
            } else {
                error("`mode` must be one of: \(ManifestKeys.modes.joined(separator: ", ")); not '\(text)'",
                      modePair.value)
            }
        }

        var assignments: [AssignmentSpec] = []
        if let assignmentsPair = value("assignments") {
            let items = sequence(assignmentsPair.value, "`assignments`") ?? []
            assignments.reserveCapacity(items.count)
            for item in items {
                if let assignment = assignment(item, kind: kind) { assignments.append(assignment) }
            }
        } else {
            error("missing `assignments` in this configuration; list the wanted assignments, or write "
                  + "`assignments: []` to remove them all", node)
        }

        var devices: [GUID]?
        if let devicesPair = value("devices") {
            if let kind, !kind.takesDevices {
                error("`devices` is only for windowsAutopilotDeploymentProfile; \(kind.name) is assigned through "
                      + "targets only", devicesPair.keyNode)
            } else {
                devices = deviceList(devicesPair.value)
            }
        }

        guard let kind, let reference else { return nil }
        return ConfigurationSpec(
            kind: kind, reference: reference, mode: mode, assignments: assignments, devices: devices,
            at: document.location(node), referenceAt: referenceNode.map(document.location))
    }

    /// A configuration id in the form the kind's ids take (any form while the kind is unknown).
    mutating func configurationID(_ node: Node, kind: Kind?) -> ConfigurationID? {
        let what = "the configuration `id`"
        guard let kind, kind.idForm != .guid else {
            if kind == nil, case let .string(text)? = scalar(node) {
                for form in [ConfigurationIDForm.guid, .guidWithSuffix, .integer] {
                    if let id = ConfigurationID(text, form: form) { return id }
                }
            }
            return guid(node, what).map(ConfigurationID.init)
        }
        let text: String
        switch scalar(node) {
        case let .string(value)?: text = value
        case let .int(value)? where kind.idForm == .integer && value >= 0: text = String(value)  // `id: 3` needs no quotes
        default:
            _ = string(node, what)
            return nil
        }
        if let id = ConfigurationID(text, form: kind.idForm) { return id }
        switch kind.idForm {
        case .guidWithSuffix:
            error("\(what) '\(Self.abbreviate(text))' is not a \(kind.name) id; these are a GUID, optionally followed by "
                  + "_ and a type name (such as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx_DefaultLimit)", node)
        case .integer:
            error("\(what) '\(Self.abbreviate(text))' is not a \(kind.name) id; these are whole numbers (0 is Default)", node)
        case .guid:
            break
        }
        return nil
    }

    mutating func deviceList(_ node: Node) -> [GUID]? {
        guard let items = sequence(node, "`devices`") else { return nil }
        var devices: [GUID] = []
        var seen: [GUID: Node] = [:]
        for item in items {
            guard let id = guid(item, "an Autopilot device id") else { continue }
            if let first = seen[id] {
                let firstLocation = document.location(first)
                error("device \(id) is listed twice (first at \(firstLocation))", item,
                      notes: [.note("first listed here", at: firstLocation)])
                continue
            }
            seen[id] = item
            devices.append(id)
        }
        return devices
    }

    // MARK: - Assignments

    mutating func assignment(_ node: Node, kind: Kind?) -> AssignmentSpec? {
        guard let pairs = mapping(node, "an assignment", allowed: KeyTable.assignment) else { return nil }
        let isTarget = { (key: String) in TargetType(manifestKey: key) != nil }
        guard let targetPair = pairs.first(where: { isTarget($0.key) }) else {
            error("this assignment names no target; give one of: \(ManifestKeys.targets.joined(separator: ", "))", node)
            return nil
        }
        for extra in pairs where isTarget(extra.key) && extra.keyNode != targetPair.keyNode {
            error("an assignment has one target, but this one also has `\(extra.key)` (beside `\(targetPair.key)` "
                  + "at line \(document.location(targetPair.keyNode).line)); make it an entry of its own",
                  extra.keyNode)
        }
        let type = TargetType(manifestKey: targetPair.key)!
        // The options: the entry's other keys, and for All users / All devices those inside their mapping.
        var options = pairs
        options.removeAll { isTarget($0.key) }
        var valid = true

        let target: Target?
        switch type {
        case .group:
            target = reference(targetPair.value, "`group`", aliasSection: "groups").map(Target.group)
        case .exclusionGroup:
            target = reference(targetPair.value, "`exclude`", aliasSection: "groups").map(Target.exclusionGroup)
        case .allUsers, .allDevices:
            // `allUsers: {}` or `allUsers: { filter: ... }`: options may sit inside as well as beside.
            target = type == .allUsers ? .allUsers : .allDevices
            if document.kind(targetPair.value) == .mapping {
                let inner = mapping(targetPair.value, "`\(targetPair.key)`", allowed: KeyTable.assignmentOptions) ?? []
                for option in inner {
                    if let outer = options.first(where: { $0.key == option.key }) {
                        error("`\(option.key)` is given twice for this assignment (also at line "
                              + "\(document.location(outer.keyNode).line)); keep one", option.keyNode)
                        valid = false
                    } else {
                        options.append(option)
                    }
                }
            } else if !scalarIsNull(targetPair.value) {
                error("`\(targetPair.key)` takes {} or a mapping of options such as { filter: ... }, not "
                      + describe(targetPair.value), targetPair.value)
                valid = false
            }
        case .configurationManagerCollection:
            if let id = string(targetPair.value, "`collection`") {
                if ManifestKeys.isValidCollectionID(id) {
                    target = .collection(id.uppercased())
                } else {
                    error("'\(Self.abbreviate(id))' is not a Configuration Manager collection id (three characters of "
                          + "site code and five hexadecimal digits, such as SMS00001)", targetPair.value)
                    target = nil
                }
            } else {
                target = nil
            }
        }

        if let kind, !kind.accepts(type) {
            error("\(kind.name) does not take `\(type.manifestKey)` targets; it takes "
                  + kind.targetTypes.map { "`\($0.manifestKey)`" }.joined(separator: ", "), targetPair.keyNode)
            valid = false
        }

        var spec = AssignmentSpec(target: target ?? .allDevices, at: document.location(node),
                                  targetAt: document.location(targetPair.keyNode))
        var intentGiven = false
        for (key, keyNode, value) in options {
            switch key {
            case "filter":
                if type == .exclusionGroup {
                    error("an `exclude` target cannot carry a filter (Intune applies filters to included targets "
                          + "only); remove the filter", keyNode)
                    valid = false
                }
                spec.filter = filter(value)
                if spec.filter == nil { valid = false }
            case "intent":
                intentGiven = true
                spec.intent = intent(value, keyNode: keyNode, kind: kind)
                if spec.intent == nil { valid = false }
            case "settings":
                if checkField(.settings, keyNode, kind) { spec.settings = settings(value) }
                if spec.settings == nil { valid = false }
            case "runRemediationScript":
                if checkField(.runRemediationScript, keyNode, kind) {
                    spec.runRemediationScript = boolean(value, "`runRemediationScript`")
                }
                if spec.runRemediationScript == nil { valid = false }
            case "runSchedule":
                if checkField(.runSchedule, keyNode, kind) { spec.runSchedule = runSchedule(value) }
                if spec.runSchedule == nil { valid = false }
            default:
                break
            }
        }
        if let kind, let rule = kind.intent, rule.required, !intentGiven {
            error("missing `intent`; every \(kind.name) assignment needs one of: \(rule.values.joined(separator: ", "))",
                  node)
            valid = false
        }
        guard valid, target != nil else { return nil }
        return spec
    }

    /// Whether `kind` takes the kind-specific `field`; reports it when not.
    mutating func checkField(_ field: AssignmentField, _ keyNode: Node, _ kind: Kind?) -> Bool {
        guard let kind else { return true }
        if kind.accepts(field) { return true }
        let owners = Kinds.all.filter { $0.accepts(field) }.map(\.name)
        error("`\(field.rawValue)` is for \(owners.joined(separator: " and ")) assignments; \(kind.name) has no such "
              + "setting", keyNode)
        return false
    }

    mutating func intent(_ node: Node, keyNode: Node, kind: Kind?) -> String? {
        guard let text = string(node, "`intent`") else { return nil }
        guard let kind else { return text }
        guard let rule = kind.intent else {
            error("\(kind.name) assignments have no intent; remove `intent`", keyNode)
            return nil
        }
        guard rule.values.contains(text) else {
            var message = "'\(Self.abbreviate(text))' is not an intent of \(kind.name); use one of: "
                + rule.values.joined(separator: ", ")
            if let best = Suggestions.best(for: text, among: rule.values) { message = "'\(Self.abbreviate(text))' is not an intent of \(kind.name); did you mean '\(best)'?" }
            error(message, node)
            return nil
        }
        return text
    }

    mutating func filter(_ node: Node) -> FilterReference? {
        guard let pairs = mapping(node, "`filter`", allowed: KeyTable.filter) else { return nil }
        guard let first = pairs.first else {
            error("`filter` needs `include:` or `exclude:` with the filter, e.g. { include: corporate }", node)
            return nil
        }
        if pairs.count > 1 {
            error("a filter either includes or excludes; give `include` or `exclude`, not both", pairs[1].keyNode)
            return nil
        }
        guard let reference = reference(first.value, "the filter", aliasSection: "filters") else { return nil }
        return FilterReference(mode: FilterMode(rawValue: first.key)!, filter: reference)
    }

    mutating func settings(_ node: Node) -> JSONValue? {
        guard document.kind(node) == .mapping else {
            error("`settings` must be a mapping with an `@odata.type`, not \(describe(node))", node)
            return nil
        }
        guard case let .object(pairs) = json(node) else { return nil }
        guard let typePair = document.pairs(node).first(where: { document.string($0.key) == "@odata.type" }) else {
            error("`settings` needs `@odata.type`, such as '#microsoft.graph.win32LobAppAssignmentSettings'", node)
            return nil
        }
        guard case let .string(written)? = scalar(typePair.value),
              let canonical = AppAssignmentSettings.canonicalType(written)
        else {
            error("unknown app assignment settings type \(describe(typePair.value)); use one of the "
                  + "#microsoft.graph.*AppAssignmentSettings types listed in the README", typePair.value)
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
                if case let .string(name)? = scalar(key) {
                    pairs.append((name, json(value, strictKeys: strictKeys)))
                } else if !strictKeys {
                    let text = document.kind(key) == .scalar ? document.string(key) : json(key, strictKeys: false).serialized()
                    pairs.append((text, json(value, strictKeys: false)))
                } else {
                    error("keys in `settings` must be strings, not \(describe(key))", key)
                }
            }
            return .object(pairs)
        case .scalar:
            switch scalar(node) {
            case .null, nil: return .null
            case let .bool(value): return .bool(value)
            case let .int(value): return .int(value)
            case let .float(value):
                if !value.isFinite, strictKeys {
                    error("\(document.string(node)) is not a number JSON can carry; Graph settings take finite numbers",
                          node)
                }
                return .double(value)
            case let .string(value): return .string(value)
            }
        }
    }

    mutating func runSchedule(_ node: Node) -> RunSchedule? {
        guard let pairs = mapping(node, "`runSchedule`", allowed: KeyTable.runSchedule) else { return nil }
        let value = { (key: String) in pairs.first { $0.key == key } }
        guard let typePair = value("type") else {
            error("`runSchedule` needs `type`: one of \(ManifestKeys.runScheduleTypes.joined(separator: ", "))", node)
            return nil
        }
        guard let typeText = string(typePair.value, "the schedule `type`") else { return nil }
        guard let frequency = RunSchedule.Frequency(rawValue: typeText) else {
            error("schedule type '\(Self.abbreviate(typeText))' is unknown; use one of: "
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

    static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) })
        else { return false }
        let numbers = parts.map { Int($0)! }
        return numbers[0] < 24 && numbers[1] < 60 && (numbers.count == 2 || numbers[2] < 60)
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { return false }
        let month = Int(parts[1])!, day = Int(parts[2])!
        return (1...12).contains(month) && (1...31).contains(day)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension ManifestDecoder {
    /// The whole document as JSON, scalars read exactly as the decoder reads them: what a JSON Schema
    /// validator should see of this file.
    public static func json(_ document: YAMLDocument) -> JSONValue {
        var decoder = ManifestDecoder(document: document)
        guard let root = document.root else { return .null }
        return decoder.json(root, strictKeys: false)
    }
}

