public import GraphClient
public import IntuneAssignCore

/// `check --field-report FILE`: read-only probes of the facts the registry rests on with thin evidence
/// (docs/field-evidence.md), answered by the user's tenant, in a file safe to attach to a public issue. It holds
/// property names, counts, booleans and status codes only: never a display name, an id, a GUID, an error message or
/// anything that names the tenant. Every property name goes through `safeName` before it is kept.
public enum FieldReport {
    /// The report format's version.
    public static let formatVersion = 1
    /// How many configurations a list probe asks for.
    static let probeTop = 5

    /// Probes every kind and Multi Admin Approval's routes, and returns the report.
    ///
    /// Per kind: the list with `$select` and `$expand=assignments` (status, items, how many carried `assignments`),
    /// the same without `$select`, the default page (its size, whether it links on), and for the first
    /// configuration `GET {id}/assignments` and `GET {id}?$expand=assignments` (status, how many assignments, whether
    /// the property came back); the property names of assignments and targets, and the target types seen.
    public static func make(
        _ graph: IntuneGraph, kinds: [Kind], toolVersion: String, auditSince: String
    ) async throws(GraphError)
        -> JSONValue
    {
        let session = graph.session
        var lists: [BatchRequest] = []
        for (index, kind) in kinds.enumerated() {
            let select = kind.listSelect.joined(separator: ",")
            // A kind that lives under parents is listed by its parents' collection (the items are under each).
            let collection = kind.graph.parent.flatMap { $0.nestedItems ? $0.path : nil } ?? kind.collectionPath
            lists.append(
                BatchRequest(
                    id: "\(index).expand",
                    url: "\(collection)?$select=\(select)&$expand=assignments&$top=\(probeTop)"))
            lists.append(
                BatchRequest(id: "\(index).expandAll", url: "\(collection)?$expand=assignments&$top=\(probeTop)"))
            lists.append(BatchRequest(id: "\(index).page", url: "\(collection)?$select=id"))
        }
        let listed = try await session.batch(lists, concurrency: graph.concurrency)
        // The first configuration of each kind, for the item probes; its id is used, never kept.
        var items: [BatchRequest] = []
        for (index, kind) in kinds.enumerated() {
            let values = [listed["\(index).page"], listed["\(index).expand"]].compactMap { answer -> [JSONValue]? in
                guard answer?.status == 200, case .array(let values)? = answer?.body?["value"] else { return nil }
                return values
            }
            guard let id = values.lazy.compactMap({ $0.first?["id"]?.stringValue }).first,
                let key = ConfigurationID(id, form: kind.idForm)
            else { continue }
            let path = kind.itemPath(key)
            items.append(BatchRequest(id: "\(index).perItem", url: "\(path)/assignments"))
            items.append(BatchRequest(id: "\(index).itemExpand", url: "\(path)?$expand=assignments"))
        }
        let itemAnswers = try await session.batch(items, concurrency: graph.concurrency)

        let entries = kinds.enumerated().map { index, kind in
            entry(kind, listed: { listed["\(index).\($0)"] }, items: { itemAnswers["\(index).\($0)"] })
        }

        // Multi Admin Approval: the documented collection and function, and the property names of one request.
        let approvals = try await session.batch(
            [
                BatchRequest(id: "list", url: "/deviceManagement/operationApprovalRequests?$top=1"),
                BatchRequest(id: "mine", url: "/deviceManagement/operationApprovalRequests/retrieveMyRequests()"),
            ], concurrency: 1)
        var requestProperties: [String] = []
        if case .object(let pairs)? = values(approvals["list"]).first {
            requestProperties = pairs.map(\.key).compactMap(safeName).sorted()
        }
        return .object([
            ("format_version", .int(formatVersion)), ("tool_version", .string(toolVersion)),
            ("cloud", .string(session.cloud.name)),
            (
                "note",
                .string(
                    "Property names, counts, booleans and status codes only: no names, ids or tenant identifiers. "
                        + "What each line settles: docs/field-evidence.md.")
            ),
            ("kinds", .array(entries)),
            (
                "operationApprovalRequests",
                probe(
                    approvals["list"],
                    extra: [
                        ("requests", .int(values(approvals["list"]).count)),
                        ("requestProperties", .array(requestProperties.map(JSONValue.string))),
                    ])
            ),
            ("retrieveMyRequests", probe(approvals["mine"])),
            ("auditEvents", try await auditLog(session, since: auditSince)),
            ("deviceGroups", try await deviceGroups(session)),
            ("roleAssignments", try await roleAssignments(session)),
        ])
    }

