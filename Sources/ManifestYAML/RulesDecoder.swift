public import IntuneAssignCore

/// Reads `rules.yaml` (`schemas/rules.schema.json`): every problem at its place, as manifests are read.
///
/// ```yaml
/// version: 1
/// rules:
///   - name: Break-glass accounts are excluded from compliance
///     select: { kinds: [deviceCompliancePolicy], names: ["Windows *"], sets: [standard] }
///     require:
///       - exclude: break-glass
///     forbid:
///       - allDevices: { filter: none }
///       - allUsers: { intent: required }
/// ```
public enum RulesDecoder {
    /// The keys of each part.
    enum Keys {
        static let top = KeyTable(["version", "rules"])
        static let rule = KeyTable(["name", "select", "require", "forbid"])
        static let select = KeyTable(["kinds", "names", "sets"])
        static let match = KeyTable(["group", "exclude", "allUsers", "allDevices", "collection", "intent", "filter"])
        static let inner = KeyTable(["intent", "filter"])
    }

    /// The rules of one file, or `nil` with the diagnostics that stop them.
    public static func load(file: String, bytes: [UInt8]) -> (rules: RuleSet?, diagnostics: [Diagnostic]) {
        let (document, problems) = YAMLReader.read(file: file, bytes: bytes)
        guard let document else { return (nil, problems) }
        var decoder = ManifestDecoder(document: document)
        let rules = decoder.ruleSet()
        let all = problems + decoder.diagnostics.all
        return (all.contains { $0.severity == .error } ? nil : rules, all)
    }
}

extension ManifestDecoder {
    /// The whole rules file.
    mutating func ruleSet() -> RuleSet? {
        guard let root = document.root, let pairs = mapping(root, "the rules file", allowed: RulesDecoder.Keys.top)
        else {
            diagnostics.error(
                "the rules file is empty; it starts with `version: 1` and a list under `rules:`",
                at: SourceLocation(file: document.file, line: 1, column: 1))
            return nil
        }
        guard let version = pairs.first(where: { $0.key == "version" }) else {
            error("missing `version`; add `version: 1` at the top of the file", root)
            return nil
        }
        guard let number = integer(version.value, "`version`"), number == 1 else {
            error("rules version must be 1", version.value)
            return nil
        }
        guard let list = pairs.first(where: { $0.key == "rules" }) else {
            error("missing `rules`; list the rules under `rules:`", root)
            return nil
        }
        var rules: [Rule] = []
        var names: [String: SourceLocation] = [:]
        for item in sequence(list.value, "`rules`") ?? [] {
            guard let rule = rule(item) else { continue }
            if let first = names[rule.name] {
                error("a rule named '\(Self.abbreviate(rule.name))' is listed twice (first at \(first))", item)
                continue
            }
            names[rule.name] = document.location(item)
            rules.append(rule)
        }
        return RuleSet(rules: rules)
    }

    /// One rule.
    mutating func rule(_ node: Node) -> Rule? {
        guard let pairs = mapping(node, "a rule", allowed: RulesDecoder.Keys.rule) else { return nil }
        var rule = Rule(name: "", at: document.location(node))
        var named = false
        for (key, keyNode, value) in pairs {
            switch key {
            case "name":
                if let name = string(value, "the rule's `name`") {
                    rule.name = name
                    named = true
                }
            case "select":
                guard let select = mapping(value, "`select`", allowed: RulesDecoder.Keys.select) else { continue }
                for (part, _, list) in select {
                    let items = sequence(list, "`\(part)`") ?? []
                    switch part {
                    case "kinds": rule.kinds = items.compactMap { ruleKind($0) }
                    case "names": rule.names = items.compactMap { string($0, "a name pattern") }
                    default: rule.sets = items.compactMap { string($0, "a set name") }
                    }
                }
            default:
                let matches = (sequence(value, "`\(key)`") ?? []).compactMap { targetMatch($0) }
                if key == "require" { rule.require = matches } else { rule.forbid = matches }
                if matches.isEmpty, document.items(value).isEmpty {
                    error("`\(key)` lists no target; list at least one, or leave the key out", keyNode)
                }
            }
        }
        guard named else {
            error("a rule needs a `name`, which violations quote", node)
            return nil
        }
        if rule.require.isEmpty, rule.forbid.isEmpty {
            error("rule '\(Self.abbreviate(rule.name))' requires and forbids nothing; give `require` or `forbid`", node)
            return nil
        }
        return rule
    }

    /// A kind a rule selects, or an error suggesting the likely one.
    mutating func ruleKind(_ node: Node) -> Kind? {
        guard let name = string(node, "a kind") else { return nil }
        if let kind = Kinds.named(name) { return kind }
        let hint =
            Kinds.suggestions(for: name).first.map { "; did you mean '\($0)'?" } ?? "; the kinds are in docs/kinds.md"
        error("unknown kind '\(Self.abbreviate(name))'\(hint)", node)
        return nil
    }

    /// One target a rule requires or forbids.
    mutating func targetMatch(_ node: Node) -> TargetMatch? {
        guard let pairs = mapping(node, "a target of a rule", allowed: RulesDecoder.Keys.match) else { return nil }
        let targets = pairs.filter { !["intent", "filter"].contains($0.key) }
        guard let first = targets.first else {
            error("name the target: one of group, exclude, allUsers, allDevices, collection", node)
            return nil
        }
        if targets.count > 1 {
            error("one target per entry; `\(targets[1].key)` belongs in an entry of its own", targets[1].keyNode)
        }
        var options = pairs.filter { ["intent", "filter"].contains($0.key) }
        let target: Target
        switch first.key {
        case "group", "exclude":
            guard let reference = reference(first.value, "`\(first.key)`", aliasSection: "groups") else { return nil }
            target = first.key == "group" ? .group(reference) : .exclusionGroup(reference)
        case "collection":
            guard let id = string(first.value, "`collection`") else { return nil }
            target = .collection(id.uppercased())
        default:
            target = first.key == "allUsers" ? .allUsers : .allDevices
            if document.kind(first.value) == .mapping {
                options += mapping(first.value, "`\(first.key)`", allowed: RulesDecoder.Keys.inner) ?? []
            } else if !scalarIsNull(first.value) {
                error("`\(first.key)` takes {} or { intent: …, filter: none|any }", first.value)
            }
        }
        var match = TargetMatch(target: target, at: document.location(node))
        for (key, _, value) in options {
            guard let text = string(value, "`\(key)`") else { continue }
            if key == "intent" {
                match.intent = text
            } else if let condition = TargetMatch.FilterCondition(rawValue: text) {
                match.filter = condition
            } else {
                error("`filter` in a rule is none or any, not '\(Self.abbreviate(text))'", value)
            }
        }
        return match
    }
}
