public import IntuneAssignCore

/// `intune-assign usage` in its three formats: text for a terminal, markdown for a pull request or a ticket, and
/// versioned JSON for scripts. Names from Graph are shown sanitised, as in plans.
public enum UsageRenderer {
    /// The JSON format's version.
    public static let formatVersion = 1

    /// `group "IT Pilot" (3f1d…)`, `All users`.
    static func subject(_ report: UsageReport) -> String {
        switch report.subject {
        case .group(let id): "group \(report.name.map(PlanWords.quoted) ?? "(no name)") (\(id))"
        default: report.subject.words(quotedName: nil)
        }
    }

    /// How an entry targets the subject: `include, intent required, filter include "Corporate"`.
    static func how(_ entry: UsageEntry, _ report: UsageReport) -> String {
        if let access = entry.access { return access }
        var words = entry.excludes ? "exclude" : "include"
        if let intent = entry.intent, entry.kind.intent != nil { words += ", intent \(intent)" }
        if let filter = entry.filter {
            words +=
                ", filter \(filter.mode.rawValue) "
                + (report.filterNames[filter.id].map(PlanWords.quoted) ?? filter.id.description)
        }
        if let set = entry.policySet { words += ", from policy set \(set)" }
        if let type = entry.unmodelled {
            words += ", a \(Printable.line(type, limit: 100)) target intune-assign does not model (kept as it is)"
        }
        return words
    }

    /// What the manifests make of it, in words.
    static func words(_ status: UsageEntry.ManifestStatus) -> String {
        switch status {
        case .notOwned: "not in the manifests"
        case .kept: "in the manifests, kept"
        case .updated(let reasons): "in the manifests, changed by the plan: " + PlanWords.reasons(reasons)
        case .removed: "in the manifests, removed by the plan"
        case .added: "added by the plan (not in the tenant yet)"
        case .inherited: "inherited from a policy set; the manifests do not change it"
        }
    }

    /// The status's JSON word.
    static func statusWord(_ status: UsageEntry.ManifestStatus) -> String {
        switch status {
        case .notOwned: "not_owned"
        case .kept: "kept"
        case .updated: "update"
        case .removed: "remove"
        case .added: "add"
        case .inherited: "inherited"
        }
    }

    /// The summary sentence of one report: what the tenant holds now, and what the manifests would add.
    static func summary(_ report: UsageReport) -> String {
        let read = PlanWords.count(report.configurationsRead, "configuration")
        let subject = subject(report)
        let capital = subject.prefix(1).uppercased() + subject.dropFirst()
        let added = report.entries.count - report.current.count
        let adding = added == 0 ? "" : " The plan of the manifests adds \(added) more."
        guard !report.isUnused else {
            return "\(capital) is used by none of the \(read) read (\(report.kinds.count) kinds): no Intune assignment "
                + "targets it." + adding
        }
        let includes = report.current.count { !$0.excludes }
        let excludes = report.current.count - includes
        let configurations = Set(report.current.map { "\($0.kind.name)/\($0.id)" }).count
        return "\(capital) is used by \(configurations) of the \(read) read: \(includes) "
            + "\(includes == 1 ? "include" : "includes"), \(excludes) \(excludes == 1 ? "exclusion" : "exclusions")."
            + adding
    }

    /// Text: one line per assignment, then what the manifests make of it.
    public static func text(_ reports: [UsageReport]) -> String {
        reports.map { report in
            var out = summary(report) + "\n"
            for entry in report.entries {
                out +=
                    "  \(entry.kind.name) \(PlanWords.quoted(entry.displayName)) (\(entry.id)): \(how(entry, report))"
                if let status = entry.manifests { out += " — \(words(status))" }
                out += "\n"
            }
            return out
        }.joined(separator: "\n")
    }

    /// Markdown: a heading and a table per subject.
    public static func markdown(_ reports: [UsageReport]) -> String {
        let renderer = PlanMarkdownRenderer()
        return reports.map { report in
            var out = "### Usage of \(renderer.escape(subject(report)))\n\n\(renderer.escape(summary(report)))\n"
            guard !report.isUnused else { return out }
            out += "\n| Configuration | Kind | Assignment |" + (report.withManifests ? " Manifests |" : "") + "\n"
            out += "|---|---|---|" + (report.withManifests ? "---|" : "") + "\n"
            for entry in report.entries {
                out +=
                    "| \(renderer.escape(entry.displayName)) | \(entry.kind.name) | "
                    + "\(renderer.escape(how(entry, report))) |"
                if let status = entry.manifests { out += " \(renderer.escape(words(status))) |" }
                out += "\n"
            }
            return out
        }.joined(separator: "\n")
    }