    /// One kind's line of the report, from the answers to its probes (by probe name: `expand`, `expandAll`,
    /// `page`; `perItem`, `itemExpand`).
    static func entry(
        _ kind: Kind, listed: (String) -> BatchResponse?, items: (String) -> BatchResponse?
    ) -> JSONValue {
        var names = Names()
        let expand = listed("expand")
        let expandItems = values(expand)
        for item in expandItems { names.add(item["assignments"]) }
        let perItem = items("perItem")
        names.add(perItem?.body?["value"])
        let itemExpand = items("itemExpand")
        names.add(itemExpand?.body?["assignments"])
        let page = listed("page")
        var entry: [(key: String, value: JSONValue)] = [
            ("kind", .string(kind.name)),
            ("readProfile", .string(kind.read.assignments.rawValue)),
            ("writeStyle", .string(kind.write.style.rawValue)),
            (
                "listExpand",
                probe(
                    expand,
                    extra: [
                        ("items", .int(expandItems.count)),
                        ("itemsWithAssignments", .int(expandItems.count { $0["assignments"] != nil })),
                        ("assignments", .int(expandItems.reduce(0) { $0 + count($1["assignments"]) })),
                        (
                            "assignmentsNextLinks",
                            .int(expandItems.count { $0["assignments@odata.nextLink"] != nil })
                        ),
                    ])
            ),
            ("listExpandWithoutSelect", probe(listed("expandAll"))),
            (
                "defaultPage",
                probe(
                    page,
                    extra: [
                        ("size", .int(values(page).count)),
                        ("hasNextLink", .bool(page?.body?["@odata.nextLink"] != nil)),
                    ])
            ),
        ]
        if let perItem {
            entry.append(("perItem", probe(perItem, extra: [("assignments", .int(values(perItem).count))])))
        }
        if let itemExpand {
            entry.append(
                (
                    "itemExpand",
                    probe(
                        itemExpand,
                        extra: [
                            ("carriedAssignments", .bool(itemExpand.body?["assignments"] != nil)),
                            ("assignments", .int(count(itemExpand.body?["assignments"]))),
                        ])
                ))
        }
        entry += names.report
        return .object(entry)
    }

    /// A probe's status, and Graph's error code when it failed (a code, never the message, which may name things).
    static func probe(_ answer: BatchResponse?, extra: [(key: String, value: JSONValue)] = []) -> JSONValue {
        guard let answer else { return .object([("status", .null)]) }
        var pairs: [(key: String, value: JSONValue)] = [("status", .int(answer.status))]
        if answer.status != 200 {
            let code = answer.body?["error"]?["code"]?.stringValue.flatMap(safeCode)
            pairs.append(("errorCode", code.map(JSONValue.string) ?? .null))
            return .object(pairs)
        }
        return .object(pairs + extra)
    }

    /// The `value` list of an answer.
    static func values(_ answer: BatchResponse?) -> [JSONValue] {
        guard answer?.status == 200, case .array(let values)? = answer?.body?["value"] else { return [] }
        return values
    }

    /// How many items a list holds (0 for anything else).
    static func count(_ value: JSONValue?) -> Int {
        guard case .array(let values)? = value else { return 0 }
        return values.count
    }

    /// A property or type name fit for a public report: letters, digits and `@#._-`, at most 100 characters, and
    /// nothing that looks like an id (eight or more hexadecimal digits in a row, as every GUID has).
    public static func safeName(_ name: String) -> String? {
        guard !name.isEmpty, name.count <= 100,
            name.unicodeScalars.allSatisfy({
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "@#._-".unicodeScalars.contains($0))
            })
        else { return nil }
        var run = 0
        for scalar in name.unicodeScalars {
            run = scalar.properties.isASCIIHexDigit ? run + 1 : 0
            if run >= 8 { return nil }
        }
        return name
    }

    /// A Graph error code fit for the report: a safe name, or the route-template code Graph spells with spaces.
    static func safeCode(_ code: String) -> String? {
        code == "No method match route template" ? code : safeName(code)
    }

    /// The property names of assignments and their targets, and the target types, gathered across probes.
    struct Names {
        var assignment = Set<String>()
        var target = Set<String>()
        var targetTypes = Set<String>()

        /// Adds what a list of assignments shows.
        mutating func add(_ list: JSONValue?) {
            guard case .array(let values)? = list else { return }
            for value in values {
                guard case .object(let pairs) = value else { continue }
                assignment.formUnion(pairs.map(\.key).compactMap(FieldReport.safeName))
                if case .object(let targetPairs)? = value["target"] {
                    target.formUnion(targetPairs.map(\.key).compactMap(FieldReport.safeName))
                }
                if let type = value["target"]?["@odata.type"]?.stringValue.flatMap(FieldReport.safeName) {
                    targetTypes.insert(type)
                }
            }
        }

        /// The names as report lines.
        var report: [(key: String, value: JSONValue)] {
            [
                ("assignmentProperties", .array(assignment.sorted().map(JSONValue.string))),
                ("targetProperties", .array(target.sorted().map(JSONValue.string))),
                ("targetTypes", .array(targetTypes.sorted().map(JSONValue.string))),
            ]
        }
    }
}