    /// Versioned JSON.
    public static func json(_ reports: [UsageReport]) -> String {
        let root: JSONValue = .object([
            ("format_version", .int(formatVersion)), ("subjects", .array(subjects(reports))),
        ])
        return root.serialized(pretty: true) + "\n"
    }

    /// The JSON of each report (the `subjects` of `json`).
    public static func subjects(_ reports: [UsageReport]) -> [JSONValue] {
        reports.map { report -> JSONValue in
            var subject: [(key: String, value: JSONValue)] = []
            switch report.subject {
            case .group(let id):
                subject = [("type", "group"), ("id", .string(id.description))]
                if let name = report.name { subject.append(("name", .string(name))) }
            default: subject = [("type", .string(report.subject.type.manifestKey))]
            }
            let entries = report.entries.map { entry -> JSONValue in
                var pairs: [(key: String, value: JSONValue)] = [
                    ("kind", .string(entry.kind.name)), ("id", .string(entry.id.description)),
                    ("display_name", .string(entry.displayName)),
                    ("assignment", .string(entry.excludes ? "exclude" : "include")),
                    ("intent", entry.intent.map(JSONValue.string) ?? .null),
                ]
                if let filter = entry.filter {
                    var filterPairs: [(key: String, value: JSONValue)] = [
                        ("mode", .string(filter.mode.rawValue)), ("id", .string(filter.id.description)),
                    ]
                    if let name = report.filterNames[filter.id] { filterPairs.append(("name", .string(name))) }
                    pairs.append(("filter", .object(filterPairs)))
                } else {
                    pairs.append(("filter", .null))
                }
                pairs.append(("policy_set", entry.policySet.map(JSONValue.string) ?? .null))
                if let type = entry.unmodelled { pairs.append(("unmodelled_target", .string(type))) }
                if let access = entry.access { pairs.append(("access", .string(access))) }
                if let status = entry.manifests {
                    var manifest: [(key: String, value: JSONValue)] = [("status", .string(statusWord(status)))]
                    if case .updated(let reasons) = status {
                        manifest.append(("reasons", .array(reasons.map(JSONValue.string))))
                    }
                    pairs.append(("manifests", .object(manifest)))
                }
                return .object(pairs)
            }
            return .object([
                ("subject", .object(subject)), ("unused", .bool(report.isUnused)),
                ("configurations_read", .int(report.configurationsRead)),
                ("kinds_read", .array(report.kinds.map { .string($0.name) })),
                ("used_by", .array(entries)),
            ])
        }
    }
}

/// What one fleet tenant's usage came to: its reports and the subjects it does not know, or why it failed.
public enum FleetUsage: Sendable {
    case reported([UsageReport], unknown: [String])
    case failed(String)
}

extension UsageRenderer {
    /// Each tenant's usage under its name, in the order given: text sections, markdown sections, or one JSON
    /// document with a `tenants` list.
    public static func fleet(_ usages: [(String, FleetUsage)], style: RenderedUsageView.Style) -> String {
        switch style {
        case .json:
            let tenants = usages.map { name, usage -> JSONValue in
                switch usage {
                case .reported(let reports, let unknown):
                    return .object([
                        ("name", .string(name)), ("subjects", .array(subjects(reports))),
                        ("unknown", .array(unknown.map(JSONValue.string))),
                    ])
                case .failed(let reason): return .object([("name", .string(name)), ("error", .string(reason))])
                }
            }
            let root: JSONValue = .object([("format_version", .int(formatVersion)), ("tenants", .array(tenants))])
            return root.serialized(pretty: true) + "\n"
        case .text, .markdown:
            let escaper = PlanMarkdownRenderer(limit: 65_536)
            return usages.map { name, usage in
                var text = style == .markdown ? "### \(escaper.escape(name))\n\n" : "== \(name) ==\n"
                switch usage {
                case .reported(let reports, let unknown):
                    text += style == .markdown ? markdown(reports) : self.text(reports)
                    if !unknown.isEmpty { text += "Unknown groups:\n" + unknown.map { "  \($0)\n" }.joined() }
                case .failed(let reason): text += "failed: \(reason)\n"
                }
                return text
            }.joined(separator: "\n")
        }
    }
}
